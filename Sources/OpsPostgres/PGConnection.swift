@preconcurrency import CLibPQ
import Foundation

/// Owns one libpq connection (`PGconn*`): opened with psql's rules (URLs, keyword strings, PG* variables,
/// `.pgpass`), freed in `deinit`, and the only place that turns libpq failures into `PGError`s.
/// A connection is used by one thread at a time (a lock enforces it); only `cancelHandle` is for other threads.
public final class PGConnection: @unchecked Sendable {
    let handle: OpaquePointer
    let lock = NSLock()
    /// Kept only to open a sibling connection to the same database (parallel introspection); never shown.
    let conninfo: String

    /// Connects to `conninfo` (a `postgresql://` URL or `host=… dbname=…`), with a 10 s connect timeout.
    public init(conninfo: String) throws {
        // libpq processes keywords in order and the last value wins: our connect_timeout is a default the
        // user's conninfo may override; application_name=evermed-ops always applies (it names us in pg_stat_activity).
        let keywords = ["connect_timeout", "dbname", "application_name"]
        let values = ["10", conninfo, "evermed-ops"]
        let conn: OpaquePointer? = withCStringArray(keywords) { k in
            withCStringArray(values) { v in PQconnectdbParams(k, v, 1) }
        }
        // libpq: "PQconnectdbParams returns NULL only when it cannot allocate the PGconn object".
        guard let conn else { throw PGError(kind: .connection, message: "out of memory while connecting") }
        guard PQstatus(conn) == CONNECTION_OK else {
            // "Note that when PQconnectStart or PQconnectdb returns a non-null pointer, you must call PQfinish
            // when you are finished with it, in order to dispose of the structure … even if the attempt fails."
            let error = PGError(kind: .connection, sqlstate: Self.connectionSQLState(conn),
                                message: Self.errorMessage(conn))
            PQfinish(conn)
            throw error
        }
        evm_pq_silence_notices(conn)
        handle = conn
        self.conninfo = conninfo
        // PQgetCancel here, on the opening thread: afterwards only PQcancel runs from other threads.
        if let raw = PQgetCancel(conn) { ConnectionRegistry.shared.register(self, PGCancelHandle(raw)) }
    }

    deinit {
        ConnectionRegistry.shared.unregister(self)
        PQfinish(handle)
    }

    /// Server version as an integer, e.g. 150004 for 15.4 (`PQserverVersion`).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with its values bound as `$1…$n` text parameters (`PQexecParams`).
    @discardableResult
    public func query(_ sql: String, _ params: [String?] = []) throws -> PGResult {
        lock.lock()
        defer { lock.unlock() }
        let raw: OpaquePointer? = withOptionalCStringArray(params) { values in
            PQexecParams(handle, sql, Int32(params.count), nil, values, nil, nil, 0)
        }
        return try check(raw)
    }

    /// Runs a script that may hold several statements (`PQexec`, simple query protocol), as a migration
    /// file is run. Statements without an explicit transaction run in one implicit transaction.
    public func execute(_ script: String) throws {
        lock.lock()
        defer { lock.unlock() }
        _ = try check(PQexec(handle, script))
    }

    /// A handle another thread (a signal handler's queue) can use to cancel the running statement.
    public var cancelHandle: PGCancelHandle? {
        guard let cancel = PQgetCancel(handle) else { return nil }
        return PGCancelHandle(cancel)
    }

    func check(_ raw: OpaquePointer?) throws -> PGResult {
        guard let raw else {
            throw PGError(kind: .protocol, sqlstate: nil, message: Self.errorMessage(handle))
        }
        let result = PGResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            throw Self.error(from: raw, connection: handle)
        }
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer) -> PGError {
        func field(_ code: Int32) -> String? {
            guard let p = PQresultErrorField(result, code) else { return nil }
            return String(cString: p)
        }
        let sqlstate = field(EVM_PG_DIAG_SQLSTATE)
        let primary = field(EVM_PG_DIAG_MESSAGE_PRIMARY)
        let fallback = String(cString: PQresultErrorMessage(result)).trimmed
        return PGError(
            kind: sqlstate == nil ? .protocol : .query,
            sqlstate: sqlstate,
            message: primary ?? (fallback.isEmpty ? errorMessage(connection) : fallback),
            detail: field(EVM_PG_DIAG_MESSAGE_DETAIL),
            hint: field(EVM_PG_DIAG_MESSAGE_HINT),
            position: field(EVM_PG_DIAG_STATEMENT_POSITION).flatMap { Int($0) },
            schema: field(EVM_PG_DIAG_SCHEMA_NAME),
            table: field(EVM_PG_DIAG_TABLE_NAME),
            column: field(EVM_PG_DIAG_COLUMN_NAME),
            constraint: field(EVM_PG_DIAG_CONSTRAINT_NAME))
    }

    static func errorMessage(_ conn: OpaquePointer) -> String {
        guard let p = PQerrorMessage(conn) else { return "unknown libpq error" }
        let text = String(cString: p).trimmed
        return text.isEmpty ? "unknown libpq error" : text
    }

    /// libpq keeps no result for a failed connection, so the SQLSTATE is recovered from the message:
    /// authentication failures are the ones callers act on.
    private static func connectionSQLState(_ conn: OpaquePointer) -> String? {
        let message = errorMessage(conn)
        if message.contains("password authentication failed") { return PGError.Code.invalidPassword }
        if message.contains("does not exist"), message.contains("database") { return PGError.Code.invalidCatalogName }
        return nil
    }
}

/// A `PGcancel*` (from `PQgetCancel`) that may be used from any thread, including a signal handler's
/// dispatch queue: `PQcancel` is documented as safe to call from a signal handler.
public final class PGCancelHandle: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQfreeCancel(handle) }

    /// Asks the server to cancel the statement now running; true when the request was sent.
    @discardableResult
    public func cancel() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &buffer, Int32(buffer.count)) == 1
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        return String(s)
    }
}

/// Lends a NULL-terminated `const char *const *` built from `strings` for the duration of `body`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStringArray(strings.map { Optional($0) }, body)
}

/// Same, with nil entries passed as NULL (SQL NULL parameters).
func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
    defer { for p in copies { free(p) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
