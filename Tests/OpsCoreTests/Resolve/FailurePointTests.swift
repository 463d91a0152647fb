import XCTest
@testable import OpsCore

/// Issue 7: a migration that adds a column, creates an index and then fails in an UPDATE was judged "all 2
/// objects exist… it completed". Objects say nothing about data statements: past the failing statement,
/// `resolve` never concludes "completed".
final class FailurePointTests: XCTestCase {
    static let sql = """
        -- AlterTable
        ALTER TABLE "users" ADD COLUMN "tier" TEXT;

        -- CreateIndex
        CREATE INDEX "users_tier_idx" ON "users"("tier");

        -- Backfill
        UPDATE "users" SET "tier" = 'free' WHERE "tier" IS NULL;
        """
    static let migration = LocalMigration(name: "20251101000000_tier", sql: sql, checksum: "", path: "x")

    /// Both objects exist: the column and the index the failed run created before the UPDATE.
    static var live: SchemaSnapshot {
        var live = ResolveFixtures.before
        live.insert(SchemaObject(kind: .column, name: "public.users.tier", parent: "public.users"))
        live.insert(SchemaObject(kind: .index, name: "public.users.users_tier_idx", parent: "public.users"))
        return live
    }

    static let ourLogs = """
        Migration 20251101000000_tier failed at line 8 of its migration.sql.

        Database error code: 23514

        Database error:
        ERROR: new row for relation "users" violates check constraint "users_tier_check"
        """

    func testRead_OurLogs_LineAndSQLSTATE() {
        XCTAssertEqual(FailurePoint.read(logs: Self.ourLogs, sql: Self.sql), FailurePoint(line: 8, sqlstate: "23514"))
    }

    func testRead_PrismaLogs_PositionBecomesALine() {
        let offset = Self.sql.unicodeScalars.count - "UPDATE \"users\" SET \"tier\" = 'free' WHERE \"tier\" IS NULL;".unicodeScalars.count + 1
        let logs = "Database error code: 23514\n\nDbError { severity: \"ERROR\", position: Some(Original(\(offset))), file: None }"
        XCTAssertEqual(FailurePoint.read(logs: logs, sql: Self.sql), FailurePoint(line: 8, sqlstate: "23514"))
        XCTAssertEqual(FailurePoint.read(logs: "Database error code: 42703\nposition: None", sql: Self.sql),
                       FailurePoint(line: nil, sqlstate: "42703"))
        XCTAssertEqual(FailurePoint.read(logs: nil, sql: Self.sql), FailurePoint())
    }

    func testEvidence_FailedInTheDataStatement_NotCompleted() {
        let e = ResolveAdvisor.evidence(for: Self.migration, live: Self.live, environment: "production",
                                        failure: FailurePoint.read(logs: Self.ourLogs, sql: Self.sql))
        XCTAssertEqual(e.recommendation, .partial, e.explanation)
        XCTAssertTrue(e.items.allSatisfy(\.present))
        XCTAssertFalse(e.explanation.contains("it completed. Mark it with `--applied`"), e.explanation)
        XCTAssertTrue(e.explanation.contains("the run failed at line 8"), e.explanation)
        XCTAssertTrue(e.explanation.contains("line 8: UPDATE users"), e.explanation)
        XCTAssertTrue(e.explanation.contains("Run the statements from line 8 by hand and then `--applied`"), e.explanation)
        XCTAssertEqual(e.compensatingSQL.count, 2, "the column and the index are leftovers to remove before --rolled-back")
    }

    func testEvidence_FailedBeforeTheLastStatement_NeverCompleted() {
        let failure = FailurePoint(line: 5, sqlstate: "42P07")
        let e = ResolveAdvisor.evidence(for: Self.migration, live: Self.live, failure: failure)
        XCTAssertEqual(e.recommendation, .partial, e.explanation)
        XCTAssertTrue(e.explanation.contains("line 5: CREATE INDEX"), e.explanation)
    }

    func testEvidence_NoFailurePoint_TrailingDataStatement_NotCompleted() {
        let e = ResolveAdvisor.evidence(for: Self.migration, live: Self.live, environment: "production")
        XCTAssertEqual(e.recommendation, .partial, e.explanation)
        XCTAssertTrue(e.explanation.contains("the logs do not say where the run failed"), e.explanation)
    }

    func testEvidence_LastStatementFailedAndIsAnObjectThatNowExists_Completed() {
        let sql = "ALTER TABLE \"users\" ADD COLUMN \"tier\" TEXT;\nCREATE INDEX \"users_tier_idx\" ON \"users\"(\"tier\");\n"
        let m = LocalMigration(name: "20251101000000_tier", sql: sql, checksum: "", path: "x")
        let e = ResolveAdvisor.evidence(for: m, live: Self.live, failure: FailurePoint(line: 2, sqlstate: "55P03"))
        XCTAssertEqual(e.recommendation, .applied, "someone finished the index by hand: \(e.explanation)")
    }
}
