/// One row of Prisma's `_prisma_migrations` table, read as-is.
public struct MigrationRecord: Equatable, Sendable, Codable {
    public var id: String
    public var checksum: String
    public var migrationName: String
    public var logs: String?
    /// Timestamps as the server renders them in ISO 8601 (UTC); compared as text only for ordering.
    public var startedAt: String
    public var finishedAt: String?
    public var rolledBackAt: String?
    public var appliedStepsCount: Int

    public init(id: String, checksum: String, migrationName: String, logs: String? = nil,
                startedAt: String, finishedAt: String? = nil, rolledBackAt: String? = nil,
                appliedStepsCount: Int = 0) {
        self.id = id
        self.checksum = checksum
        self.migrationName = migrationName
        self.logs = logs
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.rolledBackAt = rolledBackAt
        self.appliedStepsCount = appliedStepsCount
    }

    /// Prisma: a migration has failed when it was started and neither finished nor rolled back.
    public var isFailed: Bool { finishedAt == nil && rolledBackAt == nil }
    public var isApplied: Bool { finishedAt != nil && rolledBackAt == nil }
    public var isRolledBack: Bool { rolledBackAt != nil }
}

extension MigrationRecord {
    /// `started 2025-09-25 09:31:02 UTC`, for messages about a failed migration.
    public var startedDescription: String {
        "started " + String(startedAt.prefix(19)).replacingAll("T", with: " ") + " UTC"
    }

    /// The line of `logs` that says what went wrong: Prisma's and ours put the server's `ERROR: …` on its own
    /// line; otherwise the first line mentioning an error, else the first line. Nil when nothing was logged.
    public var errorLine: String? {
        let lines = (logs ?? "").split(whereSeparator: \.isNewline)
            .map { String($0.drop { $0 == " " || $0 == "\t" }) }.filter { !$0.isEmpty }
        return lines.first { $0.hasPrefix("ERROR") } ?? lines.first { $0.contains("rror") } ?? lines.first
    }
}
