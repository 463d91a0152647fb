import OpsCore

/// Reads the live schema of one database into a `SchemaSnapshot`: one set-based catalog query per object
/// kind inside a single read-only snapshot, with `search_path` emptied so server-rendered text is
/// schema-qualified and identical for identical schemas in different databases.
public enum CatalogIntrospector {
    public static func introspect(_ conn: PGConnection) throws -> SchemaSnapshot {
        SchemaBuilder.snapshot(from: try readRows(conn))
    }

    /// Sends the whole transaction as one pipeline (one round trip); rows are parsed while the server
    /// computes the next query. On any error the transaction is rolled back.
    static func readRows(_ conn: PGConnection) throws -> CatalogRows {
        var rows = CatalogRows()
        let statements = [CatalogQueries.begin, CatalogQueries.emptySearchPath] + readers.map(\.sql) + ["COMMIT"]
        do {
            try conn.pipeline(statements) { index, result in
                let reader = index - 2
                if readers.indices.contains(reader) { readers[reader].read(result, &rows) }
            }
        } catch {
            try? conn.execute("ROLLBACK")
            throw error
        }
        return rows
    }

    /// One query and the code that turns its rows into `CatalogRows`; column order is the query's.
    struct Reader: Sendable {
        var sql: String
        var read: @Sendable (PGResult, inout CatalogRows) -> Void
    }

    static let readers: [Reader] = [
        Reader(sql: CatalogQueries.schemas) { r, rows in rows.schemas = map(r) { r, i in r.text(i, 0) } },
        Reader(sql: CatalogQueries.extensions) { r, rows in
            rows.extensions = map(r) { r, i in .init(name: r.text(i, 0), version: r.text(i, 1), schema: r.text(i, 2)) }
        },
        Reader(sql: CatalogQueries.enums) { r, rows in
            rows.enums = map(r) { r, i in .init(schema: r.text(i, 0), name: r.text(i, 1), values: r.text(i, 2)) }
        },
        Reader(sql: CatalogQueries.tables) { r, rows in
            rows.tables = map(r) { r, i in
                .init(schema: r.text(i, 0), name: r.text(i, 1), persistence: r.text(i, 2), rowSecurity: r.bool(i, 3))
            }
        },
        Reader(sql: CatalogQueries.columns) { r, rows in
            rows.columns = map(r) { r, i in
                .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), type: r.text(i, 3),
                      notNull: r.bool(i, 4), defaultExpression: r.string(i, 5), identity: r.text(i, 6),
                      generated: r.string(i, 7), collation: r.string(i, 8))
            }
        },
        Reader(sql: CatalogQueries.indexes) { r, rows in
            rows.indexes = map(r) { r, i in
                .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: r.text(i, 3))
            }
        },
        Reader(sql: CatalogQueries.constraints) { r, rows in
            rows.constraints = map(r) { r, i in
                .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), type: r.text(i, 3),
                      definition: r.text(i, 4))
            }
        },
        Reader(sql: CatalogQueries.views) { r, rows in
            rows.views = map(r) { r, i in
                .init(schema: r.text(i, 0), name: r.text(i, 1), materialized: r.text(i, 2) == "m", definition: r.text(i, 3))
            }
        },
        Reader(sql: CatalogQueries.functions) { r, rows in
            rows.functions = map(r) { r, i in
                .init(schema: r.text(i, 0), name: r.text(i, 1), arguments: r.text(i, 2), definition: r.text(i, 3))
            }
        },
        Reader(sql: CatalogQueries.sequences) { r, rows in
            rows.sequences = map(r) { r, i in
                .init(schema: r.text(i, 0), name: r.text(i, 1), type: r.text(i, 2), start: r.text(i, 3),
                      increment: r.text(i, 4), min: r.text(i, 5), max: r.text(i, 6), cache: r.text(i, 7),
                      cycle: r.bool(i, 8))
            }
        },
        Reader(sql: CatalogQueries.triggers) { r, rows in
            rows.triggers = map(r) { r, i in
                .init(schema: r.text(i, 0), table: r.text(i, 1), name: r.text(i, 2), definition: r.text(i, 3),
                      enabled: r.text(i, 4))
            }
        },
    ]

    private static func map<T>(_ result: PGResult, _ make: (PGResult, Int) -> T) -> [T] {
        let count = result.rowCount
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(make(result, i)) }
        return out
    }
}
