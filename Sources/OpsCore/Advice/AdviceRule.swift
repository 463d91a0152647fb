/// One diagnosis rule: looks at an environment's facts and says what is wrong and what to run.
/// Rules are small, one per file, registered in `AdviceRules.all` (k8sgpt's analyzer pattern).
public protocol AdviceRule: Sendable {
    /// The rule's stable id (`failed_migration`): in `next --json` and the README, a contract.
    var id: String { get }
    func advise(_ facts: EnvironmentFacts) -> Advice?
}

/// The registry. Order matters only for display: the most blocking finding comes first.
public enum AdviceRules {
    public static let all: [any AdviceRule] = [
        UnreachableRule(), FailedMigrationRule(), MissingLocallyRule(), ModifiedMigrationRule(),
        DriftRule(), PendingMigrationsRule(), InSyncRule(),
    ]

    /// Every finding for one environment, most severe first.
    public static func advise(_ facts: EnvironmentFacts) -> [Advice] {
        all.compactMap { rule -> Advice? in
            guard var advice = rule.advise(facts) else { return nil }
            advice.rule = rule.id
            advice.environment = facts.name
            return advice
        }.sorted { $0.severity > $1.severity }
    }
}

func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

func listNames(_ names: [String], max: Int = 3) -> String {
    names.count <= max ? names.joined(separator: ", ")
        : names.prefix(max).joined(separator: ", ") + " and \(names.count - max) more"
}
