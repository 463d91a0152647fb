import Foundation
import OpsCore

extension Workspace {
    /// Finds and reads the project's configuration.
    ///
    /// - `configPath`: the `--config PATH` option (relative to `cwd`), or nil to look for
    ///   `evermed-ops.yml` in `cwd` and then each parent directory.
    /// - `environment`: the process environment. `.env` beside the config file (or in `cwd` when there is
    ///   none) is merged under it: variables already set in the process win. Nothing is exported.
    ///
    /// Without a config file, `DATABASE_URL`, `STAGING_DATABASE_URL` and `PRODUCTION_DATABASE_URL` define
    /// local, staging and production (protected, promoted from staging), each only when set.
    public static func load(configPath: String?, cwd: String,
                            environment: [String: String]) throws -> Workspace {
        try WorkspaceLoader(cwd: FileSystem.absolute(cwd, base: FileManager.default.currentDirectoryPath),
                         processEnvironment: environment)
            .load(configPath: configPath)
    }
}

/// The steps of `Workspace.load`, in order: locate, read `.env`, parse, choose the migrations directory.
struct WorkspaceLoader {
    let cwd: String
    let processEnvironment: [String: String]

    func load(configPath: String?) throws(WorkspaceError) -> Workspace {
        let configFile = try locateConfig(configPath)
        let root = configFile.map { FileSystem.parent(of: $0) ?? "/" } ?? cwd
        let dotEnv = try DotEnv.load(directory: root, display: display(root + "/.env"))
        let variables = dotEnv.merging(processEnvironment) { _, process in process }

        var config = ConfigFile()
        if let configFile {
            let file = display(configFile)
            let text = try FileSystem.readText(configFile, display: file)
            config = try ConfigParser(file: file, variables: variables).parse(text)
        }
        var environments = config.environments ?? []
        if config.environments == nil {
            environments = try defaultEnvironments(variables, config.defaults, configFile: configFile)
        }
        let migrations = try migrationsDirectory(config.migrations, root: root, configFile: configFile)
        var workspace = Workspace(root: root, configPath: configFile, migrationsDirectory: migrations,
                                  migrationsDisplayPath: FileSystem.relative(migrations, from: root),
                                  shadowURL: config.shadowURL, shadowURLProblem: config.shadowURLProblem,
                                  environments: environments, variables: variables)
        workspace.unusableURLs = config.unusableURLs
        workspace.commands = config.commands
        // `sops:` and `schema:` are relative to the config's directory; a missing SOP folder is simply empty.
        workspace.sopsDirectory = FileSystem.absolute(config.sops?.path ?? "sops", base: root)
        workspace.schemaPath = config.schema.map { FileSystem.absolute($0.path, base: root) }
        workspace.llm = config.llm
        workspace.lint = config.lint
        return workspace
    }

    /// Absolute path of the config file to read, or nil when there is none.
    private func locateConfig(_ explicit: String?) throws(WorkspaceError) -> String? {
        if let explicit {
            let path = FileSystem.absolute(explicit, base: cwd)
            switch FileSystem.kind(of: path) {
            case .missing: throw .configNotFound(path: explicit)
            case .directory: throw .unreadableFile(path: explicit, reason: "it is a directory")
            case .file: return path
            }
        }
        var directory: String? = cwd
        while let current = directory {
            let candidate = current == "/" ? "/" + Workspace.configFileName
                : current + "/" + Workspace.configFileName
            if FileSystem.kind(of: candidate) == .file { return candidate }
            directory = FileSystem.parent(of: current)
        }
        return nil
    }

    /// local/staging/production from the conventional variables, each only when set and non-empty.
    private func defaultEnvironments(_ variables: [String: String], _ defaults: EnvironmentDefaults,
                                     configFile: String?) throws(WorkspaceError) -> [EnvironmentConfig] {
        func make(_ name: String, _ variable: String) -> EnvironmentConfig? {
            guard let url = variables[variable]?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
                return nil
            }
            let problem = ConnectionURL.problem(url).map {
                WorkspaceError.unparsableURL(source: variable, key: "url", environment: name, reason: $0)
            }
            return EnvironmentConfig(name: name, url: url, lockWait: defaults.lockWait,
                                     lockTimeout: defaults.lockTimeout,
                                     statementTimeout: defaults.statementTimeout, unavailable: problem)
        }
        let local = make("local", "DATABASE_URL")
        let staging = make("staging", "STAGING_DATABASE_URL")
        var production = make("production", "PRODUCTION_DATABASE_URL")
        production?.protected = true
        if staging != nil { production?.promoteFrom = "staging" }
        let environments = [local, staging, production].compactMap { $0 }
        guard environments.isEmpty else { return environments }
        if let configFile { throw .noEnvironments(file: display(configFile), line: 1) }
        throw .noConfiguration(directory: cwd)
    }

    /// The configured directory (which must exist), else `db/migrations` or `prisma/migrations`.
    private func migrationsDirectory(_ configured: (path: String, line: Int, written: String)?, root: String,
                                     configFile: String?) throws(WorkspaceError) -> String {
        if let configured {
            let path = FileSystem.absolute(configured.path, base: root)
            guard FileSystem.kind(of: path) == .directory else {
                let location = configFile.map { "\(display($0)):\(configured.line)" }
                // A `${VAR}` is named as written: what it expands to may be a secret.
                let shown = configured.written.contains("${") ? configured.written : display(path)
                throw .migrationsDirectoryNotFound(path: shown, configuredAt: location)
            }
            return path
        }
        for candidate in ["db/migrations", "prisma/migrations"] {
            let path = root + "/" + candidate
            if FileSystem.kind(of: path) == .directory { return path }
        }
        return root + "/db/migrations"
    }

    /// A path as the user should read it: relative to where they ran the command when that is short.
    private func display(_ path: String) -> String { FileSystem.relative(path, from: cwd) }
}
