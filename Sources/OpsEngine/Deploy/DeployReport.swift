import OpsCore
import OpsPostgres

/// What `deploy` should do — the flags as typed (`DeployFlags`, read as `options.dryRun`, …) — and what it may
/// assume about the operator.
@dynamicMemberLookup
public struct DeployOptions: Sendable {
    public var flags = DeployFlags()
    /// A person can answer questions on this terminal.
    public var interactive = false

    public init() {}

    public init(_ flags: DeployFlags, interactive: Bool) {
        self.flags = flags
        self.interactive = interactive
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<DeployFlags, T>) -> T {
        get { flags[keyPath: keyPath] }
        set { flags[keyPath: keyPath] = newValue }
    }
}

/// Shows `plan` (with a title) and asks; returns the operator's answer. Only called when interactive.
public typealias Approver = @Sendable (_ title: String, _ plan: DeployPlan?, _ request: ApprovalRequest) -> Bool

/// The outcome of one `deploy`, as a value: refused, failed, interrupted or applied, with the evidence.
public struct DeployReport: Sendable {
    public var environment: String
    public var target: String
    public var dryRun: Bool
    public var plan: DeployPlan
    public var applied: [String] = []
    public var failed: MigrationFailure?
    public var interrupted = false
    public var refused: GateRefusal?
    public var backup: BackupResult?
    /// The `check` run after applying (nil for dry runs, refusals and no-op deploys).
    public var after: CheckReport?
    /// Nothing to apply (already up to date, or another deployer applied everything while we waited).
    public var upToDate = false
    /// Facts before deploying, for the verdict of no-op deploys.
    public var before: EnvironmentFacts
    /// The connection to the environment was lost part-way (a terminated backend, the network, a restart).
    public var connectionLost: ConnectionLoss?

    /// Migrations of the plan that were not applied (after a failure, an interrupt or a refusal).
    public var notApplied: [String] { plan.names.filter { !applied.contains($0) } }

    public var inSync: Bool {
        if let after { return after.inSync }
        return upToDate && before.inSync
    }

    /// 0 applied / nothing to do, 1 refused or failed or interrupted.
    public var succeeded: Bool { refused == nil && failed == nil && !interrupted && connectionLost == nil }
}

/// What a deploy knows after losing its connection: the server's message, the migration that was running
/// and what became of it, read again over a new connection.
public struct ConnectionLoss: Sendable, Equatable {
    public var message: String
    /// The migration being applied when the connection went; nil when it went between migrations.
    public var running: String?
    /// The running migration's state as the history table shows it afterwards (`applied` when its COMMIT
    /// reached the server, `failed` for a non-transactional one left started, `pending` when the server
    /// rolled it back); nil when the history could not be read again.
    public var runningState: MigrationState?
    /// Why the history could not be read again, if it could not.
    public var recheckError: String?

    public init(message: String, running: String?, runningState: MigrationState?, recheckError: String?) {
        self.message = message
        self.running = running
        self.runningState = runningState
        self.recheckError = recheckError
    }
}
