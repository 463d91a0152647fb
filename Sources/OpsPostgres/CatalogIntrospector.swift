import Foundation
import OpsCore

/// Reads the live schema of one database into a `SchemaSnapshot`: one set-based catalog query per object
/// kind inside a single read-only snapshot, with `search_path` emptied so server-rendered text is
/// schema-qualified and identical for identical schemas in different databases.
public enum CatalogIntrospector {
    /// Databases with at least this many relations (tables, partitions and views) are read over two connections
    /// sharing one snapshot:
    /// the server renders definitions (`pg_get_indexdef`, …) one core per connection, which almost halves
    /// the time on big schemas; below it, the second connection would cost more than it saves.
    public static let parallelThreshold = 1000

    /// Whether second connections pay for a server at `conninfo` when `concurrentReads` databases are read at
    /// once. A server elsewhere has its own cores: they do. One on this machine shares the client's: each read
    /// keeps a server backend and a client thread busy, and a helper two more, so on fewer cores than that
    /// they only compete (a 3,000-table `diff` on two cores was ~20% slower with them).
    public static func helpersPay(_ conninfo: String, concurrentReads: Int) -> Bool {
        !ConnInfo.isLocal(conninfo) || ProcessInfo.processInfo.activeProcessorCount >= 2 * concurrentReads
    }

    /// `privileges`: read GRANTs too (`diff --privileges`); off by default, as migra's `--with-privileges`.
    /// `helpers`: a big schema may be read over a second connection (`parallelThreshold`, `helpersPay`).
    public static func introspect(_ conn: PGConnection, privileges: Bool = false, helpers: Bool = true) throws -> SchemaSnapshot {
        let threshold = helpers ? parallelThreshold : Int.max
        return SchemaBuilder.snapshot(from: try readRows(conn, parallelThreshold: threshold, privileges: privileges).rows)
    }

    /// Reads the schema inside the transaction `conn` is already in, and leaves it open: for a shadow replay
    /// whose transaction is rolled back afterwards (its changes are visible to this session only, so no second
    /// connection can help). `search_path` and JIT are set for the rest of that transaction.
    public static func introspectInOpenTransaction(_ conn: PGConnection, privileges: Bool = false) throws -> SchemaSnapshot {
        guard conn.transactionState == .inTransaction else {
            throw PGError(kind: .protocol, message: "introspectInOpenTransaction needs an open transaction")
        }
        var rows = CatalogRows()
        try conn.pipeline([CatalogQueries.emptySearchPath, CatalogQueries.noJIT]) { _, _ in }
        try CatalogReaders.readAll(privileges ? [CatalogReaders.privileges] : [], on: conn, into: &rows)
        try DefinitionRenderer.resolve(&rows, on: conn)
        return SchemaBuilder.snapshot(from: rows)
    }

    /// The rows, and whether a second connection read part of them.
    static func readRows(_ conn: PGConnection, parallelThreshold: Int,
                         privileges: Bool = false) throws -> (rows: CatalogRows, parallel: Bool) {
        let extra = privileges ? [CatalogReaders.privileges] : []
        do {
            var rows = CatalogRows()
            try begin(conn, into: &rows)
            let set = rows.relationSet
            if set.tables.count + set.partitions.count + set.views.count >= parallelThreshold {
                if let sibling = try? SiblingReader(of: conn) {
                    try sibling.read(CatalogReaders.helperShare + extra, mainShare: CatalogReaders.mainShare, on: conn,
                                     into: &rows)
                    try DefinitionRenderer.resolve(&rows, on: conn)
                    try conn.execute("COMMIT")
                    return (rows, true)
                }
                // No second connection (standby, pooler, connection limit…): start over on this one alone.
                try? conn.execute("ROLLBACK")
                rows = CatalogRows()
                try begin(conn, into: &rows)
            }
            try CatalogReaders.read(CatalogReaders.mainShare + CatalogReaders.helperShare + extra, on: conn, into: &rows)
            try DefinitionRenderer.resolve(&rows, on: conn)
            try conn.execute("COMMIT")
            return (rows, false)
        } catch {
            try? conn.execute("ROLLBACK")
            throw error
        }
    }

    /// Opens the read-only transaction and reads the relations (`CatalogReaders.first`) in the same round trip.
    private static func begin(_ conn: PGConnection, into rows: inout CatalogRows) throws {
        let opening = [CatalogQueries.begin, CatalogQueries.emptySearchPath, CatalogQueries.noJIT]
        let (relations, first) = CatalogReaders.prepare(CatalogReaders.first, version: conn.serverVersion, rows: rows)
        let statements = opening.map { (sql: $0, params: [String?]()) } + first
        try conn.pipeline(statements) { index, result in
            if index >= opening.count { relations[index - opening.count].read(result, &rows) }
        }
    }
}
