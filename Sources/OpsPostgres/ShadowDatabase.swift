import Foundation
import OpsCore

/// Replays migrations on a scratch database to learn the schema they produce (Prisma's "shadow database"),
/// leaving nothing behind on the server:
/// - the scratch database is always dropped — on success, on a failing migration, and (through
///   `ShadowRegistry`) when the process is interrupted; one left by a killed run is found by its name
///   (`ShadowName`) and dropped by the next replay;
/// - from the first migration that acts on the cluster (a role, a membership…) the replay is one transaction,
///   rolled back once the schema has been read (`ReplayPlan`), so a read-only `check` creates no role.
public enum ShadowDatabase {
    /// Creates a shadow database on the server `conninfo` points at (any existing database there), runs each
    /// migration's SQL in order, introspects the result and drops the database.
    /// Throws `ReplayError` for a failing migration and `PGError` for connection or server failures.
    /// `progress` hears every step; `note` only what the operator should know (a statement skipped, an
    /// existing role kept, leftovers of killed runs dropped).
    public static func replay(server conninfo: String, migrations: [LocalMigration], privileges: Bool = false,
                              progress: ((String) -> Void)? = nil, note: ((String) -> Void)? = nil) throws -> SchemaSnapshot {
        let notable: (String) -> Void = { text in progress?(text); note?(text) }
        let name = ShadowName.make(host: ProcessInfo.processInfo.hostName, pid: Int(getpid()),
                                   epoch: Int(Date().timeIntervalSince1970))
        do {
            let admin = try PGConnection(conninfo: conninfo)
            let stale = dropStale(admin)
            if !stale.isEmpty { notable("dropped \(stale.count) shadow database(s) left by killed runs: \(stale.joined(separator: ", "))") }
            try admin.execute("CREATE DATABASE \(PGIdentifier.quote(name)) TEMPLATE template0")
        }
        ShadowRegistry.shared.register(name, adminConninfo: conninfo)
        defer {
            if (try? drop(name, adminConninfo: conninfo)) != nil { ShadowRegistry.shared.unregister(name) }
        }
        progress?("created shadow database \(name)")
        return try run(migrations, on: try ConnInfo.withDatabase(conninfo, name), privileges: privileges,
                       progress: progress, note: notable)
    }

    /// Connects to the shadow database, applies the migrations (`ReplayPlan`) and introspects; the connection
    /// is closed when this returns, before the database is dropped.
    private static func run(_ migrations: [LocalMigration], on shadowConninfo: String, privileges: Bool,
                            progress: ((String) -> Void)?, note: (String) -> Void) throws -> SchemaSnapshot {
        let shadow = try PGConnection(conninfo: shadowConninfo)
        let plan = ReplayPlan(migrations)
        // When a migration reads the history (fix's guards), it is kept as a deploy keeps it, so the migration
        // sees in the shadow what it sees in the environment; the comparison leaves the table out. Otherwise no
        // row is written: a 500-migration replay would pay 500 round trips for nothing.
        let readsHistory = migrations.contains { $0.sql.contains("_prisma_migrations") }
        if readsHistory { try shadow.execute(HistoryStore.createTableSQL) }
        func record(_ range: Range<Int>) throws {
            guard readsHistory else { return }
            for i in range where i >= 0 && i < migrations.count {
                try shadow.query(MigrationHistoryWriter.insertMarkedAppliedSQL,
                                 [MigrationHistoryWriter.newID(), migrations[i].checksum, migrations[i].name])
            }
        }
        var current = -1
        try plan.forEachStep(of: migrations) { step in
            if step.migration != current {
                try record(max(current, 0)..<step.migration)
                current = step.migration
                progress?("replaying \(migrations[current].name)")
                if current == plan.transactionFrom {
                    note("replaying from \(migrations[current].name) on in one transaction, rolled back afterwards: it acts on the cluster")
                    if shadow.transactionState == .idle { try shadow.execute("BEGIN") }
                }
            }
            try execute(step, migrations[step.migration], on: shadow, note: note)
        }
        try record(max(current, 0)..<migrations.count)
        progress?("reading the replayed schema")
        guard plan.transactionFrom != nil, shadow.transactionState == .inTransaction else {
            return try CatalogIntrospector.introspect(shadow, privileges: privileges)
        }
        defer { _ = try? shadow.execute("ROLLBACK") }
        return try CatalogIntrospector.introspectInOpenTransaction(shadow, privileges: privileges)
    }

    /// One step, statement by statement as psql -f would run it: the failing statement names its line even
    /// when the server gives no position.
    private static func execute(_ step: ReplayPlan.Step, _ migration: LocalMigration, on shadow: PGConnection,
                                note: (String) -> Void) throws {
        func failure(_ error: PGError) -> ReplayError {
            ReplayError(migrationName: migration.name, path: migration.path, sqlstate: error.sqlstate,
                        message: error.message, line: error.position.map { step.statement.line(ofPosition: $0) } ?? step.statement.line)
        }
        switch step.mode {
        case let .skipped(reason):
            note("replay: skipped \(migration.path):\(step.statement.line): \(reason)")
        case .cluster:
            // A role the cluster already has is the state the migration wants (and what a leak by an older
            // version left behind): skipped, not an error. Anything else fails the replay.
            try shadow.execute("SAVEPOINT evermed_replay_cluster")
            do {
                try shadow.execute(step.text)
                try shadow.execute("RELEASE SAVEPOINT evermed_replay_cluster")
            } catch let error as PGError where error.kind == .query {
                guard error.sqlstate == PGError.Code.duplicateObject else { throw failure(error) }
                try shadow.execute("ROLLBACK TO SAVEPOINT evermed_replay_cluster")
                note("replay: \(migration.path):\(step.statement.line): \(error.message); kept the existing one")
            }
        case .run, .rewritten:
            do { try shadow.execute(step.text) } catch let error as PGError where error.kind == .query {
                throw failure(error)
            }
        }
    }

    /// Drops `name` on the server of `adminConninfo`, ending any session still connected to it.
    public static func drop(_ name: String, adminConninfo: String) throws {
        let admin = try PGConnection(conninfo: adminConninfo)
        try admin.execute("DROP DATABASE IF EXISTS \(PGIdentifier.quote(name)) WITH (FORCE)")
    }

    /// Drops the shadow databases whose owner is gone (`ShadowName.isStale`): a run killed with -9 cannot
    /// drop its own. One catalog query; each drop is best effort. Returns the names dropped.
    static func dropStale(_ admin: PGConnection) -> [String] {
        guard let result = try? admin.query(staleCandidatesSQL) else { return [] }
        let here = ShadowName.hostTag(ProcessInfo.processInfo.hostName)
        let now = Int(Date().timeIntervalSince1970)
        var dropped: [String] = []
        for row in 0..<result.rowCount {
            let name = result.text(row, 0), sessions = Int(result.text(row, 1)) ?? 1
            guard let parsed = ShadowName.parse(name),
                  parsed.isStale(localHost: here, now: now, sessions: sessions, isAlive: processIsAlive) else { continue }
            // Ours (this host, owner dead): FORCE ends a backend that has not noticed yet. Another host's:
            // only when nobody is connected, and a plain DROP fails if someone connects meanwhile.
            let force = parsed.host == here ? " WITH (FORCE)" : ""
            if (try? admin.execute("DROP DATABASE IF EXISTS \(PGIdentifier.quote(name))\(force)")) != nil { dropped.append(name) }
        }
        return dropped
    }

    static let staleCandidatesSQL = """
        SELECT d.datname, (SELECT count(*) FROM pg_catalog.pg_stat_activity a WHERE a.datname = d.datname)
        FROM pg_catalog.pg_database d WHERE d.datname LIKE 'evermed\\_shadow\\_%'
        """

    /// kill(pid, 0): true unless no such process exists (EPERM means it exists, owned by someone else).
    static func processIsAlive(_ pid: Int) -> Bool {
        kill(pid_t(pid), 0) == 0 || errno != ESRCH
    }
}
