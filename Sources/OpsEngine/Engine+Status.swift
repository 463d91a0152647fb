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
            return try reconcile(conn, env)
        }
        var statuses = zip(envs, results).map { env, result -> EnvironmentStatus in
            switch result {
            case let .success(r):
                return EnvironmentStatus(name: env.name, target: target(env), error: nil, reconciliation: r,
                                         facts: facts(env, reconciliation: r))
            case let .failure(error):
                let text = message(error)
                return EnvironmentStatus(name: env.name, target: target(env), error: text, reconciliation: nil,
                                         facts: facts(env, error: text))
            }
        }
        for i in statuses.indices {
            let source = statuses.first { $0.name == statuses[i].facts.promoteFrom }?.reconciliation
            statuses[i].facts.compare(withSource: source)
        }
        var names = Set(folder.migrations.map(\.name))
        for s in statuses { names.formUnion(s.reconciliation?.entries.map(\.name) ?? []) }
        return StatusReport(environments: statuses, migrations: names.sorted(), warnings: folder.warnings)
    }
}
