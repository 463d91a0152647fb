/// One diagnosis rule: looks at the facts and says what is wrong and what to type. Rules are small, one per
/// type, registered in `AdviceRules.all` (k8sgpt's analyzer pattern); each id is a documented contract.
public protocol AdviceRule: Sendable {
    /// The rule's stable id (`failed_migration`): in `next --json` and the README, a contract.
    var id: String { get }
    func advise(_ project: ProjectFacts) -> [Advice]
}

/// A rule about one environment at a time (most rules): `advise` runs it on each.
public protocol EnvironmentRule: AdviceRule {
    func advise(_ facts: EnvironmentFacts, in project: ProjectFacts) -> Advice?
}

extension EnvironmentRule {
    public func advise(_ project: ProjectFacts) -> [Advice] {
        project.environments.compactMap { env in
            advise(env, in: project).map { var a = $0; a.environment = env.name; return a }
        }
    }
}

/// Everything "what next?" looks at: every environment's check, local git, the active SOP session and the
/// audit log's last deploys.
public struct ProjectFacts: Sendable {
    public var environments: [EnvironmentFacts]
    public var git: GitFacts?
    /// The unfinished SOP session, if any.
    public var session: SOPSession?
    /// The console set the session aside at start (`sop resume` picks it up again).
    public var sessionPaused = false
    /// The last deploy that applied something, per environment.
    public var lastDeploys: [String: AuditRecord] = [:]

    public init(environments: [EnvironmentFacts], git: GitFacts? = nil, session: SOPSession? = nil,
                sessionPaused: Bool = false, lastDeploys: [String: AuditRecord] = [:]) {
        self.environments = environments
        self.git = git
        self.session = session
        self.sessionPaused = sessionPaused
        self.lastDeploys = lastDeploys
    }
}

/// The registry. Order is the tie-break after severity: the most urgent finding comes first.
public enum AdviceRules {
    public static let all: [any AdviceRule] = [
        UnreachableRule(), FailedMigrationRule(), RolledBackLeftoversRule(), LockHeldRule(), ModifiedMigrationRule(),
        MissingLocallyRule(), DriftRule(), PromoteOrderRule(), PendingMigrationsRule(), OutOfOrderRule(),
        UncommittedMigrationRule(), SchemaWithoutMigrationRule(), UnpushedRule(), SOPInProgressRule(), InSyncRule(),
    ]

    /// Every finding, most severe first (then in rule order, then environment order), each stamped with its
    /// rule's id.
    public static func advise(_ project: ProjectFacts) -> [Advice] {
        let found = all.flatMap { rule in rule.advise(project).map { var a = $0; a.rule = rule.id; return a } }
        return found.enumerated().sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }
            .map(\.element)
    }

    /// One environment's findings (what `status` and `check` print under it).
    public static func advise(_ facts: EnvironmentFacts) -> [Advice] {
        advise(ProjectFacts(environments: [facts])).filter { $0.environment == facts.name }
    }
}

func plural(_ n: Int, _ word: String) -> String { Plural.count(n, word) }

func listNames(_ names: [String], max: Int = 3) -> String {
    names.count <= max ? names.joined(separator: ", ")
        : names.prefix(max).joined(separator: ", ") + " and \(names.count - max) more"
}
