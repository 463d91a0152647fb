import Foundation

/// The writes to Prisma's `_prisma_migrations`, each shaped like the row Prisma itself writes
/// (schema-engine `sql_migration_persistence.rs`): a UUID v4 `id`, the file's checksum, and
/// `finished_at` / `rolled_back_at` / `logs` set exactly where Prisma sets them, so `prisma migrate status`
/// and evermed-ops read the same history. The table is named with its schema, as `HistoryStore` reads it,
/// so a migration that changes `search_path` cannot send a row elsewhere. Values are always bound.
enum MigrationHistoryWriter {
    static let table = "\"public\".\"_prisma_migrations\""

    /// A new row id as Prisma makes it (`Uuid::new_v4().to_string()`): 36 lowercase characters.
    static func newID() -> String { UUID().uuidString.lowercased() }

    /// The current transaction's start (`now()`) in UTC, in a form `timestampFromUTC` reads back under any
    /// DateStyle or TimeZone setting.
    static let transactionStartSQL = "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    private static let timestampFromUTC = "($5::timestamp AT TIME ZONE 'UTC')"

    private static let insertColumns =
        "(id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)"

    /// Transactional success, inside the migration's own transaction: `started_at = now()` is the
    /// transaction's start, `finished_at = clock_timestamp()` the moment the last statement finished.
    static let insertAppliedSQL = "INSERT INTO \(table) \(insertColumns) VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)"

    /// Transactional failure, after the rollback: the row the rolled-back transaction would have written,
    /// left failed (finished_at and rolled_back_at NULL), with `started_at` = the transaction's start ($5).
    static let insertFailedSQL = "INSERT INTO \(table) \(insertColumns) VALUES ($1, $2, NULL, $3, $4, NULL, \(timestampFromUTC), 0)"

    /// A failure found before anything ran (started now, failed at once).
    static let insertFailedNowSQL = "INSERT INTO \(table) \(insertColumns) VALUES ($1, $2, NULL, $3, $4, NULL, now(), 0)"

    /// Non-transactional start: the row exists, failed, until `finishSQL` runs — Prisma's
    /// `record_migration_started`, so a crash midway leaves it visible.
    static let insertStartedSQL = "INSERT INTO \(table) \(insertColumns) VALUES ($1, $2, NULL, $3, NULL, NULL, now(), 0)"
    static let finishSQL = "UPDATE \(table) SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1"
    /// Prisma's `record_failed_step`: only `logs` changes; the row stays failed.
    static let failSQL = "UPDATE \(table) SET logs = $2 WHERE id = $1"

    /// `resolve --rolled-back`: every failed row of the migration (Prisma marks them by id, one per failed row).
    static let markRolledBackSQL = """
        UPDATE \(table) SET rolled_back_at = now()
        WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL
        RETURNING id
        """

    /// `resolve --applied` and baseline (Prisma's `mark_migration_applied_impl`): `started_at = finished_at`
    /// (one `now()`), `logs = ''`, `applied_steps_count` left at its default 0.
    static let insertMarkedAppliedSQL = "INSERT INTO \(table) \(insertColumns) VALUES ($1, $2, now(), $3, '', NULL, now(), 0)"
}
