import OpsCore

/// Reads Prisma's migration history table (`_prisma_migrations`) as-is. The table is optional: a database
/// that never ran a migration has none, which is a state to report, not an error.
public enum HistoryStore {
    /// Prisma's own DDL for the table, byte for byte, so a table created here is the one Prisma expects.
    public static let createTableSQL = """
        CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, \
        "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, \
        "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), \
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0)
        """

    static let existsSQL = "SELECT to_regclass('public._prisma_migrations') IS NOT NULL"

    static let selectSQL = """
        SELECT id, checksum, migration_name, logs,
               \(isoUTC("started_at")), \(isoUTC("finished_at")), \(isoUTC("rolled_back_at")),
               applied_steps_count
        FROM public._prisma_migrations
        ORDER BY started_at, migration_name
        """

    private static func isoUTC(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }

    /// The history rows ordered by start time then name, or nil when the table does not exist.
    public static func read(_ conn: PGConnection) throws -> [MigrationRecord]? {
        guard try conn.query(existsSQL).bool(0, 0) else { return nil }
        let result = try conn.query(selectSQL)
        return result.rows.map { row in
            MigrationRecord(id: row[0] ?? "", checksum: row[1] ?? "", migrationName: row[2] ?? "", logs: row[3],
                            startedAt: row[4] ?? "", finishedAt: row[5], rolledBackAt: row[6],
                            appliedStepsCount: Int(row[7] ?? "") ?? 0)
        }
    }
}
