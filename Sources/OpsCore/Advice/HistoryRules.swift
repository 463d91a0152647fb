/// The rules about one environment's history, lock and schema.

/// The environment could not be reached: nothing else can be said about it.
public struct UnreachableRule: EnvironmentRule {
    public let id = "unreachable"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let error = f.error else { return nil }
        return Advice(.blocking, "\(f.name) could not be checked: \(error)")
    }
}

/// A failed migration blocks every later deploy (Prisma P3009) until someone resolves it.
public struct FailedMigrationRule: EnvironmentRule {
    public let id = "failed_migration"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let failed = f.reconciliation?.names(.failed).first else { return nil }
        let leftovers = (f.drift?.isEmpty == false) ? "; its leftovers show as drift" : ""
        return Advice(.blocking, "\(f.name) has a failed migration \(VisibleText.line(failed)) that blocks deploys\(leftovers)",
                      command: "resolve \(ShellWord.quote(f.name)) \(ShellWord.quote(failed)) --rolled-back",
                      hint: "or --applied if it completed; resolve shows the evidence first")
    }
}

/// Marked rolled back, but its objects are still there: the next deploy would run it into its own leftovers.
public struct RolledBackLeftoversRule: EnvironmentRule {
    public let id = "rolled_back_leftovers"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let l = f.leftovers.first else { return nil }
        let sql = l.compensatingSQL.isEmpty ? "drop them by hand" : "run " + l.compensatingSQL.joined(separator: " ")
        return Advice(.blocking, "\(f.name): \(VisibleText.line(l.migration)) is marked rolled back but its leftovers remain "
                        + "(\(listNames(l.objects))); a deploy would run it into them",
                      hint: "remove them first — \(sql) — then evermed-ops deploy \(ShellWord.quote(f.name))")
    }
}

/// Someone holds the migration lock: a deploy is running, or one died holding it.
public struct LockHeldRule: EnvironmentRule {
    public let id = "lock_held"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let holder = f.lockHolder else { return nil }
        return Advice(.warning, "\(f.name): the migration lock is held by \(VisibleText.line(holder))",
                      hint: "a deploy is running there; wait for it, or ask its owner (end the session only if it is stuck)")
    }
}

/// An applied migration's file was edited afterwards: environments now disagree about what it means.
public struct ModifiedMigrationRule: EnvironmentRule {
    public let id = "modified_migration"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let names = f.reconciliation?.names(.modified), !names.isEmpty else { return nil }
        return Advice(.warning,
                      "\(plural(names.count, "applied migration")) changed locally since \(f.name) applied "
                        + "\(names.count == 1 ? "it" : "them"): \(listNames(names))",
                      hint: "git checkout -- the edited migration.sql, and put new changes in a new migration")
    }
}

/// The database applied migrations the local folder does not have: someone deployed from another branch.
public struct MissingLocallyRule: EnvironmentRule {
    public let id = "missing_locally"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let names = f.reconciliation?.names(.missingLocally), !names.isEmpty else { return nil }
        return Advice(.warning,
                      "\(f.name) has \(plural(names.count, "migration")) not in the local folder: \(listNames(names))",
                      hint: "git pull (or check out the branch that added \(names.count == 1 ? "it" : "them"))")
    }
}

/// The live schema differs from what the environment's own history says it should be.
public struct DriftRule: EnvironmentRule {
    public let id = "drift"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let drift = f.unexplainedDrift, !drift.isEmpty else { return nil }
        if f.reconciliation?.names(.failed).isEmpty == false { return nil }   // explained by the failed rule
        return Advice(.warning, "\(f.name) has drifted: \(plural(drift.count, "difference")) from its migration history",
                      command: "fix \(ShellWord.quote(f.name))",
                      hint: "writes the migration that reconciles them: --capture keeps the live schema, --revert restores the history")
    }
}

/// An environment would get migrations its promote_from environment has not applied: deploy that one first.
public struct PromoteOrderRule: EnvironmentRule {
    public let id = "promote_order"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let source = f.promoteFrom, let behind = f.promoteFromBehind, !behind.isEmpty,
              f.reconciliation?.names(.failed).isEmpty != false else { return nil }
        return Advice(.warning, "\(f.name) would get \(plural(behind.count, "migration")) that \(source) has not applied yet: "
                        + listNames(behind),
                      command: "deploy \(ShellWord.quote(source))", hint: "first; then evermed-ops deploy \(ShellWord.quote(f.name))")
    }
}

/// Migrations exist locally that the environment has not applied.
public struct PendingMigrationsRule: EnvironmentRule {
    public let id = "pending"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let r = f.reconciliation else { return nil }
        let pending = r.toApply
        guard !pending.isEmpty else { return nil }
        let verdict = "\(f.name) is \(plural(pending.count, "migration")) behind"
        if !r.names(.failed).isEmpty { return Advice(.info, verdict + "; resolve the failed migration first") }
        if !f.leftovers.isEmpty { return Advice(.info, verdict + "; remove the rolled-back migration's leftovers first") }
        if f.promoteFromBehind?.isEmpty == false, let source = f.promoteFrom {
            return Advice(.info, verdict + "; \(source) first (promotion order)")
        }
        let unknown = f.promoteFrom != nil && f.promoteFromBehind == nil
        return Advice(.info, verdict, command: "deploy \(ShellWord.quote(f.name))",
                      hint: unknown ? "\(f.promoteFrom!) could not be read: make sure it has these first" : nil)
    }
}

/// A pending migration older than ones already applied: Prisma applies it anyway, after them.
public struct OutOfOrderRule: EnvironmentRule {
    public let id = "out_of_order"
    public init() {}

    public func advise(_ f: EnvironmentFacts, in _: ProjectFacts) -> Advice? {
        guard let names = f.reconciliation?.outOfOrder, !names.isEmpty else { return nil }
        return Advice(.warning, "\(f.name): \(listNames(names)) \(names.count == 1 ? "is" : "are") older than migrations it "
                        + "already applied (out of order); a deploy applies \(names.count == 1 ? "it" : "them") after those",
                      hint: "check \(names.count == 1 ? "it does" : "they do") not depend on running before them, or rename to a newer timestamp")
    }
}

/// Nothing to do; with the last deploy from the audit log.
public struct InSyncRule: AdviceRule {
    public let id = "in_sync"
    public init() {}

    public func advise(_ p: ProjectFacts) -> [Advice] {
        p.environments.compactMap { f -> Advice? in
            guard f.error == nil, let r = f.reconciliation, r.historyInSync, (f.drift ?? []).isEmpty else { return nil }
            let applied = r.names(.applied).count
            let what = f.drift == nil ? "up to date" : "in sync"
            var verdict = "\(f.name) is \(what) (\(plural(applied, "migration")) applied\(f.drift == nil ? "" : ", no drift"))"
            if let last = p.lastDeploys[f.name] {
                verdict += "; last deploy \(String(last.time.prefix(16).map { $0 == "T" ? " " : $0 })) UTC by "
                    + "\(VisibleText.line(last.user)) (\(plural(last.migrations.count, "migration")))"
            }
            var advice = Advice(.ok, verdict)
            advice.environment = f.name
            return advice
        }
    }
}
