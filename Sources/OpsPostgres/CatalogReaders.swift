/// Each catalog query paired with the code that turns its rows into `CatalogRows` (column order is the
/// query's), and the split of the queries between two connections for big schemas.
enum CatalogReaders {
    struct Reader: Sendable {
        /// The query for a server version (`PQserverVersion`): some catalog columns are version-specific.
        let sql: @Sendable (Int) -> String
        let read: @Sendable (PGResult, inout CatalogRows) -> Void
        /// Copies this reader's field from rows read on another connection.
        let merge: @Sendable (CatalogRows, inout CatalogRows) -> Void
        /// The relation sets its `$1`, `$2`, … are (`restricted`), on servers that take them.
        var groups: [CatalogRows.RelationSet.Group] = []

        init(sql: @escaping @Sendable (Int) -> String, read: @escaping @Sendable (PGResult, inout CatalogRows) -> Void,
             merge: @escaping @Sendable (CatalogRows, inout CatalogRows) -> Void) {
            self.sql = sql
            self.read = read
            self.merge = merge
        }

        /// This reader with `$1`, `$2`, … the oids of these sets of the relations read first, on servers that take
        /// them (`CatalogQueries.restricted`).
        func restricted(to groups: CatalogRows.RelationSet.Group...) -> Reader {
            var reader = self
            reader.groups = groups
            return reader
        }

        init<T>(_ sql: String, _ field: WritableKeyPath<CatalogRows, [T]> & Sendable,
                _ make: @escaping @Sendable (PGResult, Int) -> T) {
            self.init(versioned: { _ in sql }, field, make)
        }

        init<T>(versioned sql: @escaping @Sendable (Int) -> String, _ field: WritableKeyPath<CatalogRows, [T]> & Sendable,
                _ make: @escaping @Sendable (PGResult, Int) -> T) {
            self.sql = sql
            self.read = { result, rows in
                let count = result.rowCount
                var out: [T] = []
                out.reserveCapacity(count)
                for i in 0..<count { out.append(make(result, i)) }
                rows[keyPath: field] = out
            }
            self.merge = { from, rows in rows[keyPath: field] = from[keyPath: field] }
        }
    }

    /// Sends the readers' queries as one pipeline and parses each result as it arrives. Readers restricted to the
    /// relations take their parameters from `rows`: read `first` before them (`readAll`).
    static func read(_ readers: [Reader], on conn: PGConnection, into rows: inout CatalogRows) throws {
        let (readers, statements) = prepare(readers, version: conn.serverVersion, rows: rows)
        try conn.pipeline(statements) { index, result in readers[index].read(result, &rows) }
    }

    /// The readers to send (`needed`) with their statements (`statements`), index for index: what every pipeline
    /// of catalog queries sends.
    static func prepare(_ readers: [Reader], version: Int, rows: CatalogRows)
        -> (readers: [Reader], statements: [(sql: String, params: [String?])]) {
        let sent = needed(readers, rows: rows)
        return (sent, statements(sent, version: version, rows: rows))
    }

    /// The readers whose queries can return a row: one restricted to relations (its first group: the ones it
    /// reads) of which there are none — no partitions, no composite types… — is not sent, and its field stays
    /// empty, as the query would have left it. On every server, so an older one (where the query finds the
    /// relations by a subquery of its own) reads what a newer one does (where they are this set, as `$1`).
    static func needed(_ readers: [Reader], rows: CatalogRows) -> [Reader] {
        readers.filter { reader in reader.groups.first.map { !rows.relationSet.isEmpty($0) } ?? true }
    }

    /// Each reader's query and parameters; a set several queries take (the tables: `columns`, `defaults`) is
    /// written out once.
    private static func statements(_ readers: [Reader], version: Int, rows: CatalogRows) -> [(sql: String, params: [String?])] {
        var texts: [CatalogRows.RelationSet.Group: String] = [:]
        func text(_ group: CatalogRows.RelationSet.Group) -> String {
            if let known = texts[group] { return known }
            let made = oidArray(rows.relationSet.oids(group))
            texts[group] = made
            return made
        }
        return readers.map { reader in
            (sql: reader.sql(version), params: version >= CatalogQueries.hashedAnyVersion ? reader.groups.map(text) : [])
        }
    }

    /// `first`, then the rest (`extra`: privileges when asked), on one connection.
    static func readAll(_ extra: [Reader] = [], on conn: PGConnection, into rows: inout CatalogRows) throws {
        try read(first, on: conn, into: &rows)
        try read(mainShare + helperShare + extra, on: conn, into: &rows)
    }

    /// `{1,2,3}`
    static func oidArray(_ oids: [UInt32]) -> String {
        var out = "{"
        out.reserveCapacity(oids.count * 7 + 2)
        for (i, oid) in oids.enumerated() {
            if i > 0 { out += "," }
            out += String(oid)
        }
        return out + "}"
    }

    static let schemas = Reader(CatalogQueries.schemas, \.schemas) { r, i in r.text(i, 0) }
    static let extensions = Reader(CatalogQueries.extensions, \.extensions) { r, i in
        .init(name: r.text(i, 0), version: r.text(i, 1), schema: r.text(i, 2))
    }
    static let enums = Reader(CatalogQueries.enums, \.enums) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), values: r.text(i, 2))
    }
    static let relations = Reader(sql: { _ in CatalogQueries.relations }, read: { r, rows in
        var set = CatalogRows.RelationSet()
        var tables: [CatalogRows.Table] = []
        for i in 0..<r.rowCount {
            let oid = r.oid(i, 0)
            let kind = r.bytes(i, 1)?.first
            switch kind {
            case UInt8(ascii: "r"), UInt8(ascii: "p"):
                if kind == UInt8(ascii: "p") { set.partitioned.append(oid) }
                if r.bool(i, 2) { set.partitions.append(oid); continue }
                set.tables.append(oid)
                let security = r.int16(i, 6)
                tables.append(.init(schema: r.text(i, 3), name: r.text(i, 4), persistence: r.string(i, 5) ?? "p",
                                    rowSecurity: security & 1 != 0, oid: oid, forceRowSecurity: security & 2 != 0,
                                    partitionKey: r.string(i, 7)))
            case UInt8(ascii: "v"): set.views.append(oid)
            case UInt8(ascii: "m"): set.views.append(oid); set.materializedViews.append(oid)
            case UInt8(ascii: "S"): set.sequences.append(oid)
            case UInt8(ascii: "c"): set.compositeTypes.append(oid)
            default: break
            }
        }
        rows.relationSet = set
        rows.tables = tables
    }, merge: { from, rows in
        rows.relationSet = from.relationSet
        rows.tables = from.tables
    })
    /// The tables' parents, given to them by `nameRelations`.
    static let inherits = Reader(sql: { _ in CatalogQueries.inherits }, read: { r, rows in
        rows.inherits = IntegerMap(capacity: r.rowCount)
        for i in 0..<r.rowCount { rows.inherits[r.oid(i, 0)] = r.text(i, 1) }
    }, merge: { from, rows in rows.inherits = from.inherits })
    static let columns = Reader(versioned: CatalogQueries.columns(serverVersion:), \.columns) { r, i in
        // NOT NULL (n), attidentity (a, d) and attgenerated (s, v) in one cell.
        var notNull = false, identity: UInt8 = 0, generation: UInt8 = 0
        for code in r.bytes(i, 3) ?? UnsafeBufferPointer(start: nil, count: 0) {
            switch code {
            case UInt8(ascii: "n"): notNull = true
            case UInt8(ascii: "a"), UInt8(ascii: "d"): identity = code
            default: generation = code
            }
        }
        // An empty type is one of `builtinTypeNames`, named by `nameRelations`.
        return .init(schema: "", table: "", name: r.text(i, 1), type: r.text(i, 2), notNull: notNull,
                     defaultExpression: nil, generated: nil, collation: nil, relid: r.oid(i, 0), attnum: r.int16(i, 4),
                     typeOID: r.oid(i, 5), collationOID: r.oid(i, 6), generation: generation, identity: identity)
    }.restricted(to: .tables)
    static let defaults = Reader(sql: CatalogQueries.defaults(serverVersion:), read: { r, rows in
        rows.defaults = IntegerMap(capacity: r.rowCount)
        for i in 0..<r.rowCount {
            rows.defaults[CatalogRows.columnKey(r.oid(i, 0), r.int16(i, 1))] = r.text(i, 2)
        }
    }, merge: { from, rows in rows.defaults = from.defaults }).restricted(to: .tables)
    static let views = Reader(versioned: CatalogQueries.views(serverVersion:), \.views) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), materialized: r.text(i, 2) == "m", definition: r.text(i, 3),
              oid: r.oid(i, 4))
    }.restricted(to: .views)
    static let functions = Reader(CatalogQueries.functions, \.functions) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), arguments: r.text(i, 2), definition: r.text(i, 3))
    }
    static let sequences = Reader(versioned: CatalogQueries.sequences(serverVersion:), \.sequences) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), type: r.text(i, 2), start: r.text(i, 3),
              increment: r.text(i, 4), min: r.text(i, 5), max: r.text(i, 6), cache: r.text(i, 7), cycle: r.bool(i, 8),
              ownedBy: r.string(i, 9))
    }.restricted(to: .sequences)
    static let triggers = Reader(versioned: CatalogQueries.triggers(serverVersion:), \.triggers) { r, i in
        .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: r.text(i, 3),
              enabled: r.text(i, 4))
    }

    static let partitions = Reader(versioned: CatalogQueries.partitions(serverVersion:), \.partitions) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), parentSchema: r.text(i, 2), parent: r.text(i, 3),
              bound: r.text(i, 4), partitionKey: r.string(i, 5), oid: r.oid(i, 6))
    }.restricted(to: .partitions)
    static let policies = Reader(CatalogQueries.policies, \.policies) { r, i in
        .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), permissive: r.bool(i, 3),
              command: r.text(i, 4), roles: r.text(i, 5), using: r.string(i, 6), withCheck: r.string(i, 7))
    }
    static let collationObjects = Reader(versioned: CatalogQueries.collationObjects(serverVersion:), \.collationObjects) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), provider: r.text(i, 2), locale: r.string(i, 3),
              collate: r.string(i, 4), ctype: r.string(i, 5), deterministic: r.bool(i, 6))
    }
    static let domains = Reader(CatalogQueries.domains, \.domains) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), type: r.text(i, 2), notNull: r.bool(i, 3),
              defaultExpression: r.string(i, 4), collation: r.string(i, 5), constraints: r.string(i, 6))
    }
    static let compositeTypes = Reader(versioned: CatalogQueries.compositeTypes(serverVersion:), \.compositeTypes) { r, i in
        .init(schema: r.text(i, 0), name: r.text(i, 1), attributes: r.text(i, 2))
    }.restricted(to: .compositeTypes)
    static let privileges = Reader(CatalogQueries.privileges, \.privileges) { r, i in
        .init(objectType: r.text(i, 0), object: r.text(i, 1), grantee: r.text(i, 2), privileges: r.text(i, 3))
    }

    /// Read first, in the transaction's opening round trip: the relations the other queries are restricted to
    /// (`CatalogQueries.restricted`); their number decides on a second connection.
    static let first = [relations]
    /// Measured on 3,000 tables: columns + indexes ≈ constraints + the rest.
    static let mainShare = [columns, defaults, types, indexes, schemas, extensions, enums, views, functions, partitions,
                            policies]
    static let helperShare = [constraints, inherits, sequences, triggers, keywords, accessMethods, opclasses, operators,
                              binaryCasts, collations, collationObjects, domains, compositeTypes]
}
