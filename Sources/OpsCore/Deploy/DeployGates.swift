/// The pre-deploy checks, in order of precedence, each refusing with the evidence and the command that
/// clears it. Pure: the engine gathers `GateInput` (a `check` of the target, and of its `promote_from`
/// environment), asks here, and only then takes the lock, backs up and confirms (the run-time gates).
///
/// A gate whose evidence is missing (history not read, drift not computed) refuses: it fails closed.
/// A failed migration refuses even when there is nothing to apply (Prisma P3009 does the same); the
/// other gates protect the migrations being applied, so an empty plan passes them.
public enum DeployGates {
    public static func evaluate(_ input: GateInput) -> GateRefusal? {
        let target = input.target
        guard target.error == nil, let history = target.reconciliation else { return unreadable(target) }
        if let refusal = failedMigrations(target.name, history) { return refusal }
        if input.plan.isEmpty { return nil }
        return modified(target.name, history, folder: input.folder)
            ?? missingLocally(target.name, history)
            ?? leftovers(target, plan: input.plan)
            ?? drift(target, allowed: input.allowDrift)
            ?? promoteFromBehind(input)
            ?? hazards(input)
    }

    /// A protected environment does not get a migration lint calls an error (a NOT NULL column without a default
    /// on a table with rows, a rewrite of a large table, a table it does not have) unless someone accepts it.
    static func hazards(_ input: GateInput) -> GateRefusal? {
        let errors = input.plan.errorHazards
        guard input.target.isProtected, !errors.isEmpty, !input.acceptHazards else { return nil }
        let env = input.target.name
        let shown = errors.prefix(3).map { "\($0.rule.rawValue) in \($0.migration) line \($0.line)" }
        let more = errors.count > 3 ? " and \(errors.count - 3) more" : ""
        return GateRefusal(gate: .hazards,
                           message: "lint found \(plural(errors.count, "error")) in what \(env) would get: "
                               + "\(shown.joined(separator: "; "))\(more). \(VisibleText.line(errors[0].message)).",
                           fix: "evermed-ops lint --pending \(ShellWord.quote(env)) (each finding says the safer way); "
                               + "to deploy them as they are, add --accept-hazards (audited)")
    }

    static func unreadable(_ target: EnvironmentFacts) -> GateRefusal {
        let why = target.error.map { "could not be read: \($0)" } ?? "has no migration history read for it"
        return GateRefusal(gate: .failedMigrations,
                           message: "\(target.name) \(why); no deploy gate can be checked.",
                           fix: "evermed-ops check \(target.name)")
    }

    /// Prisma P3009: a failed row blocks every later migration until it is resolved.
    static func failedMigrations(_ env: String, _ history: HistoryReconciliation) -> GateRefusal? {
        let failed = history.entries.filter { $0.state == .failed }
        guard let first = failed.first else { return nil }
        let described = failed.map(describeFailure).joined(separator: "; ")
        let subject = failed.count == 1 ? "a failed migration" : "\(failed.count) failed migrations:"
        return GateRefusal(gate: .failedMigrations,
                           message: "\(env) has \(subject) \(described): new migrations will not be applied "
                               + "until \(failed.count == 1 ? "it is" : "they are") resolved.",
                           fix: "evermed-ops check \(env), then evermed-ops resolve \(env) \(ShellWord.quote(first.name)) --rolled-back "
                               + "(or --applied if it completed)")
    }

    /// "NAME (started 2025-09-25 09:31:02 UTC: ERROR: column "userId" does not exist)".
    static func describeFailure(_ status: MigrationStatus) -> String {
        let name = VisibleText.line(status.name)
        guard let record = status.record else { return name }
        return "\(name) (\(record.startedDescription)\(record.errorLine.map { ": " + VisibleText.line($0) } ?? ""))"
    }

    static func modified(_ env: String, _ history: HistoryReconciliation, folder: [LocalMigration]) -> GateRefusal? {
        let names = history.names(.modified)
        guard !names.isEmpty else { return nil }
        let paths = names.map { name in ShellWord.quote(folder.first { $0.name == name }?.path ?? "\(name)/migration.sql") }
        return GateRefusal(gate: .modified,
                           message: "\(plural(names.count, "migration")) applied to \(env) changed locally since: "
                               + "\(listNames(names)). \(env) ran different SQL than "
                               + "\(names.count == 1 ? "this file holds" : "these files hold"), so other environments "
                               + "would get a different schema.",
                           fix: "git checkout -- \(paths.joined(separator: " ")), and put the changes in a new migration")
    }

    static func missingLocally(_ env: String, _ history: HistoryReconciliation) -> GateRefusal? {
        let names = history.names(.missingLocally)
        guard !names.isEmpty else { return nil }
        return GateRefusal(gate: .missingLocally,
                           message: "\(env) has applied \(plural(names.count, "migration")) that "
                               + "\(names.count == 1 ? "is" : "are") not in the local folder: \(listNames(names)). "
                               + "This checkout does not know what \(names.count == 1 ? "it" : "they") changed.",
                           fix: "git pull (or check out the branch that has \(listNames(names)))")
    }

    /// A migration marked rolled back whose objects are still there would run into them (42P07, 42701):
    /// refused even with --allow-drift, which is no way out of this one.
    /// Unless a migration the plan applies first removes them (what `fix ENV --revert` writes for them).
    static func leftovers(_ target: EnvironmentFacts, plan: DeployPlan) -> GateRefusal? {
        guard let l = target.leftovers.first(where: { !removedFirst($0, plan) }) else { return nil }
        let sql = l.compensatingSQL.isEmpty ? "drop them by hand" : l.compensatingSQL.joined(separator: " ")
        return GateRefusal(gate: .drift,
                           message: "\(target.name): \(VisibleText.line(l.migration)) is marked rolled back, but its leftovers are "
                               + "still there (\(listNames(l.objects))); deploying would run it again into them.",
                           fix: "remove them first (\(sql)), then evermed-ops deploy \(ShellWord.quote(target.name))")
    }

    /// True when a planned migration that sorts before the rolled-back one drops each leftover table.
    static func removedFirst(_ l: RolledBackLeftovers, _ plan: DeployPlan) -> Bool {
        let earlier = plan.migrations.map(\.migration).filter { $0.name < l.migration }
        let tables = l.objects.filter { $0.hasPrefix("table ") }.map { String($0.dropFirst(6)) }
        guard !earlier.isEmpty, !tables.isEmpty, tables.count == l.objects.count else { return false }
        return tables.allSatisfy { table in
            let drop = "DROP TABLE IF EXISTS " + SchemaSQL.sql(table)
            return earlier.contains { $0.sql.contains(drop + ";") || $0.sql.contains(drop + " ") }
        }
    }

    static func drift(_ target: EnvironmentFacts, allowed: Bool) -> GateRefusal? {
        guard !allowed else { return nil }
        let env = target.name
        guard let drift = target.drift else {
            return GateRefusal(gate: .drift, message: "\(env)'s drift was not computed; a deploy needs a full check.",
                               fix: "evermed-ops check \(env)")
        }
        guard !drift.isEmpty else { return nil }
        return GateRefusal(gate: .drift,
                           message: "\(env)'s live schema differs from its migration history (\(describe(drift))).",
                           fix: "evermed-ops fix \(env) (it writes the migration that reconciles them; "
                               + "evermed-ops diff \(env) migrations shows them), or deploy with --allow-drift")
    }

    /// "3 differences: table public.x unexpected, column public.y.z changed (type: text → integer), … and 1 more".
    public static func describe(_ drift: [SchemaChange]) -> String {
        let shown = drift.prefix(3).map { change -> String in
            var text = "\(change.kind.rawValue) \(VisibleText.line(change.name)) \(change.change.rawValue)"
            if let field = change.field {
                text += " (\(field): \(VisibleText.line(change.expected ?? "none")) → \(VisibleText.line(change.actual ?? "none")))"
            }
            return text
        }
        let more = drift.count > 3 ? " and \(drift.count - 3) more" : ""
        return "\(plural(drift.count, "difference")): \(shown.joined(separator: ", "))\(more)"
    }
}
