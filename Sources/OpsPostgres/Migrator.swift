import Foundation
import OpsCore

/// Applies migrations one at a time on an open connection that already holds `MigrationLock`, and keeps
/// `_prisma_migrations` truthful whatever happens: a migration either leaves its effects and a finished row,
/// or a row that says it failed and what remains — never effects without a row.
///
/// Two modes, chosen by the deploy planner per file:
/// - transactional: `BEGIN`, the statements, the finished row, `COMMIT` — both or neither survive a crash;
/// - non-transactional (statements that refuse a transaction block, such as `CREATE INDEX CONCURRENTLY`):
///   the row is written first as started and finished last, Prisma-style, so a crash leaves it failed.
///
/// Every wait is bounded: `lock_timeout` (a DDL statement queued behind a long transaction otherwise blocks
/// every query queued behind it) and, when given, `statement_timeout`. An SQL error of the migration is an
/// outcome (`ApplyOutcome.failed`); only connection failures are thrown.
///
/// One thread drives a Migrator; `cancel()` may be called from any other.
public final class Migrator: @unchecked Sendable {
    let connection: PGConnection
    let defaultLockTimeout: Double
    let defaultStatementTimeout: Double?
    /// The timeouts of the migration being applied: a file's `-- evermed-ops:` line over the environment's.
    private(set) var lockTimeout: Double
    private(set) var statementTimeout: Double?
    /// Made once on the driving thread: `PQgetCancel` reads the connection, `PQcancel` then needs only this.
    private let cancelHandle: PGCancelHandle?
    private let state = NSLock()
    private var cancelRequested = false
    private var statementRunning = false

    /// - Parameters:
    ///   - lockTimeout: seconds a statement may wait for a lock (`lock_timeout`); 0 disables it, as in PostgreSQL.
    ///   - statementTimeout: seconds a statement may run (`statement_timeout`); nil keeps the session's setting.
    public init(connection: PGConnection, lockTimeout: Double, statementTimeout: Double?) {
        self.connection = connection
        self.defaultLockTimeout = lockTimeout
        self.defaultStatementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.cancelHandle = connection.cancelHandle
    }

    /// Creates `_prisma_migrations` with Prisma's DDL when it does not exist, in `public` (where
    /// `HistoryStore` reads it) even when the session's `search_path` starts elsewhere, e.g. `"$user"`.
    public func ensureHistoryTable() throws {
        try inTransaction {
            try connection.query("SELECT set_config('search_path', 'public', true)")
            try connection.execute(HistoryStore.createTableSQL)
        }
    }

    /// Applies one migration; see the type's documentation for the two modes. Comment-only statements
    /// are skipped. Returns `.cancelled` without running anything once `cancel()` has been called.
    /// Throws `PGError` only when the connection fails; the history row is then whatever the server
    /// kept (transactional: nothing; non-transactional: the started row), to be re-read by the caller.
    public func apply(name: String, checksum: String, statements: [SQLScript.Statement],
                      transactional: Bool) throws -> ApplyOutcome {
        try apply(name: name, checksum: checksum, source: .list(statements), transactional: transactional)
    }

    /// The same, reading the statements from `source` as they run (`.sql(text)` splits a 50 MB file one
    /// statement at a time).
    /// `timeouts`: the migration's own (its `-- evermed-ops: lock_timeout=… statement_timeout=…` line), for this
    /// migration only; each one it leaves out is the environment's.
    public func apply(name: String, checksum: String, source: StatementSource, transactional: Bool,
                      timeouts: MigrationTimeouts = MigrationTimeouts()) throws -> ApplyOutcome {
        lockTimeout = timeouts.lock ?? defaultLockTimeout
        statementTimeout = timeouts.statement ?? defaultStatementTimeout
        defer { lockTimeout = defaultLockTimeout; statementTimeout = defaultStatementTimeout }
        if isCancelRequested {
            return .cancelled(MigrationFailureReport(
                migration: name, reason: "cancelled before it started", interrupted: true,
                aftermath: "The migration was not started: no statement of it ran.", rolledBackCleanly: true).make())
        }
        // BEGIN inside an open block only warns, and our COMMIT would then commit the caller's work too.
        guard connection.transactionState == .idle else {
            throw PGError(kind: .protocol, message: "a migration must start outside a transaction block")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = transactional
            ? try applyInTransaction(name: name, checksum: checksum, source: source)
            : try applyOutsideTransaction(name: name, checksum: checksum, source: source)
        guard case .applied = outcome else { return outcome }
        let elapsed = clock.now - start
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return .applied(durationMs: Int(ms))
    }

    /// Cancels the statement now running (libpq `PQcancel`, which "can safely be invoked from a signal
    /// handler"), and makes the running `apply` stop before its next statement even when the request
    /// arrives between statements — the server ignores a cancel request when nothing is running.
    /// Sticky: later `apply` calls return `.cancelled` at once.
    public func cancel() {
        let send = state.withLock { () -> Bool in
            cancelRequested = true
            return statementRunning
        }
        if send { cancelHandle?.cancel() }
    }

    var isCancelRequested: Bool { state.withLock { cancelRequested } }

    /// `resolve --rolled-back`: sets `rolled_back_at = now()` on the failed rows of `name` (neither
    /// finished nor rolled back). Returns how many rows changed; 0 means there was no failed row.
    @discardableResult
    public func markRolledBack(name: String) throws -> Int {
        try connection.query(MigrationHistoryWriter.markRolledBackSQL, [name]).rowCount
    }

    /// `resolve --applied`, in one transaction: the failed rows of `name` are marked rolled back and a
    /// finished row is added with the local checksum, as Prisma does. The caller checks the migration
    /// exists locally and is not already applied (Prisma's P3017 / P3008).
    public func markApplied(name: String, checksum: String) throws {
        try inTransaction {
            try connection.query(MigrationHistoryWriter.markRolledBackSQL, [name])
            try connection.query(MigrationHistoryWriter.insertMarkedAppliedSQL,
                                 [MigrationHistoryWriter.newID(), checksum, name])
        }
    }

    /// Baseline: records `migrations` as applied without running them, all or none (one transaction).
    /// They share one `started_at`, so history reads them back in name order — the order given here
    /// should therefore be name order too.
    public func recordApplied(_ migrations: [(name: String, checksum: String)]) throws {
        try inTransaction {
            for migration in migrations {
                try connection.query(MigrationHistoryWriter.insertMarkedAppliedSQL,
                                     [MigrationHistoryWriter.newID(), migration.checksum, migration.name])
            }
        }
    }

    // MARK: - Shared steps

    /// Runs one statement of the migration, visible to `cancel()` while it runs.
    func run(_ statement: SQLScript.Statement) throws {
        try running { try connection.execute(statement.text) }
    }

    /// Runs `body` as the statement `cancel()` interrupts (it sends the server a cancel request meanwhile).
    func running<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { statementRunning = true }
        defer { state.withLock { statementRunning = false } }
        return try body()
    }

    /// True for an error the migration's SQL caused (the server answered with an SQLSTATE and the session
    /// lives on); false for a lost connection, which is thrown instead.
    func isStatementError(_ error: PGError) -> Bool {
        error.kind == .query && connection.isUsable
    }

    /// Sets lock_timeout and statement_timeout for the transaction (`local`, like SET LOCAL) or the session.
    func setTimeouts(local: Bool) throws {
        for statement in timeoutStatements(local: local) { try connection.query(statement.sql, statement.params) }
    }

    /// `set_config` of lock_timeout (and statement_timeout when configured), transaction-local or for the session.
    func timeoutStatements(local: Bool) -> [(sql: String, params: [String?])] {
        let scope = local ? "true" : "false"
        var statements: [(sql: String, params: [String?])] = [
            ("SELECT set_config('lock_timeout', $1, \(scope))", [Self.setting(lockTimeout)])]
        if let statementTimeout {
            statements.append(("SELECT set_config('statement_timeout', $1, \(scope))", [Self.setting(statementTimeout)]))
        }
        return statements
    }

    /// The session's current timeouts, to put back after a non-transactional migration.
    func currentTimeouts() throws -> (lock: String, statement: String) {
        let r = try connection.query("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")
        return (r.text(0, 0), r.text(0, 1))
    }

    func restoreTimeouts(_ saved: (lock: String, statement: String)) throws {
        try connection.query("SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)",
                             [saved.lock, saved.statement])
    }

    /// Seconds as a GUC value in milliseconds, rounded up so a small positive value never becomes 0 ("off").
    static func setting(_ seconds: Double) -> String {
        seconds <= 0 ? "0" : "\(max(1, Int((seconds * 1000).rounded(.up))))ms"
    }

    /// Writes history outside the migration's transaction. A cancel request sent just as the migration's
    /// last statement finished can land on this write instead (57014); the write is then simply repeated,
    /// since the history must be written whatever the operator asked.
    func writeHistory(_ sql: String, _ params: [String?]) throws {
        var attempt = 0
        while true {
            do {
                try connection.query(sql, params)
                return
            } catch let error as PGError where error.sqlstate == PGError.Code.queryCanceled && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// BEGIN … COMMIT around `body`, rolled back when it throws.
    func inTransaction(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            if connection.transactionState != .idle { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}

/// A migration's own timeouts, in seconds; nil keeps the environment's.
public struct MigrationTimeouts: Sendable, Equatable {
    public var lock: Double?
    public var statement: Double?

    public init(lock: Double? = nil, statement: Double? = nil) {
        self.lock = lock
        self.statement = statement
    }
}
