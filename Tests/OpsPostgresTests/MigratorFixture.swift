import Foundation
import XCTest
import OpsCore
@testable import OpsPostgres

/// Helpers shared by the Migrator tests: migrations built from SQL text, history and catalog probes.
enum MigratorFixture {
    static func migration(_ name: String, _ sql: String) -> LocalMigration {
        LocalMigration(name: name, bytes: Array(sql.utf8), sql: sql, path: "db/migrations/\(name)/migration.sql")
    }

    /// A Migrator on `conn` with the history table in place.
    static func migrator(_ conn: PGConnection, lockTimeout: Double = 5, statementTimeout: Double? = nil) throws -> Migrator {
        let migrator = Migrator(connection: conn, lockTimeout: lockTimeout, statementTimeout: statementTimeout)
        try migrator.ensureHistoryTable()
        return migrator
    }

    static func apply(_ migrator: Migrator, _ migration: LocalMigration, transactional: Bool) throws -> ApplyOutcome {
        try migrator.apply(name: migration.name, checksum: migration.checksum,
                           statements: SQLScript(migration.sql).statements, transactional: transactional)
    }

    static func rows(_ conn: PGConnection) throws -> [MigrationRecord] {
        try XCTUnwrap(try HistoryStore.read(conn))
    }

    /// The state OpsCore's reconciliation gives `migration` from what is in the table now.
    static func state(_ conn: PGConnection, _ local: [LocalMigration], _ name: String) throws -> MigrationState? {
        HistoryReconciliation.reconcile(local: local, history: try HistoryStore.read(conn)).state(of: name)
    }

    static func exists(_ conn: PGConnection, _ relation: String) throws -> Bool {
        try conn.query("SELECT to_regclass($1) IS NOT NULL", [relation]).bool(0, 0)
    }

    static func failure(_ outcome: ApplyOutcome, file: StaticString = #filePath, line: UInt = #line) -> MigrationFailure? {
        if case .failed(let failure) = outcome { return failure }
        XCTFail("expected .failed, got \(outcome)", file: file, line: line)
        return nil
    }

    static func seconds(since start: Date) -> Double { Date().timeIntervalSince(start) }
}
