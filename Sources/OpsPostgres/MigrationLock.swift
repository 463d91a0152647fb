import Foundation

/// The advisory lock Prisma Migrate takes around every schema change (`pg_advisory_lock(72707369)`,
/// schema-engine `flavour/postgres.rs`). Taking the same key makes `prisma migrate deploy` and evermed-ops
/// exclude each other on a database, with no table or setting of our own.
///
/// The lock is session-level: it is held until `release`, or until the connection closes — PostgreSQL:
/// "Once acquired at session level, an advisory lock is held until explicitly released or the session
/// ends." It is also re-entrant and counted: "If a session already holds a given advisory lock, additional
/// requests by it will always succeed … Multiple lock requests stack, so that if the same resource is
/// locked three times it must then be unlocked three times." Call `acquire` once per `release`.
/// Advisory locks belong to one database: a holder on another database of the same server is not a conflict.
public enum MigrationLock {
    public static let prismaKey: Int64 = 72707369

    /// SQLSTATE `lock_not_available`, raised when `lock_timeout` runs out.
    static let lockNotAvailable = "55P03"

    /// Takes the lock, waiting at most `wait` seconds (`wait <= 0`: one `pg_try_advisory_lock`, no wait).
    ///
    /// The wait is bounded with `lock_timeout`, which covers advisory locks too (PostgreSQL: "Abort any
    /// statement that waits longer than the specified amount of time while attempting to acquire a lock on a
    /// table, index, row, or other database object") — so we queue fairly behind the holder instead of
    /// polling, and `RESET lock_timeout` afterwards restores the session's own setting.
    /// Must be called outside a transaction block: a timed-out wait would abort it.
    /// A session `statement_timeout` shorter than `wait` ends the wait first; that is thrown as a `PGError` (57014).
    public static func acquire(_ conn: PGConnection, wait: Double) throws -> LockAttempt {
        guard conn.transactionState == .idle else {
            throw PGError(kind: .protocol, message: "the migration lock must be taken outside a transaction block")
        }
        if wait <= 0 {
            let got = try conn.query("SELECT pg_try_advisory_lock($1::bigint)", [String(prismaKey)]).bool(0, 0)
            return got ? .acquired : .held(try holder(conn))
        }
        // lock_timeout counts milliseconds, and 0 would mean "wait forever": round up to at least 1 ms.
        let milliseconds = max(1, Int((wait * 1000).rounded(.up)))
        try conn.query("SELECT set_config('lock_timeout', $1, false)", ["\(milliseconds)ms"])
        let acquired: Bool
        do {
            try conn.query("SELECT pg_advisory_lock($1::bigint)", [String(prismaKey)])
            acquired = true
        } catch let error as PGError where error.sqlstate == lockNotAvailable {
            acquired = false
        } catch {
            _ = try? conn.execute("RESET lock_timeout")
            throw error
        }
        try conn.execute("RESET lock_timeout")
        return acquired ? .acquired : .held(try holder(conn))
    }

    /// Releases one hold of the lock (`pg_advisory_unlock`). Returns false when this session did not hold
    /// it (the server then also logs a WARNING, which we do not print).
    @discardableResult
    public static func release(_ conn: PGConnection) throws -> Bool {
        try conn.query("SELECT pg_advisory_unlock($1::bigint)", [String(prismaKey)]).bool(0, 0)
    }

    /// The session holding the lock on this connection's database, or nil when nobody does (or it was
    /// released in between). pg_locks: "A bigint key is displayed with its high-order half in the classid
    /// column, its low-order half in the objid column, and objsubid equal to 1."
    public static func holder(_ conn: PGConnection) throws -> LockHolder? {
        let classid = UInt32(truncatingIfNeeded: prismaKey >> 32)
        let objid = UInt32(truncatingIfNeeded: prismaKey)
        let result = try conn.query(holderSQL, [String(classid), String(objid)])
        guard result.rowCount > 0, let pid = Int(result.text(0, 0)) else { return nil }
        return LockHolder(pid: pid, applicationName: result.text(0, 1), clientAddress: result.string(0, 2),
                          heldForSeconds: result.string(0, 3).flatMap(Double.init),
                          state: result.string(0, 4), query: result.string(0, 5).map(LockHolder.shorten))
    }

    /// One row per granted hold of the key in the current database, joined to the holder's activity.
    /// `backend_start` bounds the hold from above: a session-level lock cannot be older than its session,
    /// and PostgreSQL records no grant time (`waitstart` is for waiters).
    static let holderSQL = """
        SELECT l.pid, coalesce(a.application_name, ''), host(a.client_addr),
               extract(epoch FROM (clock_timestamp() - a.backend_start))::float8, a.state, a.query
        FROM pg_catalog.pg_locks l
        LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.pid IS NOT NULL
          AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
          AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
        ORDER BY l.pid
        LIMIT 1
        """
}

/// The result of trying to take the migration lock: taken, or held by someone else (named when the
/// catalog still shows the holder a moment later).
public enum LockAttempt: Equatable, Sendable {
    case acquired
    case held(LockHolder?)
}
