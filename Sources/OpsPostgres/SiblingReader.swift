import Foundation

/// A second connection to the same database, inside a transaction that imports the main connection's
/// snapshot (`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`), so both see exactly the same catalog.
final class SiblingReader: @unchecked Sendable {
    private let connection: PGConnection

    /// Throws when the snapshot cannot be exported or imported (standby, pooler, connection limit);
    /// the caller then starts over on the main connection alone. Exporting cannot run in a savepoint, so a failure here aborts `main`'s transaction.
    init(of main: PGConnection) throws {
        let snapshot = try main.query("SELECT pg_export_snapshot()").text(0, 0)
        // A server-made identifier such as 00000003-0000001B-1; checked before it is put in SQL text.
        guard !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw PGError(kind: .protocol, message: "unexpected snapshot identifier")
        }
        connection = try PGConnection(conninfo: main.conninfo)
        try connection.pipeline([CatalogQueries.begin, "SET TRANSACTION SNAPSHOT '\(snapshot)'",
                                 CatalogQueries.emptySearchPath, CatalogQueries.noJIT]) { _, _ in }
    }

    /// Runs `helperShare` here on a background thread while `mainShare` runs on `main`, then merges. `rows` holds
    /// the relations (`CatalogReaders.first`) already.
    func read(_ helperShare: [CatalogReaders.Reader], mainShare: [CatalogReaders.Reader], on main: PGConnection,
              into rows: inout CatalogRows) throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        // The relations already read give the restricted queries their parameters.
        let (helpers, statements) = CatalogReaders.prepare(helperShare, version: main.serverVersion, rows: rows)
        DispatchQueue.global(qos: .userInitiated).async { [connection] in
            var partial = CatalogRows()
            do {
                try connection.pipeline(statements) { index, result in helpers[index].read(result, &partial) }
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
