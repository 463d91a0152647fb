import OpsCore

/// The project as evermed-ops sees it: where the config and migrations are, which databases exist, and the
/// variables (process environment merged with `.env`) the engine hands on to the tools it runs.
///
/// Built once per command by `Workspace.load`; a plain value afterwards, so every later step is pure.
/// `description` and the `dump` mirror leave out `variables` and URLs, which hold passwords.
public struct Workspace: Sendable {
    public static let configFileName = "evermed-ops.yml"

    /// The directory holding the config file (the current directory when there is none).
    public var root: String
    /// Absolute path of the config file, nil when running from `*DATABASE_URL` variables alone.
    public var configPath: String?
    /// Absolute path of the Prisma-layout migrations directory.
    public var migrationsDirectory: String
    /// `migrationsDirectory` relative to `root`, for messages.
    public var migrationsDisplayPath: String
    /// Where to replay migrations; nil means a scratch database on the local environment's server.
    public var shadowURL: String?
    /// Why `shadow_url:` could not be resolved (its `${VAR}` is unset or empty); see `requireShadowURL()`.
    public var shadowURLProblem: WorkspaceError?
    /// In the order the config file lists them.
    public var environments: [EnvironmentConfig]
    /// The process environment merged over `.env`: what child processes and `${VAR}` expansion see.
    public var variables: [String: String]
    /// URLs refused because libpq would misread them (`ConnectionURL.problem`), such as a bad `shadow_url`:
    /// never used, kept only so the redactor masks their passwords.
    public var unusableURLs: [String] = []
    /// `commands:`: the project's own commands, which SOP steps (`> run: NAME`) and `preflight` run.
    public var commands: [ProjectCommand] = []
    /// Absolute path of the project's SOP folder: config `sops:`, else `sops/` next to the config.
    public var sopsDirectory: String?
    /// Absolute path of the schema file (config `schema:`), for the `schema_without_migration` rule.
    public var schemaPath: String?
    /// `llm:`, when configured.
    public var llm: LLMConfig?
    /// `lint:`: table-size thresholds and rules switched off.
    public var lint = LintSettings()

    public init(root: String, configPath: String?, migrationsDirectory: String, migrationsDisplayPath: String,
                shadowURL: String? = nil, shadowURLProblem: WorkspaceError? = nil,
                environments: [EnvironmentConfig], variables: [String: String] = [:]) {
        self.root = root
        self.configPath = configPath
        self.migrationsDirectory = migrationsDirectory
        self.migrationsDisplayPath = migrationsDisplayPath
        self.shadowURL = shadowURL
        self.shadowURLProblem = shadowURLProblem
        self.environments = environments
        self.variables = variables
    }

    /// The command configured as `name`.
    public func command(named name: String) -> ProjectCommand? { commands.first { $0.name == name } }

    /// Local state kept beside the config: caches, recorded runs.
    public var stateDirectory: String { root + "/.evermed-ops" }

    /// The environment called `name`. Throws `unknownEnvironment` (with a did-you-mean) for an unknown
    /// name, and the environment's own `unavailable` error when its url's `${VAR}` is unset or empty.
    public func environment(named name: String) throws -> EnvironmentConfig {
        guard let environment = environments.first(where: { $0.name == name }) else {
            throw WorkspaceError.unknownEnvironment(name: name, known: environments.map(\.name))
        }
        if let problem = environment.unavailable { throw problem }
        return environment
    }

    /// `shadowURL`, or the reason it could not be resolved when `shadow_url:` is set but its variable is not.
    public func requireShadowURL() throws -> String? {
        if let shadowURLProblem { throw shadowURLProblem }
        return shadowURL
    }
}

extension Workspace: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let names = environments.map(\.name).joined(separator: ", ")
        return "Workspace(root: \(root), migrations: \(migrationsDisplayPath), environments: [\(names)])"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["root": root, "configPath": configPath as Any,
                                "migrationsDirectory": migrationsDirectory, "environments": environments],
               displayStyle: .struct)
    }
}

/// One entry of `commands:` (`typecheck: "npx tsc --noEmit"`).
public struct ProjectCommand: Equatable, Sendable {
    public var name: String
    /// A shell command line, run with `/bin/sh -c` in the project's directory.
    public var command: String

    public init(name: String, command: String) {
        self.name = name
        self.command = command
    }
}

/// `llm:` in the config: an OpenAI-compatible endpoint. The key is read from the variable `apiKeyVariable` names
/// (never written in the config).
public struct LLMConfig: Sendable {
    /// The expanded url, or why it is not available (its `${VAR}` is unset).
    public var url: Result<String, WorkspaceError>
    public var model: String
    public var apiKeyVariable: String?
    public var timeout: Double
    /// OpenAI's `tool_choice` for the first round: `auto` (default), `required`, `none`, or a tool's name.
    public var toolChoice: String?
}
