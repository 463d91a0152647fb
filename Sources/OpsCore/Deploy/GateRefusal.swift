/// The checks a deploy passes before it touches a database. Raw values are the words `--json` and the
/// audit log use. `backup`, `lock` and `confirmation` are decided at run time by the engine.
public enum Gate: String, Codable, Sendable, CaseIterable {
    case failedMigrations = "failed_migrations"
    case modified
    case missingLocally = "missing_locally"
    case drift
    case promoteFromBehind = "promote_from_behind"
    case hazards
    case backup
    case lock
    case confirmation
}

/// A deploy that was refused, with the evidence and the command that clears it. An expected outcome,
/// returned as a value; it is an `Error` only so the engine can hand it to its one presenter.
public struct GateRefusal: Equatable, Sendable, Error {
    public var gate: Gate
    /// The evidence, one short paragraph naming the migrations or objects involved.
    public var message: String
    /// The command that clears it, when there is one.
    public var fix: String?

    public init(gate: Gate, message: String, fix: String? = nil) {
        self.gate = gate
        self.message = message
        self.fix = fix
    }
}
