import XCTest
import OpsCore
@testable import OpsPostgres

final class MigratorTransactionalTests: XCTestCase {
    typealias F = MigratorFixture

    func testApply_Success_WritesOnePrismaShapedRowAndTheChange() throws {
        try TestServer.withDatabase("mig_tx_ok") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250101000000_init", "CREATE TABLE users (id int PRIMARY KEY);\n\nINSERT INTO users VALUES (1);\n")
            guard case .applied(let ms) = try F.apply(migrator, m, transactional: true) else { return XCTFail() }
            XCTAssertGreaterThanOrEqual(ms, 0)
            XCTAssertTrue(try F.exists(conn, "public.users"))
            let rows = try F.rows(conn)
            XCTAssertEqual(rows.count, 1)
            let row = try XCTUnwrap(rows.first)
            XCTAssertEqual(row.id.count, 36)
            XCTAssertEqual(row.id, row.id.lowercased())
            XCTAssertEqual(Array(row.id)[14], "4", "UUID version 4")
            XCTAssertEqual(row.checksum, m.checksum)
            XCTAssertEqual(row.migrationName, m.name)
            XCTAssertNil(row.logs)
            XCTAssertNil(row.rolledBackAt)
            XCTAssertEqual(row.appliedStepsCount, 1)
            let finished = try XCTUnwrap(row.finishedAt)
            XCTAssertGreaterThanOrEqual(finished, row.startedAt)
            XCTAssertEqual(try F.state(conn, [m], m.name), .applied)
            XCTAssertEqual(conn.transactionState, .idle)
        }
    }

    func testApply_FailureInStatement3_LeavesNoChangeAndAFailedRow() throws {
        try TestServer.withDatabase("mig_tx_fail") { conn, _ in
            let migrator = try F.migrator(conn)
            let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n-- the broken one\nSELECT\n  nope FROM a;\nCREATE TABLE c (id int);\n"
            let m = F.migration("20250102000000_broken", sql)
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            XCTAssertEqual(failure.sqlstate, PGError.Code.undefinedColumn)
            XCTAssertEqual(failure.line, 5, "the error position inside the statement, as a file line")
            XCTAssertTrue(failure.rolledBackCleanly)
            XCTAssertEqual(failure.statement, "SELECT\n  nope FROM a")
            XCTAssertEqual(failure.logs, """
                Migration 20250102000000_broken failed at line 5 of its migration.sql.

                Database error code: 42703

                Database error:
                ERROR: column "nope" does not exist

                The transaction was rolled back: no statement of this migration remains.
                """)
            XCTAssertFalse(try F.exists(conn, "public.a"))
            XCTAssertFalse(try F.exists(conn, "public.b"))
            XCTAssertFalse(try F.exists(conn, "public.c"))

            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNil(row.finishedAt)
            XCTAssertNil(row.rolledBackAt)
            XCTAssertEqual(row.appliedStepsCount, 0)
            XCTAssertEqual(row.checksum, m.checksum)
            let logs = try XCTUnwrap(row.logs)
            XCTAssertEqual(logs, failure.logs)
            XCTAssertTrue(logs.contains("Database error code: 42703"), logs)
            XCTAssertTrue(logs.contains("ERROR: column \"nope\" does not exist"), logs)
            XCTAssertTrue(logs.contains("line 5"), logs)
            XCTAssertTrue(logs.contains(Migrator.rolledBackSentence), logs)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertEqual(conn.transactionState, .idle)
        }
    }

    /// The first statement is sent with BEGIN and the timeouts in one round trip: its error is still the
    /// migration's (its line, a failed row with the transaction's start), and the session is left idle.
    func testApply_FailureInTheFirstStatement_IsTheMigrationsFailure() throws {
        try TestServer.withDatabase("mig_tx_first") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250102000001_first_broken", "-- CreateTable\nCREATE TABLE a (id int REFERENCES nowhere);\nCREATE TABLE b (id int);\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            XCTAssertEqual(failure.sqlstate, PGError.Code.undefinedTable)
            XCTAssertEqual(failure.line, 2)
            XCTAssertTrue(failure.rolledBackCleanly)
            XCTAssertFalse(try F.exists(conn, "public.a"))
            XCTAssertFalse(try F.exists(conn, "public.b"))
            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNil(row.finishedAt)
            XCTAssertFalse(row.startedAt.isEmpty)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertEqual(conn.transactionState, .idle)
            // The next migration opens its own transaction normally; one with no statement still gets its row.
            for (name, sql) in [("20250102000002_ok", "CREATE TABLE b (id int);"), ("20250102000003_empty", "-- nothing to do\n")] {
                guard case .applied = try F.apply(migrator, F.migration(name, sql), transactional: true) else { return XCTFail(name) }
            }
            XCTAssertTrue(try F.exists(conn, "public.b"))
            XCTAssertEqual(try F.rows(conn).filter { $0.finishedAt != nil }.count, 2)
        }
    }

    func testApply_FailedRowKeepsTheTransactionsStartTime() throws {
        try TestServer.withDatabase("mig_tx_start") { conn, _ in
            let migrator = try F.migrator(conn)
            try conn.execute("SET TIME ZONE 'Asia/Kolkata'; SET DateStyle = 'SQL, DMY'")
            let before = try conn.query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").text(0, 0)
            let m = F.migration("20250103000000_slow_fail", "SELECT pg_sleep(0.3);\nSELECT 1/0;\n")
            _ = F.failure(try F.apply(migrator, m, transactional: true))
            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertGreaterThanOrEqual(row.startedAt, before)
            let after = try conn.query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC' - interval '0.3 s', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").text(0, 0)
            XCTAssertLessThanOrEqual(row.startedAt, after, "started_at is the transaction's start, before the sleep")
        }
    }

    func testApply_DeferredConstraintFailingAtCommit_IsAFailedRow() throws {
        let setup = """
            CREATE TABLE parent (id int PRIMARY KEY);
            CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);
            """
        try TestServer.withDatabase("mig_tx_commit", setup: setup) { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250104000000_orphan", "INSERT INTO child VALUES (42);\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            XCTAssertEqual(failure.sqlstate, PGError.Code.foreignKeyViolation)
            XCTAssertTrue(failure.rolledBackCleanly)
            XCTAssertEqual(try conn.query("SELECT count(*) FROM child").text(0, 0), "0")
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
        }
    }

    func testApply_FileWithItsOwnCommit_IsRefusedBeforeRunning() throws {
        try TestServer.withDatabase("mig_tx_commit_stmt") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250105000000_own_tx", "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            XCTAssertEqual(failure.line, 1)
            XCTAssertFalse(try F.exists(conn, "public.t"))
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertTrue(failure.logs.contains("controls transactions itself"), failure.logs)
        }
    }

    func testApply_InsideTheCallersTransaction_Throws_AndCommitsNothing() throws {
        try TestServer.withDatabase("mig_tx_nested") { conn, _ in
            let migrator = try F.migrator(conn)
            try conn.execute("BEGIN; CREATE TABLE callers (id int)")
            XCTAssertThrowsError(try F.apply(migrator, F.migration("20250107000000_x", "SELECT 1;"), transactional: true))
            try conn.execute("ROLLBACK")
            XCTAssertFalse(try F.exists(conn, "public.callers"))
            XCTAssertEqual(try F.rows(conn), [])
        }
    }

    func testEndsTransaction_Classification() {
        func ends(_ sql: String) -> Bool { Migrator.endsTransaction(SQLScript(sql).statements[0]) }
        XCTAssertTrue(ends("-- x\ncommit"))
        XCTAssertTrue(ends("/* a /* nested */ */ BEGIN"))
        XCTAssertTrue(ends("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
        XCTAssertTrue(ends("rollback"))
        XCTAssertTrue(ends("END"))
        XCTAssertTrue(ends("PREPARE TRANSACTION 'x'"))
        XCTAssertFalse(ends("ROLLBACK TO SAVEPOINT s"))
        XCTAssertFalse(ends("ROLLBACK TO s"))
        XCTAssertFalse(ends("SAVEPOINT s"))
        XCTAssertFalse(ends("PREPARE q AS SELECT 1"))
        XCTAssertFalse(ends("CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END"))
        XCTAssertFalse(ends("START_X"))
    }

    func testEnsureHistoryTable_GoesToPublicEvenWhenSearchPathStartsElsewhere() throws {
        try TestServer.withDatabase("mig_search_path", setup: "CREATE SCHEMA app") { conn, _ in
            try conn.execute("SET search_path = app, public")
            let migrator = try F.migrator(conn)
            try migrator.ensureHistoryTable()  // idempotent
            XCTAssertTrue(try F.exists(conn, "public._prisma_migrations"))
            XCTAssertFalse(try F.exists(conn, "app._prisma_migrations"))
            let m = F.migration("20250106000000_in_app", "CREATE TABLE t (id int);\n")
            guard case .applied = try F.apply(migrator, m, transactional: true) else { return XCTFail() }
            XCTAssertTrue(try F.exists(conn, "app.t"))
            XCTAssertEqual(try F.state(conn, [m], m.name), .applied)
        }
    }

    func testLogs_MaskLiteralPasswords() {
        let excerpt = MigrationFailureReport.excerpt("\n  CREATE ROLE app LOGIN PASSWORD 'hunter2!!' ; ")
        XCTAssertEqual(excerpt, "CREATE ROLE app LOGIN PASSWORD '***' ;")
        XCTAssertEqual(MigrationFailureReport.excerpt(String(repeating: "x", count: 900)).count, 500)
    }
}
