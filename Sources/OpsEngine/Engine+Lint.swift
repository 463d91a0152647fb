import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `lint [MIGRATION…] [--env ENV]`, `lint --pending ENV`: the hazards of the migrations named (every local
    /// migration when none is), or of those ENV has not applied; with an environment, weighed by its tables.
    public func lint(_ request: LintRequest) throws -> LintReport {
        if request.pending != nil, !request.targets.isEmpty {
            throw EngineError.lint("Give either migrations to lint or --pending ENV, not both: --pending lints exactly "
                + "what `deploy ENV` would apply.")
        }
        if let pending = request.pending, let env = request.environment, pending != env {
            throw EngineError.lint("--pending \(pending) and --env \(env) name different environments; --pending already "
                + "uses its environment's tables.")
        }
        let envName = request.pending ?? request.environment
        let env = try envName.map { try workspace.environment(named: $0) }
        var migrations: [LocalMigration]
        var context: LintContext?
        let timeouts = workspace.environments.map(\.lockTimeout)
        if let env {
            let conn = try connect(env)
            do {
                context = try LintCatalog.read(conn, environment: env.name, settings: workspace.lint,
                                               deployLockTimeout: env.lockTimeout)
            } catch let error as PGError {
                throw EngineError.database(environment: env.name, target: target(env), error)
            }
            if request.pending != nil {
                // Exactly deploy's plan, linted in the same pass that plans it.
                let linter = MigrationLinter(context: context, settings: workspace.lint, deployLockTimeout: env.lockTimeout)
                let plan = DeployPlan.make(environment: env.name, reconciliation: try reconcile(conn, env),
                                           folder: folder.migrations, linter: linter)
                return LintReport(targets: plan.migrations.map { .init(name: $0.migration.name, path: $0.migration.path) },
                                  findings: plan.hazards, environment: env.name)
            } else {
                migrations = try lintTargets(request.targets)
            }
        } else {
            migrations = try lintTargets(request.targets)
        }
        migrations.sort { $0.name < $1.name }
        let linter = MigrationLinter(context: context, settings: workspace.lint,
                                     deployLockTimeout: env?.lockTimeout ?? (timeouts.min() ?? 0))
        return linter.lint(migrations)
    }

    /// Each target is a migration's name (or a unique part of it), its folder, or a `.sql` file anywhere.
    func lintTargets(_ targets: [String]) throws -> [LocalMigration] {
        if targets.isEmpty { return folder.migrations }
        return try targets.map { target in
            if let m = folder.migration(named: target) { return m }
            let trimmed = target.hasSuffix("/") ? String(target.dropLast()) : target
            let last = (trimmed as NSString).lastPathComponent
            if last == MigrationsFolder.scriptName,
               let m = folder.migration(named: ((trimmed as NSString).deletingLastPathComponent as NSString).lastPathComponent),
               FileManager.default.fileExists(atPath: trimmed) {
                return m
            }
            if let m = folder.migration(named: last), FileManager.default.fileExists(atPath: trimmed) { return m }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory) {
                let file = isDirectory.boolValue ? trimmed + "/" + MigrationsFolder.scriptName : trimmed
                return try readSQLFile(file)
            }
            let matches = folder.migrations.filter { $0.name.contains(target) }
            if matches.count == 1 { return matches[0] }
            let folderPath = workspace.migrationsDisplayPath
            if matches.count > 1 {
                throw EngineError.lint("“\(target)” matches \(matches.count) migrations in \(folderPath): "
                    + "\(matches.prefix(4).map(\.name).joined(separator: ", ")). Give the whole name.")
            }
            throw EngineError.lint("“\(target)” is neither a migration in \(folderPath) nor a file. "
                + "Give a migration's name (`evermed-ops status` lists them) or the path of a .sql file.")
        }
    }

    func readSQLFile(_ path: String) throws -> LocalMigration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.lint("\(path) cannot be read (permissions?).")
        }
        guard let sql = String(data: data, encoding: .utf8) else {
            throw EngineError.lint("\(path) is not UTF-8 text; lint reads SQL files.")
        }
        return LocalMigration(name: path, bytes: [UInt8](data), sql: sql, path: path)
    }
}
