/// Readers of the index and constraint queries (raw catalog fields) and of the renderer's lookups.
extension CatalogReaders {
    static let indexes = Reader(versioned: CatalogQueries.indexes(serverVersion:), \.indexes) { r, i in
        let server = r.string(i, 15)
        let key = server != nil ? nil : CatalogRows.IndexKey(
            relid: r.oid(i, 4), method: r.text(i, 5), canOrder: r.bool(i, 6), unique: r.bool(i, 7),
            nullsNotDistinct: r.bool(i, 8), partitioned: r.bool(i, 9), keyCount: Int(r.text(i, 10)) ?? 0,
            columns: r.vector(i, 11), opclasses: r.vector(i, 12), collations: r.vector(i, 13), options: r.vector(i, 14))
        return .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: server ?? "",
                     key: key, oid: r.oid(i, 3))
    }

    static let constraints = Reader(versioned: CatalogQueries.constraints(serverVersion:), \.constraints) { r, i in
        let server = r.string(i, 17)
        func code(_ col: Int) -> UInt8 { r.text(i, col).utf8.first ?? 0 }
        let key = server != nil ? nil : CatalogRows.ConstraintKey(
            relid: r.oid(i, 5), columns: r.int2Array(i, 6), foreignRelid: r.oid(i, 7), foreignColumns: r.int2Array(i, 8),
            onUpdate: code(9), onDelete: code(10), match: code(11), deferrable: r.bool(i, 12), deferred: r.bool(i, 13),
            validated: r.bool(i, 14), include: r.vector(i, 15), nullsNotDistinct: r.bool(i, 16))
        return .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), type: r.text(i, 3),
                     definition: server ?? "", key: key, oid: r.oid(i, 4))
    }

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

    static let opclasses = lookup(CatalogQueries.opclasses, { r, l in
        for i in 0..<r.rowCount {
            l.opclasses[r.oid(i, 0)] = .init(method: r.oid(i, 1), inputType: r.oid(i, 2), isDefault: r.bool(i, 3),
                                             polymorphic: r.bool(i, 4), schema: r.string(i, 5), name: r.text(i, 6))
        }
    }, merge: { from, l in l.opclasses = from.opclasses })

    static let binaryCasts = lookup(CatalogQueries.binaryCasts, { r, l in
        for i in 0..<r.rowCount { l.binaryCasts.insert(UInt64(r.oid(i, 0)) << 32 | UInt64(r.oid(i, 1))) }
    }, merge: { from, l in l.binaryCasts = from.binaryCasts })

    static let collations = lookup(CatalogQueries.collations, { r, l in
        for i in 0..<r.rowCount { l.collations[r.oid(i, 0)] = (r.string(i, 1), r.text(i, 2)) }
    }, merge: { from, l in l.collations = from.collations })
}
