import XCTest
import OpsCore
@testable import OpsPostgres

final class HistoryStoreTests: XCTestCase {
    func testRead_NoTable_ReturnsNil() throws {
        try TestServer.withDatabase("hist_none") { conn, _ in
            XCTAssertNil(try HistoryStore.read(conn))
        }
    }

    func testRead_EmptyTable_ReturnsEmpty() throws {
        try TestServer.withDatabase("hist_empty", setup: HistoryStore.createTableSQL) { conn, _ in
            XCTAssertEqual(try HistoryStore.read(conn), [])
        }
    }

    func testRead_PrismaShapedRows_AppliedFailedRolledBack_InStartOrder() throws {
        let rows = """
            SET TIME ZONE 'America/New_York';
            INSERT INTO _prisma_migrations VALUES
              ('id-2', 'c2', NULL, '20250102000000_b', 'ERROR: boom', NULL, '2025-01-02 10:00:00.25+00', 0),
              ('id-1', 'c1', '2025-01-01 10:00:01+00', '20250101000000_a', NULL, NULL, '2025-01-01 10:00:00+00', 1),
              ('id-3', 'c3', NULL, '20250103000000_c', NULL, '2025-01-03 11:00:00+00', '2025-01-03 10:00:00+00', 0);
            """
        try TestServer.withDatabase("hist_rows", setup: HistoryStore.createTableSQL + ";" + rows) { conn, _ in
            let records = try XCTUnwrap(try HistoryStore.read(conn))
            XCTAssertEqual(records, [
                MigrationRecord(id: "id-1", checksum: "c1", migrationName: "20250101000000_a",
                                startedAt: "2025-01-01T10:00:00.000000Z", finishedAt: "2025-01-01T10:00:01.000000Z",
                                appliedStepsCount: 1),
                MigrationRecord(id: "id-2", checksum: "c2", migrationName: "20250102000000_b", logs: "ERROR: boom",
                                startedAt: "2025-01-02T10:00:00.250000Z"),
                MigrationRecord(id: "id-3", checksum: "c3", migrationName: "20250103000000_c",
                                startedAt: "2025-01-03T10:00:00.000000Z",
                                rolledBackAt: "2025-01-03T11:00:00.000000Z"),
            ])
            XCTAssertTrue(records[0].isApplied)
            XCTAssertTrue(records[1].isFailed)
            XCTAssertTrue(records[2].isRolledBack)
        }
    }

    func testCreateTableSQL_IsPrismasDDL() {
        XCTAssertEqual(HistoryStore.createTableSQL, """
            CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)
            """)
    }
}
