/// Everything known about one environment after a `status` or `check`: the input to the advice rules.
public struct EnvironmentFacts: Sendable {
    public var name: String
    public var reconciliation: HistoryReconciliation?
    /// nil when drift was not computed (`status` does not replay); empty when computed and clean.
    public var drift: [SchemaChange]?
    /// Why the environment could not be read, already free of secrets.
    public var error: String?
    public var isProtected: Bool
    public var promoteFrom: String?
    /// The migrations this environment would apply that its `promoteFrom` environment has not applied yet;
    /// nil when that environment was not read (the advice then says to deploy it first, to be safe).
    public var promoteFromBehind: [String]?
    /// Rolled-back migrations whose effects are still in the live schema (found by `check`).
    public var leftovers: [RolledBackLeftovers] = []
    /// Who holds the migration lock (`pid 4242, deploy from laptop, for 3 min`), when someone does.
    public var lockHolder: String?

    public init(name: String, reconciliation: HistoryReconciliation? = nil, drift: [SchemaChange]? = nil,
                error: String? = nil, isProtected: Bool = false, promoteFrom: String? = nil) {
        self.name = name
        self.reconciliation = reconciliation
        self.drift = drift
        self.error = error
        self.isProtected = isProtected
        self.promoteFrom = promoteFrom
    }

    /// Fills `promoteFromBehind` from the promote_from environment's history.
    public mutating func compare(withSource source: HistoryReconciliation?) {
        guard promoteFrom != nil, let source, let mine = reconciliation else { return }
        promoteFromBehind = mine.toApply.filter { source.state(of: $0) != .applied }
    }

    /// Drift that leftovers of a rolled-back migration do not explain.
    public var unexplainedDrift: [SchemaChange]? {
        drift.map { d in d.filter { change in !leftovers.contains { $0.explains(change) } } }
    }

    /// `check`'s definition: nothing pending, failed, modified, missing locally, and no drift.
    public var inSync: Bool {
        guard error == nil, let r = reconciliation else { return false }
        return r.historyInSync && (drift ?? []).isEmpty
    }
}

/// A one-line verdict and, when there is something to do, the command that does it.
public struct Advice: Equatable, Sendable {
    public enum Severity: Int, Sendable, Comparable {
        case ok, info, warning, blocking
        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
    }

    public var severity: Severity
    public var verdict: String
    /// The exact console line that acts on it (`deploy staging`), when there is one: `next --json`'s `command`.
    public var command: String?
    /// More for a person: what else to consider, or what to do when no command of ours does it (`git pull`).
    public var hint: String?
    /// The id of the rule that found it (`AdviceRule.id`), set by `AdviceRules.advise`.
    public var rule = ""
    /// The environment it is about, when it is about one.
    public var environment: String?

    public init(_ severity: Severity, _ verdict: String, command: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.verdict = verdict
        self.command = command
        self.hint = hint
    }

    /// The human "next:" line: `evermed-ops COMMAND   (hint)`, or the hint alone.
    public var next: String? {
        guard let command else { return hint }
        return "evermed-ops " + command + (hint.map { "   (\($0))" } ?? "")
    }

    /// `blocking`, `warning`, `info`, `ok`: the words of `next --json`.
    public var severityName: String {
        switch severity {
        case .ok: return "ok"
        case .info: return "info"
        case .warning: return "warning"
        case .blocking: return "blocking"
        }
    }
}
