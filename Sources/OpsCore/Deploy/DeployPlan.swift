/// What `deploy ENV` would do: the migrations the environment has not applied (pending, plus rolled-back
/// ones that still exist locally), in name order, each planned statement by statement. Pure, so the
/// same value serves `--dry-run`, the confirmation screen and the run itself.
public struct DeployPlan: Equatable, Sendable {
    public var environment: String
    /// In name order.
    public var migrations: [PlannedMigration]
    /// What `lint` finds in these migrations, weighed by the environment's tables (set by the engine).
    public var hazards: [LintFinding] = []

    public init(environment: String, migrations: [PlannedMigration], hazards: [LintFinding] = []) {
        self.environment = environment
        self.migrations = migrations
        self.hazards = hazards
    }

    /// The hazards that are errors: what the `hazards` gate refuses on a protected environment.
    public var errorHazards: [LintFinding] { hazards.filter { $0.severity == .error } }

    /// `reconciliation.toApply`, matched with the local folder by name (a name with no local file is skipped:
    /// it cannot be applied from here, and the `missing_locally` gate reports it).
    /// With `linter`, each file is linted in the same pass that plans it (`hazards`).
    public static func make(environment: String, reconciliation: HistoryReconciliation,
                            folder: [LocalMigration], linter: MigrationLinter? = nil) -> DeployPlan {
        let byName = Dictionary(folder.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var pass = linter.map(LintPass.init)
        let planned = reconciliation.toApply.sorted().compactMap { byName[$0] }.map { PlannedMigration.plan($0, lint: &pass) }
        return DeployPlan(environment: environment, migrations: planned, hazards: pass?.findings ?? [])
    }

    /// Nothing to apply: not a refusal, just nothing to do.
    public var isEmpty: Bool { migrations.isEmpty }

    public var names: [String] { migrations.map(\.migration.name) }
}
