import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `status [ENV...]`: each environment's history against the folder, read concurrently. No shadow
    /// database, so it is fast; an unreachable environment becomes a column with its error.
    public func status(_ names: [String]) throws -> StatusReport {
        let envs = try environments(names)
        let results = Parallel.map(envs) { env in
            let conn = try connect(env)
            let history = try reconcile(conn, env)
            return (history, lockHolder(conn), try leftovers(conn, env, history))
        }
        var statuses = zip(envs, results).map { env, result -> EnvironmentStatus in
            switch result {
            case let .success((r, holder, leftovers)):
                var f = facts(env, reconciliation: r)
                f.lockHolder = holder
                f.leftovers = leftovers
                return EnvironmentStatus(name: env.name, target: target(env), error: nil, reconciliation: r, facts: f)
            case let .failure(error):
                let text = message(error)
                return EnvironmentStatus(name: env.name, target: target(env), error: text, reconciliation: nil,
                                         facts: facts(env, error: text))
            }
        }
        var all = statuses.map(\.facts)
        comparePromotion(&all)
        for i in statuses.indices { statuses[i].facts = all[i] }
        var names = Set(folder.migrations.map(\.name))
        for s in statuses { names.formUnion(s.reconciliation?.entries.map(\.name) ?? []) }
        return StatusReport(environments: statuses, migrations: names.sorted(), warnings: folder.warnings)
    }
}

extension Engine {
    /// Fills each environment's `promoteFromBehind` from what its promote_from environment actually has: from
    /// the facts at hand, else read (its history only) — advice never guesses "deploy it first".
    func comparePromotion(_ facts: inout [EnvironmentFacts]) {
        var sources: [String: HistoryReconciliation?] = [:]
        for f in facts { sources[f.name] = f.reconciliation }
        let missing = Set(facts.compactMap(\.promoteFrom)).subtracting(sources.keys).sorted()
        let read = Parallel.map(missing) { name in
            let env = try workspace.environment(named: name)
            return try reconcile(try connect(env), env)
        }
        for (name, result) in zip(missing, read) { sources[name] = try? result.get() }
        for i in facts.indices {
            guard let source = facts[i].promoteFrom else { continue }
            facts[i].compare(withSource: sources[source] ?? nil)
        }
    }

    /// The leftovers of migrations marked rolled back that a deploy would apply again. Only then is the live
    /// catalog read (one set-based introspection): the usual `status` reads the history alone.
    func leftovers(_ conn: PGConnection, _ env: EnvironmentConfig, _ history: HistoryReconciliation,
                   live known: SchemaSnapshot? = nil) throws -> [RolledBackLeftovers] {
        let again = history.entries.filter { $0.state == .rolledBack && $0.isLocal }.compactMap { folder.migration(named: $0.name) }
        guard !again.isEmpty else { return [] }
        let live = try known ?? introspect(conn, env)
        return again.compactMap { RolledBackLeftovers.find($0, live: live) }
    }

    /// Who holds the migration lock on this database, described without secrets; nil when nobody does.
    func lockHolder(_ conn: PGConnection) -> String? {
        (try? MigrationLock.holder(conn))??.description
    }
}
