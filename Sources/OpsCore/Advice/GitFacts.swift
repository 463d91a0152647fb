/// What git says about the project, read by OpsWorkspace's `GitReader`: the input to the git advice rules and
/// to the `git clean` / `git pushed` gates.
public struct GitFacts: Equatable, Sendable {
    /// nil when the project is in a git work tree; else why not (not a repository, git not installed).
    public var unavailable: String?
    public var branch: String?
    /// `origin/main`, or nil when the branch tracks nothing.
    public var upstream: String?
    /// Commits on the branch that the upstream does not have, and the other way round.
    public var ahead = 0
    public var behind = 0
    /// `git status --porcelain` entries (`?? db/migrations/2025…/`) per path asked about; the key `""` is the
    /// migrations folder.
    public var changes: [String: [String]] = [:]
    /// The schema file (config `schema:`) changed — uncommitted, or committed after the newest migration — with
    /// no new migration to go with it. nil when no schema file is configured.
    public var schemaChangedWithoutMigration: Bool?
    /// The schema file's path, for messages.
    public var schemaPath: String?

    public init(unavailable: String? = nil, branch: String? = nil, upstream: String? = nil, ahead: Int = 0,
                behind: Int = 0, changes: [String: [String]] = [:], schemaChangedWithoutMigration: Bool? = nil,
                schemaPath: String? = nil) {
        self.unavailable = unavailable
        self.branch = branch
        self.upstream = upstream
        self.ahead = ahead
        self.behind = behind
        self.changes = changes
        self.schemaChangedWithoutMigration = schemaChangedWithoutMigration
        self.schemaPath = schemaPath
    }

    /// The uncommitted or untracked entries of the migrations folder.
    public var migrationChanges: [String] { changes[""] ?? [] }
}
