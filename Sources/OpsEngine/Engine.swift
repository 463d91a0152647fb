import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

/// Runs the typed actions (`status`, `check`, `diff`, …) against a workspace. The one-shot CLI and the
/// console call the same methods, so each action has one implementation. Results are values; expected
/// outcomes (behind, drifted, unreachable in a matrix) are data in the report, not thrown errors.
public struct Engine: Sendable {
    public let workspace: Workspace
    public let folder: MigrationsFolder
    /// Called with short progress lines (`replaying 4 migrations…`); the console decides whether to show them.
    public var progress: @Sendable (String) -> Void
    /// Problems the operator must see even in CI (an audit line that could not be written): always shown.
    public var warn: @Sendable (String) -> Void
    /// `host:port/db` per environment, worked out once (parsing a conninfo per audit line adds up).
    let targets: [String: String]

    /// `folder`: the migrations folder when the caller has read it already (the console reads the project once
    /// per line); read here otherwise.
    public init(workspace: Workspace, folder: MigrationsFolder? = nil, progress: @escaping @Sendable (String) -> Void = { _ in },
                warn: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.workspace = workspace
        self.targets = Dictionary(workspace.environments.filter(\.isAvailable).map { ($0.name, ConnInfo.describe($0.url)) },
                                  uniquingKeysWith: { a, _ in a })
        self.folder = try folder ?? MigrationsFolder.load(directory: workspace.migrationsDirectory,
                                                          displayPath: workspace.migrationsDisplayPath)
        self.progress = progress
        self.warn = warn
    }

    /// Every secret the workspace knows, for the print site's redactor.
    public var redactor: Redactor { Engine.redactor(for: workspace) }

    /// URLs and passwords of every environment and the shadow server: what must never be printed or kept.
    /// A password is known three ways: as libpq reads it, and as written between `user:` and `@` (raw and
    /// decoded) — the only way to know it when an unencoded `/` or `@` makes libpq misread the URL.
    public static func redactor(for workspace: Workspace) -> Redactor {
        let urls = (workspace.environments.map(\.url) + [workspace.shadowURL].compactMap { $0 } + workspace.unusableURLs)
            .filter { !$0.isEmpty }
        return Redactor(secrets: urls + urls.compactMap { ConnInfo.password($0) } + urls.flatMap(ConnectionURL.passwordCandidates))
    }

    /// The environments named, in config order; `all` or no names means every environment.
    public func environments(_ names: [String]) throws -> [EnvironmentConfig] {
        if names.isEmpty || names == ["all"] { return workspace.environments }
        return try names.map { try workspace.environment(named: $0) }
    }

    func target(_ env: EnvironmentConfig) -> String {
        if case .unparsableURL = env.unavailable { return ConnInfo.unparsable }
        guard env.isAvailable else { return "not configured" }
        return targets[env.name] ?? ConnInfo.describe(env.url)
    }

    func connect(_ env: EnvironmentConfig) throws -> PGConnection {
        if let problem = env.unavailable { throw problem }
        do { return try PGConnection(conninfo: env.url) } catch let error as PGError {
            throw EngineError.connection(environment: env.name, target: target(env), error)
        }
    }

    func facts(_ env: EnvironmentConfig, reconciliation: HistoryReconciliation? = nil,
               drift: [SchemaChange]? = nil, error: String? = nil) -> EnvironmentFacts {
        EnvironmentFacts(name: env.name, reconciliation: reconciliation, drift: drift, error: error,
                         isProtected: env.protected, promoteFrom: env.promoteFrom)
    }

    /// Reads the history table of an open connection and reconciles it with the local folder.
    func reconcile(_ conn: PGConnection, _ env: EnvironmentConfig) throws -> HistoryReconciliation {
        do {
            return HistoryReconciliation.reconcile(local: folder.migrations, history: try HistoryStore.read(conn))
        } catch let error as PGError {
            throw EngineError.database(environment: env.name, target: target(env), error)
        }
    }

    /// Text for an error shown inside a report (a matrix column, a check object), free of secrets.
    func message(_ error: Error) -> String {
        redactor.redact(String(describing: error))
    }
}
