import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// The name `diff` accepts for the schema of every local migration replayed in order.
    public static let migrationsSide = "migrations"

    /// `diff A B`: each side an environment or `migrations`; both sides are read concurrently.
    public func diff(_ a: String, _ b: String, options: DiffOptions = DiffOptions()) throws -> DiffReport {
        let sides = try [a, b].map { name -> Side in
            name == Engine.migrationsSide ? .migrations : .environment(try workspace.environment(named: name))
        }
        let results = Parallel.map(sides) { side in
            try schema(of: side, privileges: options.privileges, concurrentReads: sides.count)
        }
        let from = try results[0].get(), to = try results[1].get()
        // One comparison, in two halves on two threads, for both the changes and the script.
        let comparison = try Self.compare(from, to, pieces: 2)
        let changes = SchemaDiff.diff(comparison)
        let sql = options.sql ? SchemaSQL.script(from: from, to: to, comparison: comparison) : nil
        Parallel.releaseInBackground(consume from, consume to)
        return DiffReport(from: a, to: b, fromTarget: describe(sides[0]), toTarget: describe(sides[1]),
                          changes: changes, sql: sql)
    }

    /// The comparison of `from` and `to`, its pieces compared at once (`SchemaDiff.diff(_:)` of it is
    /// `SchemaDiff.diff(from:to:)`).
    static func compare(_ from: SchemaSnapshot, _ to: SchemaSnapshot, pieces: Int) throws -> [SchemaDiff.Partial] {
        let parts = SchemaDiff.pieces(from, to, count: pieces)
        return try Parallel.map(parts) { SchemaDiff.compare(from, to, piece: $0) }.map { try $0.get() }
    }

    enum Side: Sendable {
        case environment(EnvironmentConfig)
        case migrations
    }

    func describe(_ side: Side) -> String {
        switch side {
        case let .environment(env): return target(env)
        case .migrations: return workspace.migrationsDisplayPath
        }
    }

    /// `concurrentReads`: how many databases are being read at once (`CatalogIntrospector.helpersPay`).
    func schema(of side: Side, privileges: Bool = false, concurrentReads: Int = 1) throws -> SchemaSnapshot {
        switch side {
        case let .environment(env):
            return try introspect(try connect(env), env, privileges: privileges,
                                  helpers: CatalogIntrospector.helpersPay(env.url, concurrentReads: concurrentReads))
        case .migrations:
            let anchor = workspace.environments.first { $0.name == "local" } ?? workspace.environments.first
            guard let env = anchor else { throw EngineError.noShadowServer(environment: "migrations") }
            return try expectedSchema(folder.migrations, for: env, privileges: privileges)
        }
    }
}
