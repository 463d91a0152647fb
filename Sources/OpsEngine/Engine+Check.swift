import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `check ENV|all`: history reconciliation plus drift. The expected schema comes from replaying,
    /// on a shadow database, exactly the migrations the environment recorded as applied, in the order
    /// they ran; so a failed migration's leftovers show up as drift.
    public func check(_ names: [String]) throws -> [CheckReport] {
        let envs = try environments(names)
        var reports = Parallel.map(envs) { env in
            checkOne(env, helpers: CatalogIntrospector.helpersPay(env.url, concurrentReads: envs.count))
        }.map { try! $0.get() }
        var all = reports.map(\.facts)
        comparePromotion(&all)
        for i in reports.indices { reports[i].facts = all[i] }
        return reports
    }

    /// Never throws: a failure becomes the report's error, so `check all` reports every environment.
    /// `helpers`: whether a big schema may be read over a second connection (several are read at once).
    func checkOne(_ env: EnvironmentConfig, helpers: Bool = true) -> CheckReport {
        var notes: [String] = []
        do {
            let conn = try connect(env)
            let history = try reconcile(conn, env)
            let replayable = history.appliedInRunOrder.compactMap { name in folder.migration(named: name) }
            let unreplayable = history.appliedInRunOrder.filter { folder.migration(named: $0) == nil }
            if !unreplayable.isEmpty {
                notes.append("Drift is measured against the \(replayable.count) applied migrations found locally; "
                    + "\(unreplayable.joined(separator: ", ")) could not be replayed (no local file).")
            }
            let (live, expected) = try Parallel.both({
                try introspect(conn, env, helpers: helpers)
            }, {
                try expectedSchema(replayable, for: env)
            })
            let drift = SchemaDiff.drift(expected: expected, actual: live)
            var f = facts(env, reconciliation: history, drift: drift)
            f.lockHolder = lockHolder(conn)
            // A rolled-back migration still in the folder is applied again by the next deploy: its effects must
            // not be there already.
            f.leftovers = try leftovers(conn, env, history, live: live)
            Parallel.releaseInBackground(consume live, consume expected)
            return CheckReport(environment: env.name, target: target(env), facts: f, notes: notes)
        } catch {
            return CheckReport(environment: env.name, target: target(env), facts: facts(env, error: message(error)),
                               notes: notes)
        }
    }

    func introspect(_ conn: PGConnection, _ env: EnvironmentConfig, privileges: Bool = false,
                    helpers: Bool = true) throws -> SchemaSnapshot {
        do { return try CatalogIntrospector.introspect(conn, privileges: privileges, helpers: helpers) } catch let error as PGError {
            throw EngineError.database(environment: env.name, target: target(env), error)
        }
    }

    /// The server where shadow databases are created: `shadow_url`, else the `local` environment's server.
    func shadowServer(for env: EnvironmentConfig) throws -> String {
        if let url = try workspace.requireShadowURL() { return url }
        if let local = workspace.environments.first(where: { $0.name == "local" && $0.isAvailable }) { return local.url }
        if workspace.environments.count == 1 || !env.protected { return env.url }
        throw EngineError.noShadowServer(environment: env.name)
    }

    /// The schema a list of migrations produces, from the cache when these exact files were replayed before.
    func expectedSchema(_ migrations: [LocalMigration], for env: EnvironmentConfig,
                        privileges: Bool = false) throws -> SchemaSnapshot {
        // Replaying nothing gives a fresh database: only `public` (tested against a real replay).
        if migrations.isEmpty { return SchemaSnapshot.emptyDatabase }
        let server = try shadowServer(for: env)
        let version: Int
        do { version = try PGConnection(conninfo: server).serverVersion } catch let error as PGError {
            throw EngineError.connection(environment: "the shadow database server", target: ConnInfo.describe(server), error)
        }
        let cache = SchemaCache(directory: workspace.stateDirectory + "/cache")
        let key = cache.key(for: migrations, serverVersion: version, privileges: privileges)
        if let cached = cache.load(key) {
            progress("using the cached schema of \(migrations.count) replayed migrations for \(env.name)")
            return cached
        }
        progress("replaying \(migrations.count) migrations on a shadow database for \(env.name)…")
        do {
            let schema = try ShadowDatabase.replay(server: server, migrations: migrations, privileges: privileges,
                                                   note: progress)
            _ = cache.store(key, schema)
            return schema
        } catch let error as ReplayError {
            throw EngineError.replay(error)
        } catch let error as PGError {
            throw EngineError.connection(environment: "the shadow database server", target: ConnInfo.describe(server), error)
        }
    }
}
