extension CatalogRows {
    /// By oid: schema, name, and `schema.name` (one string for all of a table's columns, indexes and constraints).
    typealias RelationNames = IntegerMap<UInt32, (schema: String, name: String, qualified: String)>

    /// Completes what the big queries read by oid: each column's, index's and constraint's `schema` and
    /// `table` (from `tables`, which also get their parents from `inherits`, and partitions and materialized
    /// views for their own indexes and constraints); a column's type collation and domain flag (`types`), its
    /// collation when not its type's (`collations`, unquoted as `nspname.collname`, bare in pg_catalog), its
    /// type's name when the query left it to the client
    /// (`CatalogQueries.builtinTypeNames`) and its default or generation expression (`defaults`). A row already
    /// named (hand-written rows in tests) is left alone; one whose relation was not read is dropped — within one
    /// snapshot there is none. Returns the names by oid, for `DefinitionRenderer`.
    @discardableResult
    mutating func nameRelations() -> RelationNames {
        var relations = RelationNames(capacity: tables.count + partitions.count + views.count)
        eachRelation { oid, schema, name in relations[oid] = (schema, name, SchemaBuilder.qualify(schema, name)) }
        for i in tables.indices where tables[i].inherits == nil {
            if !inherits.isEmpty, let parents = inherits[tables[i].oid] { tables[i].inherits = parents }
        }
        inherits = IntegerMap()
        let collations = lookups.collations, types = lookups.types
        var builtinTypes = IntegerMap<UInt32, String>(capacity: CatalogQueries.builtinTypeNames.count)
        for oid in CatalogQueries.builtinTypeNames.keys {
            builtinTypes[oid] = CatalogQueries.builtinTypeName(oid, quoteAll: lookups.quoteAll)
        }
        // A table's columns come together: its names are looked up once for them all. A row left unnamed (its
        // relation was not read) is dropped afterwards.
        var unnamed = false
        var relid = UInt32.max, relation: (schema: String, name: String, qualified: String)? = nil
        for i in columns.indices where columns[i].schema.isEmpty {
            if columns[i].relid != relid {
                relid = columns[i].relid
                relation = relations[relid]
            }
            guard let relation else { unnamed = true; continue }
            columns[i].schema = relation.schema
            columns[i].table = relation.name
            columns[i].parent = relation.qualified
            if columns[i].type.isEmpty { columns[i].type = builtinTypes[columns[i].typeOID] ?? "" }
            if let type = types[columns[i].typeOID] {
                columns[i].typeCollationOID = type.collation
                columns[i].typeIsDomain = type.domain
            }
            let collationOID = columns[i].collationOID
            if columns[i].collation == nil, collationOID != 0, collationOID != columns[i].typeCollationOID,
               let collation = collations[collationOID] {
                columns[i].collation = collation.schema.map { $0 + "." + collation.name } ?? collation.name
            }
            if !defaults.isEmpty, let expression = defaults[Self.columnKey(columns[i].relid, columns[i].attnum)] {
                switch columns[i].generation {
                case 0: columns[i].defaultExpression = expression
                case UInt8(ascii: "s"): columns[i].generated = expression
                default: break
                }
            }
        }
        defaults = IntegerMap()
        if unnamed { columns.removeAll { $0.schema.isEmpty } }
        Self.name(&indexes, from: relations)
        Self.name(&constraints, from: relations)
        return relations
    }

    /// Names each row not yet named from its table; drops those whose table was not read.
    private static func name<Row: RelationChild>(_ rows: inout [Row], from relations: RelationNames) {
        var unnamed = false
        for i in rows.indices where rows[i].schema.isEmpty {
            guard let relation = relations[rows[i].relid] else { unnamed = true; continue }
            (rows[i].schema, rows[i].table, rows[i].parent) = relation
        }
        if unnamed { rows.removeAll { $0.schema.isEmpty } }
    }

    /// The relations others are named from by oid: tables, partitions, materialized views.
    func eachRelation(_ body: (_ oid: UInt32, _ schema: String, _ name: String) -> Void) {
        for t in tables { body(t.oid, t.schema, t.name) }
        for p in partitions { body(p.oid, p.schema, p.name) }
        for v in views where v.materialized { body(v.oid, v.schema, v.name) }
    }
}

/// A row read by its table's oid and named from it (`nameRelations`).
protocol RelationChild {
    var schema: String { get set }
    var table: String { get set }
    var parent: String { get set }
    var relid: UInt32 { get }
}

extension CatalogRows.Index: RelationChild {}
extension CatalogRows.Constraint: RelationChild {}
