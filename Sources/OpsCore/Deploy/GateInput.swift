/// Everything the pre-deploy gates look at, gathered by the engine before it asks `DeployGates`.
public struct GateInput: Sendable {
    /// The environment being deployed; must come from a `check` (reconciliation and drift computed).
    public var target: EnvironmentFacts
    /// Facts (with drift) of `target.promoteFrom`, when one is configured.
    public var promoteFrom: EnvironmentFacts?
    public var plan: DeployPlan
    /// `--allow-drift`: deploy even though the live schema differs from its history.
    public var allowDrift: Bool
    /// The local migrations folder, used to name the files in the `modified` gate's fix.
    public var folder: [LocalMigration]
    /// `--accept-hazards`, or a typed confirmation that names them: deploy a protected environment although
    /// lint found errors (audited).
    public var acceptHazards: Bool

    public init(target: EnvironmentFacts, promoteFrom: EnvironmentFacts? = nil, plan: DeployPlan,
                allowDrift: Bool = false, folder: [LocalMigration] = [], acceptHazards: Bool = false) {
        self.target = target
        self.promoteFrom = promoteFrom
        self.plan = plan
        self.allowDrift = allowDrift
        self.folder = folder
        self.acceptHazards = acceptHazards
    }
}
