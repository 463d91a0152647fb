import XCTest
import OpsCore
@testable import OpsPostgres

/// resolve --rolled-back, resolve --applied and baseline, read back through OpsCore's reconciliation.
final class MigratorResolveTests: XCTestCase {
    typealias F = MigratorFixture

    private func failed(_ migrator: Migrator, _ m: LocalMigration) throws {
        _ = F.failure(try F.apply(migrator, m, transactional: true))
    }

    func testMarkRolledBack_FailedBecomesRolledBack_ThenDeployableAgain() throws {
        try TestServer.withDatabase("mig_rb") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250401000000_broken", "SELECT 1/0;\n")
            try failed(migrator, m)
            XCTAssertEqual(try migrator.markRolledBack(name: m.name), 1)
            XCTAssertEqual(try migrator.markRolledBack(name: m.name), 0, "no failed row left")
            let row = try XCTUnwrap(try F.rows(conn).first)
            XCTAssertNotNil(row.rolledBackAt)
            XCTAssertNil(row.finishedAt)
            let reconciliation = HistoryReconciliation.reconcile(local: [m], history: try HistoryStore.read(conn))
            XCTAssertEqual(reconciliation.state(of: m.name), .rolledBack)
            XCTAssertEqual(reconciliation.toApply, [m.name])
        }
    }

    func testMarkApplied_RollsBackTheFailedRowAndAddsAFinishedOne() throws {
        try TestServer.withDatabase("mig_applied") { conn, _ in
            let migrator = try F.migrator(conn)
            let m = F.migration("20250402000000_broken", "SELECT 1/0;\n")
            try failed(migrator, m)
            try migrator.markApplied(name: m.name, checksum: m.checksum)
            let rows = try F.rows(conn)
            XCTAssertEqual(rows.count, 2)
            XCTAssertEqual(rows.filter(\.isRolledBack).count, 1)
            let applied = try XCTUnwrap(rows.first(where: \.isApplied))
            XCTAssertEqual(applied.finishedAt, applied.startedAt, "Prisma writes finished_at = started_at")
            XCTAssertEqual(applied.checksum, m.checksum)
            XCTAssertEqual(applied.logs, "")
            XCTAssertEqual(applied.id.count, 36)
            XCTAssertEqual(try F.state(conn, [m], m.name), .applied)
        }
    }

    func testRecordApplied_Baseline_AllAppliedInNameOrder() throws {
        try TestServer.withDatabase("mig_baseline") { conn, _ in
            let migrator = try F.migrator(conn)
            let a = F.migration("20250403000000_a", "CREATE TABLE a (id int);\n")
            let b = F.migration("20250404000000_b", "CREATE TABLE b (id int);\n")
            try migrator.recordApplied([(a.name, a.checksum), (b.name, b.checksum)])
            XCTAssertFalse(try F.exists(conn, "public.a"), "baseline records, it does not run")
            let reconciliation = HistoryReconciliation.reconcile(local: [a, b], history: try HistoryStore.read(conn))
            XCTAssertEqual(reconciliation.names(.applied), [a.name, b.name])
            XCTAssertEqual(reconciliation.appliedInRunOrder, [a.name, b.name])
            XCTAssertTrue(reconciliation.historyInSync)
        }
    }

    func testRecordApplied_IsAllOrNothing() throws {
        try TestServer.withDatabase("mig_baseline_atomic") { conn, _ in
            let migrator = try F.migrator(conn)
            let tooLong = String(repeating: "x", count: 65)  // checksum is VARCHAR(64)
            XCTAssertThrowsError(try migrator.recordApplied([("20250405000000_a", "abc"), ("20250406000000_b", tooLong)]))
            XCTAssertEqual(try F.rows(conn), [])
            XCTAssertEqual(conn.transactionState, .idle)
        }
    }
}
