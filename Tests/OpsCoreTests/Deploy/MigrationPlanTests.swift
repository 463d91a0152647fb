import XCTest
@testable import OpsCore

final class MigrationPlanTests: XCTestCase {
    typealias P = PrismaHistory

    func testPlan_PrismaGenerated_TransactionalWithLockList() {
        let m = P.local("20240301000000_users", sql: """
            -- CreateTable
            CREATE TABLE "users" ("id" TEXT NOT NULL, CONSTRAINT "users_pkey" PRIMARY KEY ("id"));

            -- AlterTable
            ALTER TABLE "posts" ADD COLUMN "authorId" TEXT;

            -- CreateIndex
            CREATE INDEX "posts_authorId_idx" ON "posts"("authorId");
            """)
        let plan = PlannedMigration.plan(m)
        XCTAssertEqual(plan.statementCount, 3)
        XCTAssertTrue(plan.transactional)
        XCTAssertEqual(plan.nonTransactionalReasons, [])
        XCTAssertEqual(plan.exclusiveLocks, [ExclusiveLock(target: "posts", lines: [5])])
    }

    func testPlan_ConcurrentIndex_NotTransactionalWithLine() {
        let m = P.local("20240302000000_idx", sql: "-- needs to run alone\n\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n")
        let plan = PlannedMigration.plan(m)
        XCTAssertFalse(plan.transactional)
        XCTAssertEqual(plan.nonTransactionalReasons,
                       ["line 3: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"])
        XCTAssertEqual(plan.exclusiveLocks, [])
    }

    func testPlan_ExplicitTransaction_FileManagesItsOwn() {
        let plan = PlannedMigration.plan(P.local("20240303000000_tx", sql: "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n"))
        XCTAssertFalse(plan.transactional)
        XCTAssertEqual(plan.nonTransactionalReasons, ["line 1: the file manages its own transactions",
                                                      "line 3: the file manages its own transactions"])
    }

    func testPlan_EnumValueAddedThenUsed_NotTransactional() {
        let m = P.local("20240304000000_auditor", sql: """
            ALTER TYPE "Role" ADD VALUE 'AUDITOR';
            -- 'AUDITOR' in a comment does not count
            UPDATE "users" SET "role" = 'AUDITOR' WHERE "email" LIKE '%@audit.example';
            """)
        let plan = PlannedMigration.plan(m)
        XCTAssertFalse(plan.transactional)
        XCTAssertEqual(plan.nonTransactionalReasons.count, 1)
        XCTAssertTrue(plan.nonTransactionalReasons[0].hasPrefix("line 1: enum value 'AUDITOR' added to Role is used on line 3"),
                      plan.nonTransactionalReasons[0])
        XCTAssertTrue(plan.nonTransactionalReasons[0].contains("unsafe use of new value"))
    }

    func testPlan_EnumValueUsedInsideDollarBody_NotTransactional() {
        let m = P.local("20240305000000_auditor", sql: """
            ALTER TYPE role ADD VALUE IF NOT EXISTS 'auditor' AFTER 'admin';
            CREATE FUNCTION is_auditor(r role) RETURNS boolean AS $$ SELECT r = 'auditor' $$ LANGUAGE sql;
            """)
        XCTAssertFalse(PlannedMigration.plan(m).transactional)
    }

    func testPlan_EnumValueAddedNotUsed_Transactional() {
        let m = P.local("20240306000000_auditor", sql: "ALTER TYPE \"Role\" ADD VALUE 'AUDITOR';\nALTER TYPE \"Role\" ADD VALUE 'OWNER';\n")
        XCTAssertTrue(PlannedMigration.plan(m).transactional)
    }

    func testDeployPlan_PendingAndRolledBackInNameOrder() {
        let initM = P.local(P.initName), posts = P.local(P.postsName), roles = P.local(P.rolesName), audit = P.local(P.auditName)
        let failed = P.failed(P.rolesName, checksum: roles.checksum, id: 2, at: "2024-02-02T08:10:00.000Z")
        let history = [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
                       P.rolledBack(failed, at: "2024-02-03T08:00:00.000Z")]
        let r = HistoryReconciliation.reconcile(local: [audit, roles, posts, initM], history: history)
        let plan = DeployPlan.make(environment: "staging", reconciliation: r, folder: [audit, roles, posts, initM])
        XCTAssertEqual(plan.names, [P.postsName, P.rolesName, P.auditName])
        XCTAssertEqual(plan.environment, "staging")
        XCTAssertFalse(plan.isEmpty)
    }

    func testDeployPlan_UpToDate_Empty() {
        let initM = P.local(P.initName)
        let r = HistoryReconciliation.reconcile(local: [initM], history: [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z")])
        XCTAssertTrue(DeployPlan.make(environment: "local", reconciliation: r, folder: [initM]).isEmpty)
    }
}
