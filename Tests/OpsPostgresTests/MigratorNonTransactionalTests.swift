import XCTest
import OpsCore
@testable import OpsPostgres

final class MigratorNonTransactionalTests: XCTestCase {
    typealias F = MigratorFixture

    func testApply_CreateIndexConcurrently_AppliedAndRecorded() throws {
        try TestServer.withDatabase("mig_ntx_ok", setup: "CREATE TABLE t (id int)") { conn, _ in
            let migrator = try F.migrator(conn, lockTimeout: 2, statementTimeout: 30)
            try conn.execute("SET lock_timeout = '7s'")
            let m = F.migration("20250201000000_index", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nALTER TABLE t ADD COLUMN x int;\n")
            guard case .applied = try F.apply(migrator, m, transactional: false) else { return XCTFail() }
            XCTAssertTrue(try F.exists(conn, "public.t_id"))
            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNotNil(row.finishedAt)
            XCTAssertGreaterThanOrEqual(row.finishedAt ?? "", row.startedAt)
            XCTAssertEqual(row.appliedStepsCount, 1)
            XCTAssertNil(row.logs)
            XCTAssertEqual(try F.state(conn, [m], m.name), .applied)
            XCTAssertEqual(try conn.query("SHOW lock_timeout").text(0, 0), "7s", "the session's own setting is put back")
            XCTAssertEqual(try conn.query("SHOW statement_timeout").text(0, 0), "0")
        }
    }

    func testApply_FailureMidway_FirstStatementsRemain_RowSaysSo() throws {
        try TestServer.withDatabase("mig_ntx_fail") { conn, _ in
            let migrator = try F.migrator(conn)
            let sql = """
                CREATE TABLE t (id int);
                INSERT INTO t VALUES (1), (1);
                CREATE UNIQUE INDEX CONCURRENTLY t_u ON t (id);
                CREATE TABLE after_failure (id int);

                """
            let m = F.migration("20250202000000_dupes", sql)
            guard let failure = F.failure(try F.apply(migrator, m, transactional: false)) else { return }
            XCTAssertEqual(failure.sqlstate, PGError.Code.uniqueViolation)
            XCTAssertEqual(failure.line, 3)
            XCTAssertFalse(failure.rolledBackCleanly)
            XCTAssertTrue(try F.exists(conn, "public.t"))
            XCTAssertEqual(try conn.query("SELECT count(*) FROM t").text(0, 0), "2")
            XCTAssertFalse(try F.exists(conn, "public.after_failure"))

            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNil(row.finishedAt)
            XCTAssertNil(row.rolledBackAt)
            XCTAssertEqual(row.appliedStepsCount, 0)
            let logs = try XCTUnwrap(row.logs)
            XCTAssertTrue(logs.contains("Database error code: 23505"), logs)
            XCTAssertTrue(logs.contains("statements before line 3 were applied and remain"), logs)
            XCTAssertTrue(logs.contains("INVALID index"), logs)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
        }
    }

    func testApply_FailureAtTheFirstStatement_SaysNothingWasApplied() throws {
        try TestServer.withDatabase("mig_ntx_first") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250203000000_first", "ALTER TABLE missing ADD COLUMN x int;\nCREATE TABLE t (id int);\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: false)) else { return }
            XCTAssertTrue(failure.logs.contains("no statement before line 1 was applied"), failure.logs)
            XCTAssertFalse(try F.exists(conn, "public.t"))
        }
    }

    func testApply_FileOwnTransactionBlock_FailingInside_IsRolledBackAndSaid() throws {
        try TestServer.withDatabase("mig_ntx_block") { conn, _ in
            let migrator = try F.migrator(conn)
            let sql = "CREATE TABLE kept (id int);\nBEGIN;\nCREATE TABLE inside (id int);\nSELECT 1/0;\nCOMMIT;\n"
            let m = F.migration("20250204000000_block", sql)
            guard let failure = F.failure(try F.apply(migrator, m, transactional: false)) else { return }
            XCTAssertEqual(failure.line, 4)
            XCTAssertTrue(try F.exists(conn, "public.kept"))
            XCTAssertFalse(try F.exists(conn, "public.inside"))
            XCTAssertTrue(failure.logs.contains("statements before line 2 were applied and remain"), failure.logs)
            XCTAssertTrue(failure.logs.contains("The transaction it opened at line 2 was rolled back."), failure.logs)
            XCTAssertEqual(conn.transactionState, .idle)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
        }
    }

    func testApply_FileLeavesATransactionOpen_IsRolledBackAndFailed() throws {
        try TestServer.withDatabase("mig_ntx_open") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250205000000_open", "CREATE TABLE kept (id int);\nBEGIN;\nCREATE TABLE inside (id int);\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: false)) else { return }
            XCTAssertEqual(failure.line, 2)
            XCTAssertFalse(try F.exists(conn, "public.inside"))
            XCTAssertTrue(try F.exists(conn, "public.kept"))
            XCTAssertEqual(conn.transactionState, .idle)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
        }
    }
}
