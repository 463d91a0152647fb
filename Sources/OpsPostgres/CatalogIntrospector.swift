import Foundation
import OpsCore

/// Reads the live schema of one database into a `SchemaSnapshot`: one set-based catalog query per object
/// kind inside a single read-only snapshot, with `search_path` emptied so server-rendered text is
/// schema-qualified and identical for identical schemas in different databases.
public enum CatalogIntrospector {
    /// Databases with at least this many relations are read over two connections sharing one snapshot:
    /// the server renders definitions (`pg_get_indexdef`, …) one core per connection, which almost halves
    /// the time on big schemas; below it, the second connection would cost more than it saves.
    public static let parallelThreshold = 1000

    public static func introspect(_ conn: PGConnection) throws -> SchemaSnapshot {
        SchemaBuilder.snapshot(from: try readRows(conn, parallelThreshold: parallelThreshold))
    }

    static func readRows(_ conn: PGConnection, parallelThreshold: Int) throws -> CatalogRows {
        do {
            var relations = 0
            try conn.pipeline([CatalogQueries.begin, CatalogQueries.emptySearchPath, CatalogQueries.relationCount]) {
                index, result in if index == 2 { relations = Int(result.text(0, 0)) ?? 0 }
            }
            var rows = CatalogRows()
            if relations >= parallelThreshold, let sibling = try? SiblingReader(of: conn) {
                try sibling.read(CatalogReaders.helperShare, mainShare: CatalogReaders.mainShare, on: conn, into: &rows)
            } else {
                try CatalogReaders.read(CatalogReaders.all, on: conn, into: &rows)
            }
            try conn.execute("COMMIT")
            return rows
        } catch {
            try? conn.execute("ROLLBACK")
            throw error
        }
    }
}

/// A second connection to the same database, inside a transaction that imports the main connection's
/// snapshot (`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`), so both see exactly the same catalog.
final class SiblingReader: @unchecked Sendable {
    private let connection: PGConnection

    /// Throws when the snapshot cannot be exported or imported (standby, pooler, connection limit);
    /// the caller then reads everything on the main connection.
    init(of main: PGConnection) throws {
        try main.execute("SAVEPOINT evermed_export")
        let snapshot: String
        do {
            snapshot = try main.query("SELECT pg_export_snapshot()").text(0, 0)
            try main.execute("RELEASE SAVEPOINT evermed_export")
        } catch {
            try? main.execute("ROLLBACK TO SAVEPOINT evermed_export")
            throw error
        }
        // A server-made identifier such as 00000003-0000001B-1; checked before it is put in SQL text.
        guard !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw PGError(kind: .protocol, message: "unexpected snapshot identifier")
        }
        connection = try PGConnection(conninfo: main.conninfo)
        try connection.pipeline([CatalogQueries.begin, "SET TRANSACTION SNAPSHOT '\(snapshot)'",
                                 CatalogQueries.emptySearchPath]) { _, _ in }
    }

    /// Runs `helperShare` here on a background thread while `mainShare` runs on `main`, then merges.
    func read(_ helperShare: [CatalogReaders.Reader], mainShare: [CatalogReaders.Reader], on main: PGConnection,
              into rows: inout CatalogRows) throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async { [connection] in
            var partial = CatalogRows()
            do {
                try CatalogReaders.read(helperShare, on: connection, into: &partial)
                try connection.execute("COMMIT")
                outcome.set(.success(partial))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        var mainError: Error?
        do { try CatalogReaders.read(mainShare, on: main, into: &rows) } catch { mainError = error }
        done.wait()
        if let mainError { throw mainError }
        let partial = try outcome.get()
        for reader in helperShare { reader.merge(partial, &rows) }
    }

    /// The helper thread's result, handed over under a lock.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<CatalogRows, Error> = .failure(PGError(kind: .protocol, message: "no result"))
        func set(_ v: Result<CatalogRows, Error>) { lock.withLock { value = v } }
        func get() throws -> CatalogRows { try lock.withLock { value }.get() }
    }
}
