/// What `resolve` records for a migration: Prisma's `--applied` or `--rolled-back`.
/// A separate type from the engine's mode so the router stays in OpsCore; the raw value is the flag's word.
public enum ResolveChoice: String, Equatable, Sendable, CaseIterable {
    case applied
    case rolledBack = "rolled-back"

    /// The console/CLI flag, e.g. `--rolled-back`.
    public var flag: String { "--" + rawValue }
}
