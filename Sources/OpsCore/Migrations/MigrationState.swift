/// Where one migration stands in one environment. Raw values are the words `status` and `--json` print.
public enum MigrationState: String, Codable, Sendable, CaseIterable {
    /// Finished and not rolled back; the local file matches the recorded checksum.
    case applied
    /// In the local folder, never applied (no row that is finished or failed).
    case pending
    /// Started, neither finished nor rolled back (Prisma's definition); blocks deploys.
    case failed
    /// Every row for it is rolled back; a deploy will apply it again.
    case rolledBack = "rolled_back"
    /// Applied, but the local file's checksum no longer matches what was applied.
    case modified
    /// Recorded as applied or failed in the database, with no folder locally.
    case missingLocally = "missing_locally"
}

/// One migration's state in one environment, with the row that decided it.
public struct MigrationStatus: Equatable, Sendable {
    public var name: String
    public var state: MigrationState
    /// Pending, but sorts before the newest applied migration: someone applied a later one first.
    public var outOfOrder: Bool
    /// The history row the state was derived from (nil for pending).
    public var record: MigrationRecord?
    /// Whether the local folder has this migration.
    public var isLocal: Bool

    public init(name: String, state: MigrationState, outOfOrder: Bool = false, record: MigrationRecord? = nil,
                isLocal: Bool = true) {
        self.name = name
        self.state = state
        self.outOfOrder = outOfOrder
        self.record = record
        self.isLocal = isLocal
    }

    /// True when this entry needs no action: applied, or a rolled-back row whose file is gone.
    public var isSettled: Bool { state == .applied || (state == .rolledBack && !isLocal) }
}
