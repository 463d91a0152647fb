/// Assembles a `Diagnosis` from typed facts (pure): the advice rules' findings become causes with their
/// evidence, and the repair plan is laid out environment by environment in promotion order (a `promote_from`
/// source before its targets), each step an exact command.
public enum DiagnosisBuilder {
    /// - Parameters:
    ///   - scope: the environment asked about, or `all`.
    ///   - environments: every environment read (the asked one and the sources it is promoted from), config order.
    ///   - evidence: what `diagnose` gathered beyond the check, per environment.
    ///   - procedure: the SOP for incidents (`drift-incident`), to point at its step.
    public static func build(scope: String, environments: [EnvironmentFacts], evidence: [String: DiagnosisEvidence],
                             procedure: SOP? = nil) -> Diagnosis {
        let ordered = promotionOrder(environments)
        let findings = AdviceRules.advise(ProjectFacts(environments: ordered)).filter { $0.severity > .ok }
        let causes = findings.map { cause($0, ordered, evidence) }
        var plan: [Diagnosis.Step] = []
        for env in ordered { plan += steps(env, evidence[env.name] ?? DiagnosisEvidence()) }
        let touched = Set(plan.compactMap { step in ordered.first { step.command.contains(" \($0.name)") }?.name })
        let verify = scope == "all" || touched.count > 1 ? "check all" : "check \(ShellWord.quote(scope))"
        return Diagnosis(environment: scope, summary: summary(scope, ordered, evidence, plan: plan), causes: causes,
                         plan: plan, verify: verify, procedure: procedure.flatMap { pointer($0, findings) })
    }

    /// Sources first: an environment comes after the one it is promoted from (config order otherwise).
    static func promotionOrder(_ envs: [EnvironmentFacts]) -> [EnvironmentFacts] {
        var out: [EnvironmentFacts] = []
        func place(_ e: EnvironmentFacts, _ depth: Int) {
            guard !out.contains(where: { $0.name == e.name }), depth < 16 else { return }
            if let source = e.promoteFrom, let s = envs.first(where: { $0.name == source }) { place(s, depth + 1) }
            out.append(e)
        }
        for e in envs { place(e, 0) }
        return out
    }

    // MARK: - Causes

    static func cause(_ a: Advice, _ envs: [EnvironmentFacts], _ evidence: [String: DiagnosisEvidence]) -> Diagnosis.Cause {
        let env = envs.first { $0.name == a.environment }
        let extra = a.environment.flatMap { evidence[$0] } ?? DiagnosisEvidence()
        var items: [String] = []
        switch a.rule {
        case "failed_migration":
            for f in extra.failures {
                if let r = f.record {
                    items.append("\(VisibleText.line(f.migration)): \(r.startedDescription)"
                                 + (r.errorLine.map { ": " + VisibleText.line($0) } ?? ""))
                }
                if let line = f.failedAtLine { items.append("it stopped at line \(line) of its migration.sql") }
                if let e = f.evidence {
                    let present = e.items.filter(\.present), absent = e.items.filter { !$0.present }
                    if !present.isEmpty { items.append("present in the live schema: " + names(present.map(\.reference))) }
                    if !absent.isEmpty { items.append("absent: " + names(absent.map(\.reference))) }
                    items.append("the evidence says \(e.recommendation.rawValue.replacingUnderscores): \(e.explanation)")
                }
            }
        case "rolled_back_leftovers":
            for l in env?.leftovers ?? [] {
                items.append("\(VisibleText.line(l.migration)) is marked rolled back; still there: \(l.objects.joined(separator: ", "))")
                if !l.compensatingSQL.isEmpty { items.append("removed by: " + l.compensatingSQL.joined(separator: " ")) }
            }
        case "modified_migration":
            for m in extra.modifications {
                items.append(m.foundIn.map { "\(VisibleText.line(m.migration)): the applied text is \($0); changed since:" }
                             ?? "\(VisibleText.line(m.migration)): no version in git has the checksum that was applied")
                items += m.diff.prefix(20).map(VisibleText.line)
            }
        case "drift":
            for change in (env?.unexplainedDrift ?? []).prefix(8) {
                var text = "\(change.kind.rawValue) \(VisibleText.line(change.name)) \(change.change.rawValue)"
                if let field = change.field {
                    text += " (\(field): \(VisibleText.line(change.expected ?? "none")) → \(VisibleText.line(change.actual ?? "none")))"
                }
                items.append(text)
            }
        case "pending", "promote_order":
            let names = a.rule == "pending" ? env?.reconciliation?.toApply ?? [] : env?.promoteFromBehind ?? []
            items += names.prefix(8).map(VisibleText.line)
        case "out_of_order": items += (env?.reconciliation?.outOfOrder ?? []).map(VisibleText.line)
        case "missing_locally": items += (env?.reconciliation?.names(.missingLocally) ?? []).map(VisibleText.line)
        case "lock_held": items += env?.lockHolder.map { [VisibleText.line($0)] } ?? []
        default: break
        }
        return Diagnosis.Cause(rule: a.rule, environment: a.environment, message: a.verdict, evidence: items)
    }

    static func names(_ refs: [ObjectReference]) -> String {
        // A table's columns and constraints go with it.
        let tables = refs.filter { $0.kind == .table }.map(\.name)
        let shown = refs.filter { r in r.kind == .table || !tables.contains { r.name.hasPrefix($0 + ".") } }
        return listNames(shown.map { "\($0.kind.rawValue) \(VisibleText.line($0.name))" }, max: 4)
    }

    // MARK: - The plan

    static func steps(_ env: EnvironmentFacts, _ extra: DiagnosisEvidence) -> [Diagnosis.Step] {
        let name = ShellWord.quote(env.name)
        if let error = env.error {
            return [Diagnosis.Step(command: "check \(name)", why: "\(env.name) could not be read (\(error)); fix that first",
                                   mutating: false)]
        }
        guard let r = env.reconciliation else { return [] }
        var out: [Diagnosis.Step] = []
        if let holder = env.lockHolder {
            out.append(.init(command: "status \(name)", why: "wait until the deploy holding the lock (\(VisibleText.line(holder))) "
                                + "is finished before changing \(env.name)", mutating: false))
        }
        let missing = r.names(.missingLocally)
        if !missing.isEmpty {
            out.append(.init(command: "git pull", why: "\(env.name) applied \(listNames(missing)), which this checkout lacks",
                             mutating: false))
        }
        for m in extra.modifications {
            let path = m.path
            let restore = m.foundIn.flatMap { $0.hasPrefix("commit ") ? String($0.dropFirst(7)) : nil }
                .map { "git show \($0):\(ShellWord.quote(path)) > \(ShellWord.quote(path))" } ?? "git checkout -- \(ShellWord.quote(path))"
            out.append(.init(command: restore, why: "put back the text \(env.name) applied to \(VisibleText.line(m.migration)); "
                                + "move the change into a new migration", mutating: false))
        }
        var resolved = false
        for name in r.names(.failed) {
            let failure = extra.failures.first { $0.migration == name }
            let m = ShellWord.quote(name)
            switch failure?.evidence?.recommendation {
            case .applied?:
                out.append(.init(command: "resolve \(ShellWord.quote(env.name)) \(m) --applied",
                                 why: "every object it creates is there and nothing after the failure point was left undone",
                                 mutating: true))
            case .partial?:
                let sql = failure?.evidence?.compensatingSQL ?? []
                if !sql.isEmpty {
                    out.append(.init(command: "psql (\(env.name)): " + sql.joined(separator: " "),
                                     why: "remove what the failed run left behind, so the migration can run again", mutating: true))
                }
                out.append(.init(command: "resolve \(ShellWord.quote(env.name)) \(m) --rolled-back",
                                 why: "record the failed attempt as rolled back once its leftovers are gone", mutating: true))
                resolved = true
            case .rolledBack?:
                out.append(.init(command: "resolve \(ShellWord.quote(env.name)) \(m) --rolled-back",
                                 why: "none of its changes took effect", mutating: true))
                resolved = true
            default:
                out.append(.init(command: "check \(ShellWord.quote(env.name))", why: "see what \(VisibleText.line(name)) left behind",
                                 mutating: false))
                out.append(.init(command: "resolve \(ShellWord.quote(env.name)) \(m) --rolled-back",
                                 why: "or --applied if every statement took effect", mutating: true))
                resolved = true
            }
        }
        for l in env.leftovers where !l.compensatingSQL.isEmpty {
            out.append(.init(command: "psql (\(env.name)): " + l.compensatingSQL.joined(separator: " "),
                             why: "\(VisibleText.line(l.migration)) is marked rolled back but its objects are still there; a deploy "
                                + "would run into them", mutating: true))
        }
        if let drift = env.unexplainedDrift, !drift.isEmpty, r.names(.failed).isEmpty {
            out.append(.init(command: "diff \(name) migrations", why: "see each difference between \(env.name) and its history",
                             mutating: false))
            out.append(.init(command: "fix \(name) --capture   (or --revert to undo the hand-made change)",
                             why: "drift is fixed in the history: fix writes the migration (idempotent, linted), reviewed "
                                + "like any change, never by deploying over it", mutating: true))
        }
        if !r.toApply.isEmpty || resolved {
            let backup = env.isProtected ? " --backup-to backups" : ""
            out.append(.init(command: "deploy \(name)\(backup)",
                             why: (resolved ? "apply the resolved migration and " : "apply ")
                                + "what \(env.name) is missing" + (env.promoteFrom.map { ", after \($0)" } ?? ""),
                             mutating: true))
        }
        return out
    }

    // MARK: - Summary and procedure

    static func summary(_ scope: String, _ envs: [EnvironmentFacts], _ evidence: [String: DiagnosisEvidence],
                        plan: [Diagnosis.Step]) -> String {
        var sentences: [String] = []
        for env in envs {
            if let error = env.error { sentences.append("\(env.name) could not be read: \(error)."); continue }
            guard let r = env.reconciliation else { continue }
            var parts: [String] = []
            for f in evidence[env.name]?.failures ?? [] {
                var text = "migration \(VisibleText.line(f.migration)) failed"
                if let started = f.record?.startedAt { text += " on \(started.prefix(10))" }
                if let error = f.record?.errorLine { text += " (\(VisibleText.line(error)))" }
                if let e = f.evidence {
                    let present = e.items.filter(\.present).count
                    if present > 0 { text += " after creating \(present) of the \(e.items.count) objects it makes — leftovers that are still there" }
                    else { text += "; none of its changes are in the schema" }
                }
                parts.append(text)
            }
            if !env.leftovers.isEmpty {
                parts.append("a migration marked rolled back left \(listNames(env.leftovers.flatMap(\.objects))) behind")
            }
            let modified = r.names(.modified)
            if !modified.isEmpty { parts.append("\(plural(modified.count, "applied migration")) changed since it ran") }
            let missing = r.names(.missingLocally)
            if !missing.isEmpty { parts.append("it applied \(plural(missing.count, "migration")) this checkout lacks") }
            if let drift = env.unexplainedDrift, !drift.isEmpty, r.names(.failed).isEmpty {
                parts.append("its live schema has drifted from its history (\(plural(drift.count, "difference")))")
            }
            let pending = r.toApply.filter { r.state(of: $0) != .failed }
            if !pending.isEmpty {
                let blocked = !r.names(.failed).isEmpty
                parts.append("\(plural(pending.count, "migration")) \(blocked ? "wait behind it" : "not applied yet")")
            }
            if parts.isEmpty { continue }
            sentences.append("\(env.name): " + parts.joined(separator: "; ") + ".")
        }
        guard !sentences.isEmpty else {
            return scope == "all" ? "Every environment is in sync; nothing to repair."
                : "\(scope) is in sync with its history and the migrations folder; nothing to repair."
        }
        let mutating = plan.filter(\.mutating).count
        sentences.append("The plan below repairs it in promotion order (\(plural(mutating, "change")), each behind its gates).")
        return sentences.joined(separator: " ")
    }

    /// The incident SOP's step for the situation: deciding how to resolve, when something failed or was left
    /// behind; looking at the evidence for drift; otherwise its start.
    static func pointer(_ sop: SOP, _ findings: [Advice]) -> String? {
        guard !findings.isEmpty else { return nil }
        let rules = Set(findings.map(\.rule))
        let keyword = rules.contains("failed_migration") || rules.contains("rolled_back_leftovers") ? "decide"
            : rules.contains("drift") || rules.contains("modified_migration") ? "evidence" : ""
        let index = sop.steps.firstIndex { !keyword.isEmpty && $0.title.lowercased().contains(keyword) } ?? 0
        return "sop start \(sop.name) (step \(index + 1) of \(sop.steps.count): “\(sop.steps[index].title)”)"
    }
}

extension String {
    /// `rolled_back` → `rolled-back`, as the flag is spelled.
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
