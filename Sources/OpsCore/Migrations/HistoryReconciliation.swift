/// Reconciles an environment's `_prisma_migrations` rows with the local migrations folder.
/// Pure: the Postgres layer reads the rows, the workspace reads the folder, this decides the states.
public struct HistoryReconciliation: Equatable, Sendable {
    /// One entry per migration known locally or recorded in the database, in name order.
    public var entries: [MigrationStatus]
    /// False when the database has no `_prisma_migrations` table (nothing applied yet).
    public var hasHistoryTable: Bool
    /// Migrations the environment has applied, in the order they ran (start time, then name):
    /// the sequence to replay on a shadow database to get the schema the history promises.
    public var appliedInRunOrder: [String]

    public init(entries: [MigrationStatus], hasHistoryTable: Bool, appliedInRunOrder: [String]) {
        self.entries = entries
        self.hasHistoryTable = hasHistoryTable
        self.appliedInRunOrder = appliedInRunOrder
    }

    public func names(_ state: MigrationState) -> [String] { entries.filter { $0.state == state }.map(\.name) }
    public var outOfOrder: [String] { entries.filter(\.outOfOrder).map(\.name) }
    public func state(of name: String) -> MigrationState? { entries.first { $0.name == name }?.state }

    /// Migrations a deploy would apply now: pending, plus rolled-back ones that still exist locally.
    public var toApply: [String] {
        entries.filter { $0.state == .pending || ($0.state == .rolledBack && $0.isLocal) }.map(\.name)
    }

    /// Nothing pending, failed, rolled back (awaiting re-apply), modified or missing locally.
    public var historyInSync: Bool {
        entries.allSatisfy(\.isSettled)
    }

    /// - Parameters:
    ///   - local: the migrations folder, any order.
    ///   - history: the rows of `_prisma_migrations`, or nil when the table does not exist.
    public static func reconcile(local: [LocalMigration], history: [MigrationRecord]?) -> HistoryReconciliation {
        let rows = history ?? []
        let localByName = Dictionary(local.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let rowsByName = Dictionary(grouping: rows, by: \.migrationName)
        let names = Set(localByName.keys).union(rowsByName.keys).sorted()

        var entries: [MigrationStatus] = names.map { name in
            status(name: name, file: localByName[name], rows: rowsByName[name] ?? [])
        }
        let appliedStates: Set<MigrationState> = [.applied, .modified, .missingLocally]
        let newestApplied = entries.last { appliedStates.contains($0.state) && $0.record?.isApplied == true }?.name
        if let newest = newestApplied {
            for i in entries.indices where entries[i].state == .pending && entries[i].name < newest {
                entries[i].outOfOrder = true
            }
        }
        let runOrder = rows.filter(\.isApplied)
            .sorted { ($0.startedAt, $0.migrationName) < ($1.startedAt, $1.migrationName) }
            .map(\.migrationName)
        var seen = Set<String>()
        return HistoryReconciliation(entries: entries, hasHistoryTable: history != nil,
                                     appliedInRunOrder: runOrder.filter { seen.insert($0).inserted })
    }

    /// Prisma's rules for one name: an applied row wins, then a failed one; only-rolled-back rows mean
    /// the migration will be applied again.
    static func status(name: String, file: LocalMigration?, rows: [MigrationRecord]) -> MigrationStatus {
        if let applied = rows.last(where: \.isApplied) {
            guard let file else {
                return MigrationStatus(name: name, state: .missingLocally, record: applied, isLocal: false)
            }
            let state: MigrationState = file.matches(checksum: applied.checksum) ? .applied : .modified
            return MigrationStatus(name: name, state: state, record: applied)
        }
        if let failed = rows.last(where: \.isFailed) {
            // Failed wins over missing-locally: it blocks every deploy until resolved.
            return MigrationStatus(name: name, state: .failed, record: failed, isLocal: file != nil)
        }
        if let rolledBack = rows.last(where: \.isRolledBack) {
            return MigrationStatus(name: name, state: .rolledBack, record: rolledBack, isLocal: file != nil)
        }
        return MigrationStatus(name: name, state: .pending)
    }
}
