/// The environment could not be reached: nothing else can be said about it.
public struct UnreachableRule: AdviceRule {
    public let id = "unreachable"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let error = f.error else { return nil }
        return Advice(.blocking, "\(f.name) could not be checked: \(error)")
    }
}

/// A failed migration blocks every later deploy (Prisma P3009) until someone resolves it.
public struct FailedMigrationRule: AdviceRule {
    public let id = "failed_migration"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let failed = f.reconciliation?.names(.failed).first else { return nil }
        let leftovers = (f.drift?.isEmpty == false) ? "; its leftovers show as drift" : ""
        return Advice(.blocking, "\(f.name) has a failed migration \(VisibleText.line(failed)) that blocks deploys\(leftovers)",
                      command: "resolve \(ShellWord.quote(f.name)) \(ShellWord.quote(failed)) --rolled-back",
                      hint: "or --applied if it completed")
    }
}

/// The database applied migrations the local folder does not have: someone deployed from another branch.
public struct MissingLocallyRule: AdviceRule {
    public let id = "missing_locally"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let names = f.reconciliation?.names(.missingLocally), !names.isEmpty else { return nil }
        return Advice(.warning,
                      "\(f.name) has \(plural(names.count, "migration")) not in the local folder: \(listNames(names))",
                      hint: "git pull (or check out the branch that added \(names.count == 1 ? "it" : "them"))")
    }
}

/// An applied migration's file was edited afterwards: environments now disagree about what it means.
public struct ModifiedMigrationRule: AdviceRule {
    public let id = "modified_migration"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let names = f.reconciliation?.names(.modified), !names.isEmpty else { return nil }
        return Advice(.warning,
                      "\(plural(names.count, "applied migration")) changed locally since \(f.name) applied "
                        + "\(names.count == 1 ? "it" : "them"): \(listNames(names))",
                      hint: "git checkout -- the edited migration.sql, and put new changes in a new migration")
    }
}

/// The live schema differs from what the environment's own history says it should be.
public struct DriftRule: AdviceRule {
    public let id = "drift"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let drift = f.drift, !drift.isEmpty else { return nil }
        if f.reconciliation?.names(.failed).isEmpty == false { return nil }   // explained by the failed rule
        return Advice(.warning, "\(f.name) has drifted: \(plural(drift.count, "difference")) from its migration history",
                      command: "diff \(ShellWord.quote(f.name)) migrations", hint: "then write a migration that reconciles them")
    }
}

/// Migrations exist locally that the environment has not applied.
public struct PendingMigrationsRule: AdviceRule {
    public let id = "pending"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard let r = f.reconciliation else { return nil }
        let pending = r.toApply
        guard !pending.isEmpty else { return nil }
        let blocked = !r.names(.failed).isEmpty
        var verdict = "\(f.name) is \(plural(pending.count, "migration")) behind"
        if !r.outOfOrder.isEmpty { verdict += " (\(listNames(r.outOfOrder)) out of order)" }
        if blocked { return Advice(.info, verdict + "; resolve the failed migration first") }
        let env = ShellWord.quote(f.name)
        // Deploy the promote_from environment first — unless it is known to have applied all of these already.
        guard let source = f.promoteFrom, f.promoteFromBehind?.isEmpty != true else {
            return Advice(.info, verdict, command: "deploy \(env)")
        }
        return Advice(.info, verdict, command: "deploy \(ShellWord.quote(source))",
                      hint: "first; then evermed-ops deploy \(env)")
    }
}

/// Nothing to do.
public struct InSyncRule: AdviceRule {
    public let id = "in_sync"
    public init() {}

    public func advise(_ f: EnvironmentFacts) -> Advice? {
        guard f.error == nil, let r = f.reconciliation, r.historyInSync, (f.drift ?? []).isEmpty else { return nil }
        let applied = r.names(.applied).count
        let what = f.drift == nil ? "up to date" : "in sync"
        return Advice(.ok, "\(f.name) is \(what) (\(plural(applied, "migration")) applied\(f.drift == nil ? "" : ", no drift"))")
    }
}
