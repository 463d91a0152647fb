/// How the operator is asked to approve a change on a terminal.
public enum ApprovalRequest: Sendable, Equatable {
    /// Protected environment: type its name.
    case typeName(String)
    /// Any other environment: y/N.
    case yesNo
}

/// The one confirmation rule for every command that changes a database (deploy, resolve, baseline), so a
/// protected environment can never need less confirmation than an ordinary one:
///
/// - not interactive: `--yes` is required, and a protected environment must also be named with
///   `--confirm ENV` (the flag is the typed name of a script);
/// - on a terminal: an ordinary environment asks y/N unless `--yes` was given; a protected one asks for its
///   name to be typed unless both `--yes` and `--confirm ENV` were given.
///
/// A protected deploy has its backup gate besides this (`--confirm-backup` / `--backup-to`, or the typed name
/// on a terminal, whose question says a backup must exist).
public struct ConfirmationRule: Sendable, Equatable {
    public var environment: String
    public var isProtected: Bool
    public var interactive: Bool
    public var yes: Bool
    /// `--confirm NAME`, as given.
    public var confirmName: String?

    public init(environment: String, isProtected: Bool, interactive: Bool, yes: Bool, confirmName: String?) {
        self.environment = environment
        self.isProtected = isProtected
        self.interactive = interactive
        self.yes = yes
        self.confirmName = confirmName
    }

    public enum Verdict: Sendable, Equatable {
        /// Confirmed by the flags: go on without asking.
        case proceed
        /// Ask on the terminal.
        case ask(ApprovalRequest)
        /// Not confirmed and nobody can be asked; `missing` are the flags to add (`--yes`, `--confirm production`).
        case refuse(reason: String, missing: [String])
    }

    public var verdict: Verdict {
        let named = confirmName == environment
        if let given = confirmName, !named {
            return .refuse(reason: "--confirm names \(given), not \(environment); nothing was changed.",
                           missing: (yes || interactive ? [] : ["--yes"]) + ["--confirm \(environment)"])
        }
        if interactive {
            if isProtected { return yes && named ? .proceed : .ask(.typeName(environment)) }
            return yes ? .proceed : .ask(.yesNo)
        }
        let flags = missing(named: named)
        guard !flags.isEmpty else { return .proceed }
        let reason = isProtected
            ? "\(environment) is protected and this run is not interactive: it must say --yes and name the environment with --confirm \(environment)."
            : "Changing \(environment) needs a confirmation and this run is not interactive: it must say --yes."
        return .refuse(reason: reason, missing: flags)
    }

    /// The flags a non-interactive run lacks.
    private func missing(named: Bool) -> [String] {
        var flags: [String] = []
        if !yes { flags.append("--yes") }
        if isProtected && !named { flags.append("--confirm \(environment)") }
        return flags
    }
}
