import Foundation
@testable import OpsCore

/// Local migrations and `_prisma_migrations` rows shaped the way Prisma writes them: uuid ids, the
/// 64-hex SHA-256 of the file, ISO 8601 UTC timestamps, `applied_steps_count` 1 and no logs on success,
/// 0 with the error in `logs` on failure, `rolled_back_at` set by `prisma migrate resolve --rolled-back`.
enum PrismaHistory {
    static let initName = "20240108093000_init"
    static let postsName = "20240115141210_add_posts"
    static let rolesName = "20240202080455_add_roles"
    static let auditName = "20240219170030_audit_log"

    static func local(_ name: String, sql: String? = nil, crlf: Bool = false) -> LocalMigration {
        var text = sql ?? "-- \(name)\nCREATE TABLE \"\(name.split(separator: "_").last!)\" (\n    \"id\" TEXT NOT NULL\n);\n"
        if crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        return LocalMigration(name: name, bytes: Array(text.utf8), sql: text,
                              path: "prisma/migrations/\(name)/migration.sql")
    }

    /// A uuid v4-shaped id, distinct per `n`.
    static func uuid(_ n: Int) -> String { String(format: "7d1f3a52-9c4e-4b8a-a6d2-%012x", n) }

    /// A successful `migrate deploy` row.
    static func applied(_ m: LocalMigration, id: Int, at started: String, checksum: String? = nil) -> MigrationRecord {
        MigrationRecord(id: uuid(id), checksum: checksum ?? m.checksum, migrationName: m.name, logs: nil,
                        startedAt: started, finishedAt: finishedAfter(started), rolledBackAt: nil,
                        appliedStepsCount: 1)
    }

    /// A row left by a migration whose SQL failed: started, never finished, the error in `logs`.
    static func failed(_ name: String, checksum: String, id: Int, at started: String) -> MigrationRecord {
        MigrationRecord(id: uuid(id), checksum: checksum, migrationName: name,
                        logs: "A migration failed to apply. New migrations cannot be applied before the error is recovered from.\n\n"
                            + "Migration name: \(name)\n\nDatabase error code: 42P07\n\nDatabase error:\n"
                            + "ERROR: relation \"Role\" already exists\n",
                        startedAt: started, finishedAt: nil, rolledBackAt: nil, appliedStepsCount: 0)
    }

    /// The same failed row after `prisma migrate resolve --rolled-back`.
    static func rolledBack(_ row: MigrationRecord, at: String) -> MigrationRecord {
        var r = row
        r.rolledBackAt = at
        return r
    }

    /// Prisma's `finished_at` is a few hundred milliseconds after `started_at`; same prefix, later fraction.
    private static func finishedAfter(_ started: String) -> String {
        started.replacingOccurrences(of: ".000Z", with: ".412Z")
    }
}
