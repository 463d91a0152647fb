import OpsCore

/// One environment as `status` sees it: its migration history against the local folder.
public struct EnvironmentStatus: Sendable {
    public var name: String
    /// `host:port/db`, never the URL.
    public var target: String
    public var error: String?
    public var reconciliation: HistoryReconciliation?
    public var facts: EnvironmentFacts

    public var reachable: Bool { error == nil }
}

/// The cross-environment matrix: one row per migration, one column per environment.
public struct StatusReport: Sendable {
    public var environments: [EnvironmentStatus]
    /// Row order: every migration in the local folder or any history table, by name.
    public var migrations: [String]
    public var warnings: [String]

    /// The state of `migration` in `environment`, nil when that environment has never heard of it.
    public func state(_ migration: String, in environment: EnvironmentStatus) -> MigrationStatus? {
        environment.reconciliation?.entries.first { $0.name == migration }
    }

    public var allInSync: Bool { environments.allSatisfy { $0.reachable && $0.reconciliation?.historyInSync == true } }
    public var anyError: Bool { environments.contains { !$0.reachable } }
}

/// One environment as `check` sees it: history reconciliation plus drift of the live schema.
public struct CheckReport: Sendable {
    public var environment: String
    public var target: String
    public var facts: EnvironmentFacts
    /// Things the reader should know that are not findings (e.g. a migration that could not be replayed).
    public var notes: [String]

    public var error: String? { facts.error }
    public var reconciliation: HistoryReconciliation? { facts.reconciliation }
    public var drift: [SchemaChange] { facts.drift ?? [] }
    public var inSync: Bool { facts.inSync }
}

/// `diff A B`: what changes from side A to side B.
public struct DiffReport: Sendable {
    public var from: String
    public var to: String
    public var fromTarget: String
    public var toTarget: String
    public var changes: [SchemaChange]
    /// `--sql`: what turns `from` into `to`.
    public var sql: MigrationScript?
}
