/// Renders index and primary key / unique / foreign key definitions from raw catalog fields, as
/// `pg_get_indexdef` / `pg_get_constraintdef` print them under `search_path = ''` (ruleutils.c,
/// PostgreSQL 11–17): the server's own functions cost a relcache open or several catalog look-ups per
/// object, the slowest part of introspecting a big schema. Whatever this cannot render with certainty
/// (a domain column, an unusual default operator class, a name outside the comparison) is left to the
/// server in one follow-up query (`resolve`). `DefinitionRendererTests` compare both renderings.
struct DefinitionRenderer {
    private let lookups: CatalogRows.RenderLookups
    /// `schema.name` of each relation, quoted once (thousands of definitions print the same few thousand).
    private let quotedRelations: IntegerMap<UInt32, String>
    /// The columns as read, found by table and attnum through `slots`.
    private let columns: [CatalogRows.Column]
    private let slots: ColumnSlots
    /// `method << 32 | input type` of every default operator class.
    private let exactDefaults: Set<UInt64>
    /// Partitioned tables, by oid (their indexes print `ON ONLY`).
    let partitioned: Set<UInt32>

    /// A column as definitions print and check it (made when looked up).
    struct Column {
        /// `quote_identifier` of the name.
        let quoted: String
        let typeOID, collationOID: UInt32
        let typeIsDomain: Bool
    }

    init(_ rows: CatalogRows, relations: CatalogRows.RelationNames) {
        lookups = rows.lookups
        var quoted = IntegerMap<UInt32, String>(capacity: relations.count)
        relations.forEach { oid, relation in
            quoted[oid] = Self.quote(relation.schema, rows.lookups) + "." + Self.quote(relation.name, rows.lookups)
        }
        quotedRelations = quoted
        columns = rows.columns
        slots = ColumnSlots(rows.columns)
        exactDefaults = Set(rows.lookups.opclasses.values.filter(\.isDefault).map { UInt64($0.method) << 32 | UInt64($0.inputType) })
        partitioned = Set(rows.relationSet.partitioned)
    }

    func accessMethod(_ oid: UInt32) -> (name: String, canOrder: Bool)? { lookups.accessMethods[oid] }

    /// Fills every definition the server left empty; returns the oids of indexes and constraints it could not render.
    /// Names the rows read by oid first (`nameRelations`).
    static func render(_ rows: inout CatalogRows) -> (indexes: [UInt32], constraints: [UInt32]) {
        let relations = rows.nameRelations()
        let renderer = DefinitionRenderer(rows, relations: relations)
        var leftIndexes: [UInt32] = [], leftConstraints: [UInt32] = []
        for i in rows.indexes.indices {
            guard let key = rows.indexes[i].key else { continue }
            rows.indexes[i].key = nil
            if let text = renderer.index(rows.indexes[i].name, schema: rows.indexes[i].schema, table: rows.indexes[i].table, key) {
                rows.indexes[i].definition = text
            } else {
                leftIndexes.append(rows.indexes[i].oid)
            }
        }
        for i in rows.constraints.indices {
            guard let key = rows.constraints[i].key else { continue }
            rows.constraints[i].key = nil
            if let text = renderer.constraint(rows.constraints[i].type, key) {
                rows.constraints[i].definition = text
            } else {
                leftConstraints.append(rows.constraints[i].oid)
            }
        }
        return (leftIndexes, leftConstraints)
    }

    /// `render`, then the server's text for what is left, in the same snapshot (before COMMIT).
    static func resolve(_ rows: inout CatalogRows, on conn: PGConnection) throws {
        let left = render(&rows)
        guard !left.indexes.isEmpty || !left.constraints.isEmpty else { return }
        let result = try conn.query(CatalogQueries.leftoverDefinitions,
                                    [CatalogReaders.oidArray(left.indexes), CatalogReaders.oidArray(left.constraints)])
        var indexes: [UInt32: String] = [:], constraints: [UInt32: String] = [:]
        for i in 0..<result.rowCount {
            if result.text(i, 0) == "i" { indexes[result.oid(i, 1)] = result.text(i, 2) }
            else { constraints[result.oid(i, 1)] = result.text(i, 2) }
        }
        for i in rows.indexes.indices { if let d = indexes[rows.indexes[i].oid] { rows.indexes[i].definition = d } }
        for i in rows.constraints.indices { if let d = constraints[rows.constraints[i].oid] { rows.constraints[i].definition = d } }
    }

    /// `quote_identifier`: as is when only lower-case letters, digits and `_` (not first a digit) and not a
    /// keyword other than an unreserved one; otherwise double-quoted with `"` doubled.
    func quote(_ ident: String) -> String { Self.quote(ident, lookups) }

    private static func quote(_ ident: String, _ lookups: CatalogRows.RenderLookups) -> String {
        var safe = !lookups.quoteAll
        var first = true, digits = false, length = 0
        for b in ident.utf8 {
            let lower = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"), under = b == UInt8(ascii: "_")
            let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            if !(lower || under || (digit && !first)) { safe = false; break }
            first = false
            digits = digits || digit
            length += 1
        }
        if first { safe = false }  // empty
        if safe {
            let mayBeKeyword = length <= lookups.keywordMaxLength && (!digits || lookups.keywordsHaveDigits)
            if !mayBeKeyword || !lookups.keywords.contains(ident) { return ident }
        }
        var out = "\""
        for ch in ident.unicodeScalars {
            if ch == "\"" { out.append("\"") }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }

    /// `schema.name` when the object is outside pg_catalog (the only schema visible with an empty search_path).
    private func qualified(_ schema: String?, _ name: String) -> String {
        schema.map { quote($0) + "." + quote(name) } ?? quote(name)
    }

    func lookupCollation(_ oid: UInt32) -> String? {
        lookups.collations[oid].map { qualified($0.schema, $0.name) }
    }

    func lookupOpclass(_ oid: UInt32) -> CatalogRows.RenderLookups.Opclass? { lookups.opclasses[oid] }

    func lookupOperator(_ oid: UInt32) -> (name: String, left: UInt32, right: UInt32)? { lookups.operators[oid] }

    func opclassName(_ opc: CatalogRows.RenderLookups.Opclass) -> String { qualified(opc.schema, opc.name) }

    /// A user table's qualified name (`generate_relation_name`: never visible with an empty search_path).
    func relationName(_ oid: UInt32) -> String? { quotedRelations[oid] }

    func column(_ relid: UInt32, _ attnum: Int16) -> Column? {
        guard let i = slots[relid, attnum] else { return nil }
        // Field by field: a copy of the whole row would retain each of its strings.
        return Column(quoted: quote(columns[i].name), typeOID: columns[i].typeOID,
                      collationOID: columns[i].collationOID, typeIsDomain: columns[i].typeIsDomain)
    }

    /// Appends the quoted column names joined with ", " (`decompile_column_index_array`); false when one is unknown.
    func appendNames(_ relid: UInt32, _ attnums: some Sequence<Int16>, to out: inout String) -> Bool {
        var first = true
        for a in attnums {
            guard let c = column(relid, a) else { return false }
            if !first { out += ", " }
            first = false
            out += c.quoted
        }
        return true
    }

    /// Whether `GetDefaultOpClass(column type, method)` is this class (then its name is not printed);
    /// nil when that cannot be told from the lookups.
    func isDefault(_ opc: CatalogRows.RenderLookups.Opclass, for col: Column) -> Bool? {
        guard opc.isDefault else { return false }
        if col.typeIsDomain { return nil }
        if opc.inputType == col.typeOID { return true }
        if exactDefaults.contains(UInt64(opc.method) << 32 | UInt64(col.typeOID)) { return false }
        if opc.polymorphic || lookups.binaryCasts.contains(UInt64(col.typeOID) << 32 | UInt64(opc.inputType)) { return true }
        return nil
    }
}
