/// Evaluates gates against what was read: each environment's facts (from `check`) and git. Pure.
public struct GateEvaluator: Sendable {
    public struct Outcome: Equatable, Sendable {
        public var gate: GateCondition
        public var holds: Bool
        /// What was found, one line.
        public var detail: String
        /// The exact console line that would make it hold, when there is one.
        public var command: String?
    }

    public var environments: [String: EnvironmentFacts]
    /// Every configured environment, in config order (what `all` means).
    public var environmentNames: [String]
    /// The newest local migration (what `applied latest` means).
    public var latestMigration: String?
    public var git: GitFacts?
    public var migrationsPath: String

    public init(environments: [String: EnvironmentFacts], environmentNames: [String], latestMigration: String?,
                git: GitFacts?, migrationsPath: String) {
        self.environments = environments
        self.environmentNames = environmentNames
        self.latestMigration = latestMigration
        self.git = git
        self.migrationsPath = migrationsPath
    }

    public func evaluate(_ gate: GateCondition) -> Outcome {
        switch gate {
        case let .environment(env, condition):
            let names = env == "all" ? environmentNames : [env]
            let outcomes = names.map { evaluate(condition, in: $0, gate: gate) }
            if let failing = outcomes.first(where: { !$0.holds }) { return failing }
            let detail = env == "all" ? "every environment (\(names.joined(separator: ", "))) holds it" : outcomes.first?.detail ?? ""
            return Outcome(gate: gate, holds: true, detail: detail, command: nil)
        case let .gitClean(path):
            guard let git else { return Outcome(gate: gate, holds: false, detail: "git was not read", command: nil) }
            if let why = git.unavailable { return Outcome(gate: gate, holds: false, detail: why, command: nil) }
            let entries = git.changes[path ?? ""] ?? []
            let shown = path ?? migrationsPath
            guard entries.isEmpty else {
                return Outcome(gate: gate, holds: false,
                               detail: "\(plural(entries.count, "uncommitted file")) under \(shown): "
                                + listNames(entries.map(VisibleText.line)),
                               command: nil)
            }
            return Outcome(gate: gate, holds: true, detail: "\(shown) has nothing uncommitted", command: nil)
        case .gitPushed:
            guard let git else { return Outcome(gate: gate, holds: false, detail: "git was not read", command: nil) }
            if let why = git.unavailable { return Outcome(gate: gate, holds: false, detail: why, command: nil) }
            guard let upstream = git.upstream else {
                return Outcome(gate: gate, holds: false,
                               detail: "branch \(git.branch ?? "HEAD") has no upstream (git push -u origin \(git.branch ?? "BRANCH"))",
                               command: nil)
            }
            guard git.ahead == 0 else {
                return Outcome(gate: gate, holds: false,
                               detail: "\(git.branch ?? "HEAD") is \(plural(git.ahead, "commit")) ahead of \(upstream) (git push)",
                               command: "preflight")
            }
            return Outcome(gate: gate, holds: true, detail: "\(git.branch ?? "HEAD") is pushed to \(upstream)", command: nil)
        }
    }

    private func evaluate(_ c: GateCondition.EnvironmentCondition, in env: String, gate: GateCondition) -> Outcome {
        guard let facts = environments[env] else {
            let known = environmentNames.joined(separator: ", ")
            return Outcome(gate: gate, holds: false, detail: "no environment \(VisibleText.line(env)) in the config (known: \(known))",
                           command: nil)
        }
        // What to type when it does not hold: the environment's most urgent advice with a command.
        let fix = AdviceRules.advise(facts).first { $0.command != nil && $0.severity > .ok }?.command
        if let error = facts.error {
            return Outcome(gate: gate, holds: false, detail: "\(env) could not be checked: \(error)", command: nil)
        }
        guard let r = facts.reconciliation else {
            return Outcome(gate: gate, holds: false, detail: "\(env) was not read", command: "check \(ShellWord.quote(env))")
        }
        let failed = r.names(.failed), toApply = r.toApply
        switch c {
        case .inSync:
            if facts.inSync { return Outcome(gate: gate, holds: true, detail: "\(env) is in sync", command: nil) }
            var what: [String] = []
            if !failed.isEmpty { what.append("failed: \(listNames(failed))") }
            if !toApply.isEmpty { what.append("\(plural(toApply.count, "migration")) pending") }
            let modified = r.names(.modified), missing = r.names(.missingLocally)
            if !modified.isEmpty { what.append("modified: \(listNames(modified))") }
            if !missing.isEmpty { what.append("missing locally: \(listNames(missing))") }
            if let drift = facts.drift, !drift.isEmpty { what.append("\(plural(drift.count, "difference")) of drift") }
            if facts.drift == nil { what.append("drift not checked") }
            return Outcome(gate: gate, holds: false, detail: "\(env) is not in sync (\(what.joined(separator: "; ")))",
                           command: fix)
        case .upToDate:
            if failed.isEmpty && toApply.isEmpty {
                return Outcome(gate: gate, holds: true, detail: "\(env) is up to date", command: nil)
            }
            let what = failed.isEmpty ? "\(plural(toApply.count, "migration")) pending" : "failed: \(listNames(failed))"
            return Outcome(gate: gate, holds: false, detail: "\(env) is not up to date (\(what))", command: fix)
        case .noDrift:
            guard let drift = facts.drift else {
                return Outcome(gate: gate, holds: false, detail: "\(env): drift was not checked", command: "check \(ShellWord.quote(env))")
            }
            if drift.isEmpty { return Outcome(gate: gate, holds: true, detail: "\(env) has no drift", command: nil) }
            return Outcome(gate: gate, holds: false, detail: "\(env) has drifted (\(plural(drift.count, "difference")))",
                           command: "diff \(ShellWord.quote(env)) migrations")
        case .pending:
            if !toApply.isEmpty {
                return Outcome(gate: gate, holds: true, detail: "\(env) has \(plural(toApply.count, "migration")) to apply: "
                    + listNames(toApply), command: nil)
            }
            return Outcome(gate: gate, holds: false,
                           detail: "\(env) has no migration to apply: create one in \(migrationsPath) first", command: nil)
        case let .applied(prefix):
            let wanted = prefix == "latest" ? latestMigration : prefix
            guard let wanted else {
                return Outcome(gate: gate, holds: false, detail: "there is no local migration yet", command: nil)
            }
            let matching = r.entries.filter { $0.name.hasPrefix(wanted) }
            guard !matching.isEmpty else {
                return Outcome(gate: gate, holds: false, detail: "no migration named \(VisibleText.line(wanted))… in \(env) or the folder",
                               command: nil)
            }
            if let notApplied = matching.first(where: { $0.state != .applied }) {
                return Outcome(gate: gate, holds: false,
                               detail: "\(VisibleText.line(notApplied.name)) is \(notApplied.state.rawValue) in \(env)",
                               command: fix ?? "deploy \(ShellWord.quote(env))")
            }
            return Outcome(gate: gate, holds: true, detail: "\(VisibleText.line(matching[0].name)) is applied in \(env)", command: nil)
        }
    }
}
