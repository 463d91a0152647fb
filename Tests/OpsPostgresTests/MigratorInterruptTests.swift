import XCTest
import OpsCore
@testable import OpsPostgres

/// lock_timeout, statement_timeout and the operator's cancel.
final class MigratorInterruptTests: XCTestCase {
    typealias F = MigratorFixture

    /// Another session keeps a transaction open holding a lock on `t` (as a long report query would).
    private func holdLock(on info: String) throws -> PGConnection {
        let other = try PGConnection(conninfo: info)
        try other.execute("BEGIN; LOCK TABLE t IN ACCESS SHARE MODE")
        return other
    }

    func testLockTimeout_Transactional_FailsAfterAboutLockTimeout_With55P03() throws {
        try TestServer.withDatabase("mig_locktimeout", setup: "CREATE TABLE t (id int)") { conn, info in
            let other = try holdLock(on: info)
            let migrator = try F.migrator(conn, lockTimeout: 0.5)
            let m = F.migration("20250301000000_alter", "ALTER TABLE t ADD COLUMN x int;\n")
            let start = Date()
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            let waited = F.seconds(since: start)
            XCTAssertGreaterThanOrEqual(waited, 0.45)
            XCTAssertLessThan(waited, 3)
            XCTAssertEqual(failure.sqlstate, PGError.Code.lockNotAvailable)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertTrue(try XCTUnwrap(try F.rows(conn).first?.logs).contains("55P03"))
            try other.execute("ROLLBACK")
        }
    }

    func testLockTimeout_NonTransactional_FailsToo_AndSessionSettingIsRestored() throws {
        try TestServer.withDatabase("mig_locktimeout_ntx", setup: "CREATE TABLE t (id int)") { conn, info in
            let other = try holdLock(on: info)
            let migrator = try F.migrator(conn, lockTimeout: 0.3)
            let m = F.migration("20250302000000_alter", "CREATE TABLE before_it (id int);\nALTER TABLE t ADD COLUMN x int;\n")
            guard let failure = F.failure(try F.apply(migrator, m, transactional: false)) else { return }
            XCTAssertEqual(failure.sqlstate, PGError.Code.lockNotAvailable)
            XCTAssertTrue(failure.logs.contains("statements before line 2 were applied and remain"), failure.logs)
            XCTAssertEqual(try conn.query("SHOW lock_timeout").text(0, 0), "0")
            try other.execute("ROLLBACK")
        }
    }

    func testStatementTimeout_Honoured_57014_IsAFailureNotACancel() throws {
        try TestServer.withDatabase("mig_stmt_timeout") { conn, _ in
            let migrator = try F.migrator(conn, lockTimeout: 5, statementTimeout: 0.3)
            let m = F.migration("20250303000000_slow", "SELECT pg_sleep(10);\n")
            let start = Date()
            guard let failure = F.failure(try F.apply(migrator, m, transactional: true)) else { return }
            XCTAssertLessThan(F.seconds(since: start), 3)
            XCTAssertEqual(failure.sqlstate, PGError.Code.queryCanceled)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertEqual(try conn.query("SHOW statement_timeout").text(0, 0), "0", "SET LOCAL ended with the transaction")
        }
    }

    func testNoStatementTimeout_KeepsTheSessionsSetting() throws {
        try TestServer.withDatabase("mig_stmt_none") { conn, _ in
            let migrator = try F.migrator(conn, lockTimeout: 5, statementTimeout: nil)
            try conn.execute("SET statement_timeout = '200ms'")
            let m = F.migration("20250304000000_slow", "SELECT pg_sleep(2);\n")
            XCTAssertEqual(F.failure(try F.apply(migrator, m, transactional: false))?.sqlstate, PGError.Code.queryCanceled)
            XCTAssertEqual(try conn.query("SHOW statement_timeout").text(0, 0), "200ms")
        }
    }

    func testCancel_Transactional_RolledBackNoRow_ConnectionUsable_LockStillOurs() throws {
        try TestServer.withDatabase("mig_cancel_tx") { conn, info in
            XCTAssertEqual(try MigrationLock.acquire(conn, wait: 1), .acquired)
            let ourPID = conn.backendPID
            let migrator = try F.migrator(conn)
            let m = F.migration("20250305000000_sleepy", "CREATE TABLE t (id int);\nSELECT pg_sleep(30);\n")
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { migrator.cancel() }
            let start = Date()
            let outcome = try F.apply(migrator, m, transactional: true)
            XCTAssertLessThan(F.seconds(since: start), 5)
            guard case .cancelled(let failure) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(failure.sqlstate, PGError.Code.queryCanceled)
            XCTAssertEqual(failure.line, 2)
            XCTAssertTrue(failure.rolledBackCleanly)
            XCTAssertTrue(failure.logs.contains("interrupted by the operator"), failure.logs)
            XCTAssertEqual(try F.rows(conn), [], "a cancelled transactional migration writes no row")
            XCTAssertFalse(try F.exists(conn, "public.t"))
            XCTAssertEqual(try conn.query("SELECT 1").text(0, 0), "1")
            XCTAssertEqual(try MigrationLock.holder(try PGConnection(conninfo: info))?.pid, ourPID)
            // Sticky: the deploy stops; nothing more runs on this Migrator.
            guard case .cancelled = try F.apply(migrator, F.migration("20250306000000_next", "CREATE TABLE u (id int);"),
                                                transactional: true) else { return XCTFail() }
            XCTAssertFalse(try F.exists(conn, "public.u"))
            XCTAssertTrue(try MigrationLock.release(conn))
        }
    }

    func testCancel_NonTransactional_LeavesAFailedRowSayingInterrupted() throws {
        try TestServer.withDatabase("mig_cancel_ntx") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250307000000_sleepy", "CREATE TABLE t (id int);\nSELECT pg_sleep(30);\nCREATE TABLE u (id int);\n")
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { migrator.cancel() }
            guard case .cancelled(let failure) = try F.apply(migrator, m, transactional: false) else { return XCTFail() }
            XCTAssertFalse(failure.rolledBackCleanly)
            XCTAssertTrue(try F.exists(conn, "public.t"))
            XCTAssertFalse(try F.exists(conn, "public.u"))
            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNil(row.finishedAt)
            let logs = try XCTUnwrap(row.logs)
            XCTAssertTrue(logs.contains("interrupted by the operator (cancel request) at line 2"), logs)
            XCTAssertTrue(logs.contains("statements before line 2 were applied and remain"), logs)
            XCTAssertEqual(try F.state(conn, [m], m.name), .failed)
            XCTAssertEqual(try conn.query("SELECT 1").text(0, 0), "1")
        }
    }

    func testCancel_BeforeApply_RunsNothing() throws {
        try TestServer.withDatabase("mig_cancel_before") { conn, _ in
            let migrator = try F.migrator(conn)
            migrator.cancel()
            let m = F.migration("20250308000000_never", "CREATE TABLE t (id int);\n")
            guard case .cancelled = try F.apply(migrator, m, transactional: false) else { return XCTFail() }
            XCTAssertFalse(try F.exists(conn, "public.t"))
            XCTAssertEqual(try F.rows(conn), [])
        }
    }

    func testTimeoutSetting_RoundsUpAndKeepsZeroAsOff() {
        XCTAssertEqual(Migrator.setting(0), "0")
        XCTAssertEqual(Migrator.setting(0.0001), "1ms")
        XCTAssertEqual(Migrator.setting(1.5), "1500ms")
    }
}

/// A lost connection is the one failure `apply` throws; the history is then what the server kept.
final class MigratorConnectionLossTests: XCTestCase {
    typealias F = MigratorFixture

    private func terminate(_ pid: Int, after seconds: Double, via info: String) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            let killer = try? PGConnection(conninfo: info)
            _ = try? killer?.query("SELECT pg_terminate_backend($1::int)", [String(pid)])
        }
    }

    func testBackendTerminated_Transactional_Throws_AndNothingRemains() throws {
        try TestServer.withDatabase("mig_kill_tx") { conn, info in
            let migrator = try F.migrator(conn)
            terminate(conn.backendPID, after: 0.5, via: info)
            let m = F.migration("20250501000000_killed", "CREATE TABLE t (id int);\nSELECT pg_sleep(30);\n")
            XCTAssertThrowsError(try F.apply(migrator, m, transactional: true)) {
                XCTAssertNotNil($0 as? PGError, "\($0)")
            }
            let fresh = try PGConnection(conninfo: info)
            XCTAssertEqual(try F.rows(fresh), [], "the server rolled the transaction back: no row, no table")
            XCTAssertFalse(try F.exists(fresh, "public.t"))
        }
    }

    func testBackendTerminated_NonTransactional_Throws_AndTheStartedRowReadsFailed() throws {
        try TestServer.withDatabase("mig_kill_ntx") { conn, info in
            let migrator = try F.migrator(conn)
            terminate(conn.backendPID, after: 0.5, via: info)
            let m = F.migration("20250502000000_killed", "CREATE TABLE t (id int);\nSELECT pg_sleep(30);\n")
            XCTAssertThrowsError(try F.apply(migrator, m, transactional: false))
            let fresh = try PGConnection(conninfo: info)
            XCTAssertTrue(try F.exists(fresh, "public.t"))
            XCTAssertEqual(try F.state(fresh, [m], m.name), .failed, "a crash midway leaves a visible failed row")
        }
    }
}
