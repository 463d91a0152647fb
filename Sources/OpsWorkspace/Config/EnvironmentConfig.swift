/// One database the team keeps in step (local, staging, production, …) and how carefully to treat it.
///
/// `url` is a secret (it usually holds a password): `description`, `debugDescription` and the mirror used by
/// `dump` show only the name, so an environment can be logged or interpolated without leaking it.
public struct EnvironmentConfig: Equatable, Sendable {
    public var name: String
    /// A libpq URL or keyword string. When `unavailable` is set it is empty (an unset variable) or a URL
    /// libpq would misread, kept only so the redactor can mask its password — never connected to.
    public var url: String
    /// Changes need an explicit confirmation (production).
    public var protected: Bool
    /// The environment whose applied migrations this one should follow (production ← staging).
    public var promoteFrom: String?
    /// Seconds `deploy` waits for the advisory lock before giving up.
    public var lockWait: Double
    /// Seconds for `SET lock_timeout` while migrating.
    public var lockTimeout: Double
    /// Seconds for `SET statement_timeout` while migrating; nil leaves the server's setting.
    public var statementTimeout: Double?
    /// Why `url` could not be resolved (a `${VAR}` that is unset or empty), reported when the environment is
    /// used rather than at load time, so a developer without production credentials can still work locally.
    public var unavailable: WorkspaceError?

    public static let defaultLockWait = 10.0
    public static let defaultLockTimeout = 5.0

    public init(name: String, url: String, protected: Bool = false, promoteFrom: String? = nil,
                lockWait: Double = EnvironmentConfig.defaultLockWait,
                lockTimeout: Double = EnvironmentConfig.defaultLockTimeout,
                statementTimeout: Double? = nil, unavailable: WorkspaceError? = nil) {
        self.name = name
        self.url = url
        self.protected = protected
        self.promoteFrom = promoteFrom
        self.lockWait = lockWait
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.unavailable = unavailable
    }

    /// True when `url` holds a usable connection string.
    public var isAvailable: Bool { unavailable == nil }
}

extension EnvironmentConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { name }
    public var debugDescription: String { "EnvironmentConfig(\(name))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "protected": protected, "promoteFrom": promoteFrom as Any],
               displayStyle: .struct)
    }
}
