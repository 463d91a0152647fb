import OpsCore

/// `preflight`: the configured pre-push commands and what the git and environment rules found.
public struct PreflightReport: Sendable {
    public struct CommandRun: Sendable {
        public var name: String
        public var command: String
        public var status: Int32
        public var interrupted: Bool
    }

    public var commands: [CommandRun]
    /// The pre-push commands the config does not define (`typecheck`, `lint`, `build`).
    public var notConfigured: [String]
    public var findings: [Advice]

    public var failedCommands: [CommandRun] { commands.filter { $0.status != 0 } }
    public var blocking: [Advice] { findings.filter { $0.severity == .blocking } }
    public var passed: Bool { failedCommands.isEmpty && blocking.isEmpty }
}

/// `preflight --install-hook`.
public struct HookReport: Sendable {
    public var path: String
    public var written: Bool
}
