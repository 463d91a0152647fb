import OpsCore

/// Reads the live schema of one database into a `SchemaSnapshot`: one set-based catalog query per object
/// kind inside a single read-only snapshot, with `search_path` emptied so server-rendered text is
/// schema-qualified and identical for identical schemas in different databases.
public enum CatalogIntrospector {
    public static func introspect(_ conn: PGConnection) throws -> SchemaSnapshot {
        SchemaBuilder.snapshot(from: try readRows(conn))
    }

    static func readRows(_ conn: PGConnection) throws -> CatalogRows {
        do {
            try conn.execute(CatalogQueries.begin)
            let rows = try readAll(conn)
            try conn.execute("COMMIT")
            return rows
        } catch {
            try? conn.execute("ROLLBACK")
            throw error
        }
    }

    private static func readAll(_ conn: PGConnection) throws -> CatalogRows {
        var rows = CatalogRows()
        rows.schemas = try read(conn, CatalogQueries.schemas) { r, i in r.text(i, 0) }
        rows.extensions = try read(conn, CatalogQueries.extensions) { r, i in
            .init(name: r.text(i, 0), version: r.text(i, 1), schema: r.text(i, 2))
        }
        rows.enums = try read(conn, CatalogQueries.enums) { r, i in
            .init(schema: r.text(i, 0), name: r.text(i, 1), values: r.text(i, 2))
        }
        rows.tables = try read(conn, CatalogQueries.tables) { r, i in
            .init(schema: r.text(i, 0), name: r.text(i, 1), persistence: r.text(i, 2), rowSecurity: r.bool(i, 3))
        }
        rows.columns = try read(conn, CatalogQueries.columns) { r, i in
            .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), type: r.text(i, 3),
                  notNull: r.bool(i, 4), defaultExpression: r.string(i, 5), identity: r.text(i, 6),
                  generated: r.string(i, 7), collation: r.string(i, 8))
        }
        rows.indexes = try read(conn, CatalogQueries.indexes) { r, i in
            .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: r.text(i, 3))
        }
        rows.constraints = try read(conn, CatalogQueries.constraints) { r, i in
            .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), type: r.text(i, 3),
                  definition: r.text(i, 4))
        }
        rows.views = try read(conn, CatalogQueries.views) { r, i in
            .init(schema: r.text(i, 0), name: r.text(i, 1), materialized: r.text(i, 2) == "m", definition: r.text(i, 3))
        }
        rows.functions = try read(conn, CatalogQueries.functions) { r, i in
            .init(schema: r.text(i, 0), name: r.text(i, 1), arguments: r.text(i, 2), definition: r.text(i, 3))
        }
        rows.sequences = try read(conn, CatalogQueries.sequences) { r, i in
            .init(schema: r.text(i, 0), name: r.text(i, 1), type: r.text(i, 2), start: r.text(i, 3),
                  increment: r.text(i, 4), min: r.text(i, 5), max: r.text(i, 6), cache: r.text(i, 7),
                  cycle: r.bool(i, 8))
        }
        rows.triggers = try read(conn, CatalogQueries.triggers) { r, i in
            .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: r.text(i, 3),
                  enabled: r.text(i, 4))
        }
        return rows
    }

    private static func read<T>(_ conn: PGConnection, _ sql: String, _ make: (PGResult, Int) -> T) throws -> [T] {
        let result = try conn.query(sql)
        let count = result.rowCount
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(make(result, i)) }
        return out
    }
}
