/// The flags of `deploy`, as typed: one value whether it came from the command line or a console line.
public struct DeployFlags: Equatable, Sendable {
    /// Show the plan and change nothing.
    public var dryRun = false
    /// Confirm without asking (required when not interactive; see `ConfirmationRule`).
    public var yes = false
    /// `--confirm NAME`: a protected environment named by the operator.
    public var confirmName: String?
    /// The operator asserts a backup of a protected environment exists.
    public var confirmBackup = false
    /// `pg_dump -Fc` the environment into this directory first.
    public var backupTo: String?
    /// Apply even though the live schema differs from its history (audited).
    public var allowDrift = false
    /// Deploy a protected environment although lint found errors in the plan (audited).
    public var acceptHazards = false

    public init(dryRun: Bool = false, yes: Bool = false, confirmName: String? = nil, confirmBackup: Bool = false,
                backupTo: String? = nil, allowDrift: Bool = false, acceptHazards: Bool = false) {
        self.dryRun = dryRun
        self.yes = yes
        self.confirmName = confirmName
        self.confirmBackup = confirmBackup
        self.backupTo = backupTo
        self.allowDrift = allowDrift
        self.acceptHazards = acceptHazards
    }
}

/// The flags of `diff`: `--sql` prints the SQL that turns A into B; `--privileges` compares GRANTs too.
public struct DiffOptions: Equatable, Sendable {
    public var sql = false
    public var privileges = false

    public init(sql: Bool = false, privileges: Bool = false) {
        self.sql = sql
        self.privileges = privileges
    }
}

/// The confirmation flags of `resolve` and `baseline` (`ConfirmationRule`).
public struct ConfirmFlags: Equatable, Sendable {
    public var yes = false
    public var confirmName: String?

    public init(yes: Bool = false, confirmName: String? = nil) {
        self.yes = yes
        self.confirmName = confirmName
    }
}

/// What `lint` was asked: migrations (empty: every local one), or `--pending ENV`; `--env ENV` for its tables.
public struct LintRequest: Equatable, Sendable {
    public var targets: [String]
    public var pending: String?
    public var environment: String?

    public init(targets: [String] = [], pending: String? = nil, environment: String? = nil) {
        self.targets = targets
        self.pending = pending
        self.environment = environment
    }
}

/// Which side of a drift `fix` trusts.
public enum FixMode: String, Equatable, Sendable {
    /// The live schema is right (a manual hotfix): the migration reproduces it everywhere.
    case capture
    /// The history is right: the migration brings the live schema back to it.
    case revert
}

/// What `fix ENV` was asked: the direction (asked on a terminal when not given), and column renames
/// (`public.t.old=new`) to keep instead of a drop and an add.
public struct FixRequest: Equatable, Sendable {
    public var environment: String
    public var mode: FixMode?
    /// Old qualified column → new column name (in the same table).
    public var renames: [String: String]

    public init(environment: String, mode: FixMode? = nil, renames: [String: String] = [:]) {
        self.environment = environment
        self.mode = mode
        self.renames = renames
    }

    /// `public.t.old=new,public.u.a=b` → ["public.t.old": "public.t.new", …]; nil when a part is not `TABLE.OLD=NEW`.
    public static func parseRenames(_ text: String) -> [String: String]? {
        var out: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            // TABLE.OLD (the table's schema defaults to public) = NEW, a column name.
            let parts = pair.first?.split(separator: ".").map(String.init) ?? []
            guard pair.count == 2, parts.count == 2 || parts.count == 3, !pair[1].isEmpty, !pair[1].contains(".") else { return nil }
            let qualified = (parts.count == 2 ? ["public"] : []) + parts
            out[qualified.joined(separator: ".")] = qualified.dropLast().joined(separator: ".") + "." + pair[1]
        }
        return out
    }

    /// The `--rename` value that gives `renames` back.
    public var renamesFlag: String? {
        renames.isEmpty ? nil : renames.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.split(separator: ".").last.map(String.init) ?? $0.value)" }.joined(separator: ",")
    }
}
