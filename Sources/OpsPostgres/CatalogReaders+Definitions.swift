/// Readers of the index and constraint queries (raw catalog fields) and of the renderer's lookups.
extension CatalogReaders {
    static let indexes = Reader(versioned: CatalogQueries.indexes(serverVersion:), \.indexes) { r, i in
        let server = r.string(i, 11), relid = r.oid(i, 0)
        let key = server != nil ? nil : CatalogRows.IndexKey(
            relid: relid, accessMethod: r.oid(i, 3), unique: r.bool(i, 4), nullsNotDistinct: r.bool(i, 5),
            keyCount: Int(r.int16(i, 6)), columns: r.vector(i, 7), opclasses: r.vector(i, 8), collations: r.vector(i, 9),
            options: r.vector(i, 10))
        return .init(schema: "", table: "", name: r.text(i, 1), definition: server ?? "", key: key, oid: r.oid(i, 2),
                     relid: relid)
    }.restricted(to: .indexed, .materializedViews)

    static let constraints = Reader(versioned: CatalogQueries.constraints(serverVersion:), \.constraints) { r, i in
        let server = r.string(i, 11), relid = r.oid(i, 0)
        let actions = r.bytes(i, 7), flags = r.int16(i, 8)
        func action(_ k: Int) -> UInt8 { actions.flatMap { $0.count > k ? $0[k] : nil } ?? 0 }
        let key = server != nil ? nil : CatalogRows.ConstraintKey(
            relid: relid, columns: r.int2Array(i, 4), foreignRelid: r.oid(i, 5), foreignColumns: r.int2Array(i, 6),
            onUpdate: action(0), onDelete: action(1), match: action(2), deferrable: flags & 1 != 0,
            deferred: flags & 2 != 0, validated: flags & 4 == 0, include: r.vector(i, 9), nullsNotDistinct: r.bool(i, 10),
            expression: r.bytes(i, 12).flatMap(CheckExpression.parse), noInherit: flags & 8 != 0)
        return .init(schema: "", table: "", name: r.text(i, 1), type: r.text(i, 2), definition: server ?? "", key: key,
                     oid: r.oid(i, 3), relid: relid)
    }.restricted(to: .tablesAndPartitions)

    /// A reader filling one part of `rows.lookups`.
    private static func lookup(_ sql: String, _ read: @escaping @Sendable (PGResult, inout CatalogRows.RenderLookups) -> Void,
                               merge: @escaping @Sendable (CatalogRows.RenderLookups, inout CatalogRows.RenderLookups) -> Void) -> Reader {
        Reader(sql: { _ in sql }, read: { result, rows in read(result, &rows.lookups) },
               merge: { from, rows in merge(from.lookups, &rows.lookups) })
    }

    static let keywords = lookup(CatalogQueries.keywords, { r, l in
        l.keywords = Set(r.text(0, 0).split(separator: " ").map(String.init))
        l.quoteAll = r.text(0, 1) == "on"
    }, merge: { from, l in l.keywords = from.keywords; l.quoteAll = from.quoteAll })

    static let accessMethods = lookup(CatalogQueries.accessMethods, { r, l in
        for i in 0..<r.rowCount { l.accessMethods[r.oid(i, 0)] = (r.text(i, 1), r.bool(i, 2)) }
    }, merge: { from, l in l.accessMethods = from.accessMethods })

    static let opclasses = lookup(CatalogQueries.opclasses, { r, l in
        for i in 0..<r.rowCount {
            l.opclasses[r.oid(i, 0)] = .init(method: r.oid(i, 1), inputType: r.oid(i, 2), isDefault: r.bool(i, 3),
                                             polymorphic: r.bool(i, 4), schema: r.string(i, 5), name: r.text(i, 6))
        }
    }, merge: { from, l in l.opclasses = from.opclasses })

    static let binaryCasts = lookup(CatalogQueries.binaryCasts, { r, l in
        for i in 0..<r.rowCount { l.binaryCasts.insert(UInt64(r.oid(i, 0)) << 32 | UInt64(r.oid(i, 1))) }
    }, merge: { from, l in l.binaryCasts = from.binaryCasts })

    static let types = lookup(CatalogQueries.types, { r, l in
        for i in 0..<r.rowCount { l.types[r.oid(i, 0)] = (r.oid(i, 1), r.bool(i, 2)) }
    }, merge: { from, l in l.types = from.types })

    static let operators = lookup(CatalogQueries.operators, { r, l in
        for i in 0..<r.rowCount { l.operators[r.oid(i, 0)] = (r.text(i, 1), r.oid(i, 2), r.oid(i, 3)) }
    }, merge: { from, l in l.operators = from.operators })

    static let collations = lookup(CatalogQueries.collations, { r, l in
        for i in 0..<r.rowCount { l.collations[r.oid(i, 0)] = (r.string(i, 1), r.text(i, 2)) }
    }, merge: { from, l in l.collations = from.collations })
}
