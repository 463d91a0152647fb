import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `lint [MIGRATION…] [--env ENV]`, `lint --pending ENV`: the hazards of the migrations named (every local
    /// migration when none is), or of those ENV has not applied; with an environment, weighed by its tables.
    public func lint(_ request: LintRequest) throws -> LintReport {
        if request.pending != nil, !request.targets.isEmpty {
            throw EngineError.request("Give either migrations to lint or --pending ENV, not both: --pending lints exactly "
                + "what `deploy ENV` would apply.")
        }
        if let pending = request.pending, let env = request.environment, pending != env {
            throw EngineError.request("--pending \(pending) and --env \(env) name different environments; --pending "
                + "already uses its environment's tables.")
        }
        guard let name = request.pending ?? request.environment else {
            // No environment: deploy's lock_timeout is the lowest any environment gets.
            let timeout = workspace.environments.map(\.lockTimeout).min() ?? 0
            return MigrationLinter(settings: workspace.lint, deployLockTimeout: timeout)
                .lint(try lintTargets(request.targets).sorted { $0.name < $1.name })
        }
        let env = try workspace.environment(named: name)
        let conn = try connect(env)
        let linter = try linter(for: env, conn: conn)
        guard request.pending != nil else { return linter.lint(try lintTargets(request.targets).sorted { $0.name < $1.name }) }
        // Exactly deploy's plan, linted in the same pass that plans it.
        let plan = DeployPlan.make(environment: env.name, reconciliation: try reconcile(conn, env),
                                   folder: folder.migrations, linter: linter)
        return LintReport(targets: plan.migrations.map { .init(name: $0.migration.name, path: $0.migration.path) },
                          findings: plan.hazards, environment: env.name)
    }

    /// Each target is a migration's name (or a unique part of it), a path to a migration of the folder (its directory
    /// or its migration.sql), or any other `.sql` file.
    func lintTargets(_ targets: [String]) throws -> [LocalMigration] {
        if targets.isEmpty { return folder.migrations }
        return try targets.map { target in
            if let m = folder.migration(named: target) { return m }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
                let url = URL(fileURLWithPath: target).standardizedFileURL
                let directory = isDirectory.boolValue ? url : url.deletingLastPathComponent()
                if isDirectory.boolValue || url.lastPathComponent == MigrationsFolder.scriptName,
                   let m = folder.migration(named: directory.lastPathComponent) {
                    return m
                }
                return try readSQLFile(isDirectory.boolValue ? url.appendingPathComponent(MigrationsFolder.scriptName).path : target)
            }
            let matches = folder.migrations.filter { $0.name.contains(target) }
            if matches.count == 1 { return matches[0] }
            let folderPath = workspace.migrationsDisplayPath
            if matches.count > 1 {
                throw EngineError.request("“\(target)” matches \(matches.count) migrations in \(folderPath): "
                    + "\(matches.prefix(4).map(\.name).joined(separator: ", ")). Give the whole name.")
            }
            throw EngineError.request("“\(target)” is neither a migration in \(folderPath) nor a file. "
                + "Give a migration's name (`evermed-ops status` lists them) or the path of a .sql file.")
        }
    }

    func readSQLFile(_ path: String) throws -> LocalMigration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.request("\(path) cannot be read (does it exist, and may this user read it?).")
        }
        guard let sql = String(data: data, encoding: .utf8) else {
            throw EngineError.request("\(path) is not UTF-8 text; lint reads SQL files.")
        }
        return LocalMigration(name: path, bytes: [UInt8](data), sql: sql, path: path)
    }
}
