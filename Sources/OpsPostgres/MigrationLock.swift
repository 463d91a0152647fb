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

    /// Takes the lock, waiting at most `wait` seconds (`wait <= 0`: one `pg_try_advisory_lock`, no wait).
    ///
    /// The wait polls `pg_try_advisory_lock` (every 10 ms at first, backing off to 100 ms) and holds no
    /// transaction or snapshot between tries. A session blocked inside `pg_advisory_lock` would hold one for
    /// as long as it waits, and `CREATE INDEX CONCURRENTLY` run by the lock's holder waits for every
    /// transaction with a snapshot in the database — holder and waiters then wait for each other until the
    /// deadlock detector kills one of them, possibly the index build, leaving a healthy migration failed.
    /// `cancelled` is asked between tries (Ctrl-C in the console ends the wait).
    /// Must be called outside a transaction block.
    public static func acquire(_ conn: PGConnection, wait: Double,
                               cancelled: () -> Bool = { false }) throws -> LockAttempt {
        guard conn.transactionState == .idle else {
            throw PGError(kind: .protocol, message: "the migration lock must be taken outside a transaction block")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int((max(0, wait) * 1000).rounded(.up)))
        var pause = Duration.milliseconds(10)
        while true {
            if try tryAcquire(conn) { return .acquired }
            let now = clock.now
            if now >= deadline || cancelled() { return .held(try holder(conn)) }
            let nap = min(pause, deadline - now)
            Thread.sleep(forTimeInterval: Double(nap.components.attoseconds) / 1e18 + Double(nap.components.seconds))
            pause = min(pause * 1.5, .milliseconds(100))
        }
    }

    /// One `pg_try_advisory_lock`: a statement of its own, so its snapshot ends with it.
    static func tryAcquire(_ conn: PGConnection) throws -> Bool {
        try conn.query("SELECT pg_try_advisory_lock($1::bigint)", [String(prismaKey)]).bool(0, 0)
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
