import XCTest
@testable import OpsCore

/// Issue 7: a `check` replaying a migration that creates a role left the role on the shadow server's cluster,
/// and every later uncached check failed with 42710. The replay now runs, from the first migration that acts on
/// the cluster, in one transaction that is rolled back.
final class ReplayPlanTests: XCTestCase {
    func migration(_ name: String, _ sql: String) -> LocalMigration {
        LocalMigration(name: name, sql: sql, checksum: "", path: "db/migrations/\(name)/migration.sql")
    }

    func steps(_ migrations: [LocalMigration]) -> (ReplayPlan, [ReplayPlan.Step]) {
        let plan = ReplayPlan(migrations)
        var steps: [ReplayPlan.Step] = []
        plan.forEachStep(of: migrations) { steps.append($0) }
        return (plan, steps)
    }

    func testClassify_ClusterStatements() {
        let transactional = ["CREATE ROLE app", "create user bob login", "ALTER ROLE app SET search_path = x", "DROP GROUP g",
                             "GRANT app TO bob", "REVOKE app FROM bob", "GRANT CONNECT ON DATABASE d TO app",
                             "COMMENT ON ROLE app IS 'x'", "ALTER DATABASE d SET timezone = 'UTC'",
                             "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app; END IF; END $$",
                             "DO $$ BEGIN EXECUTE format('CREATE ROLE %I', 'app'); END $$"]
        for sql in transactional {
            guard case .transactional? = ClusterStatement.classify(sql) else { XCTFail(sql); continue }
        }
        for sql in ["CREATE DATABASE d", "DROP DATABASE d", "CREATE TABLESPACE t LOCATION '/x'", "ALTER SYSTEM SET x = 1",
                    "CREATE SUBSCRIPTION s CONNECTION 'host=prod' PUBLICATION p", "ALTER DATABASE d SET TABLESPACE t"] {
            guard case .nonTransactional? = ClusterStatement.classify(sql) else { XCTFail(sql); continue }
        }
        for sql in ["CREATE TABLE users (role text)", "GRANT SELECT ON users TO app", "CREATE USER MAPPING FOR app SERVER s",
                    "INSERT INTO roles VALUES ('CREATE ROLE x')", "DO $$ BEGIN UPDATE t SET x = 1; END $$",
                    "ALTER TABLE t ADD COLUMN database text", "COMMENT ON TABLE t IS 'role'"] {
            XCTAssertNil(ClusterStatement.classify(sql), sql)
        }
    }

    func testPlan_NoClusterStatement_RunsAsPrismaWould() {
        let (plan, steps) = steps([migration("1_a", "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_i ON a (id);")])
        XCTAssertNil(plan.transactionFrom)
        XCTAssertEqual(steps.map(\.mode), [.run, .run])
        XCTAssertEqual(steps[1].text, "\nCREATE INDEX CONCURRENTLY a_i ON a (id)")
    }

    func testPlan_FromTheFirstClusterMigrationOn_OneTransactionWithRewrites() {
        let (plan, steps) = steps([
            migration("1_a", "CREATE TABLE a (id int);"),
            migration("2_roles", "CREATE ROLE app_reader;\nGRANT SELECT ON a TO app_reader;"),
            migration("3_index", "-- concurrently, in production\nCREATE INDEX CONCURRENTLY a_i ON a (id);\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\nVACUUM a;\nCREATE TABLESPACE t LOCATION '/srv';"),
        ])
        XCTAssertEqual(plan.transactionFrom, 1)
        XCTAssertEqual(steps.map(\.mode), [.run, .cluster, .run, .rewritten, .rewritten, .run, .rewritten,
                                           .skipped(reason: "VACUUM a cannot run in the replay's transaction and does not change the schema"),
                                           .skipped(reason: "CREATE TABLESPACE acts on the whole cluster and cannot be undone; it does not shape this database's schema")])
        XCTAssertEqual(steps[3].text, "-- concurrently, in production\nCREATE INDEX  a_i ON a (id)")
        XCTAssertEqual(steps[4].text, "SAVEPOINT \(ReplayPlan.savepoint)")
        XCTAssertEqual(steps[6].text, "RELEASE SAVEPOINT \(ReplayPlan.savepoint)")
    }

    func testPlan_NonTransactionalClusterStatements_SkippedEvenBeforeTheTransaction() {
        let (plan, steps) = steps([migration("1_db", "CREATE DATABASE other;\nCREATE TABLE a (id int);")])
        XCTAssertNil(plan.transactionFrom, "a statement that is never run does not start the transaction")
        guard case .skipped = steps[0].mode else { return XCTFail("\(steps[0])") }
        XCTAssertEqual(steps[1].mode, .run)
    }

    func testShadowName_MadeAndParsed() {
        let name = ShadowName.make(host: "ci-runner-7", pid: 4242, epoch: 1_764_000_000, random: 0xbeef)
        XCTAssertEqual(name, "evermed_shadow_\(ShadowName.hostTag("ci-runner-7"))_4242_1764000000_beef")
        XCTAssertLessThanOrEqual(ShadowName.make(host: "h", pid: 4_194_304, epoch: 9_999_999_999, random: .max).utf8.count, 63)
        XCTAssertEqual(ShadowName.parse(name), ShadowName(host: ShadowName.hostTag("ci-runner-7"), pid: 4242, epoch: 1_764_000_000))
        XCTAssertEqual(ShadowName.parse("evermed_shadow_123_abc"), ShadowName(host: nil, pid: 123, epoch: nil))
        XCTAssertNil(ShadowName.parse("evermed_local"))
        XCTAssertNil(ShadowName.parse("evermed_shadow_x_y_z"))
    }

    func testShadowName_Stale_OnlyWhenItsOwnerIsGone() {
        let here = ShadowName.hostTag("me"), there = ShadowName.hostTag("other")
        let now = 1_764_000_000
        let mine = ShadowName(host: here, pid: 10, epoch: now - 5)
        XCTAssertTrue(mine.isStale(localHost: here, now: now, sessions: 1, isAlive: { _ in false }))
        XCTAssertFalse(mine.isStale(localHost: here, now: now, sessions: 0, isAlive: { _ in true }))
        let foreign = ShadowName(host: there, pid: 10, epoch: now - 7200)
        XCTAssertTrue(foreign.isStale(localHost: here, now: now, sessions: 0, isAlive: { _ in true }))
        XCTAssertFalse(foreign.isStale(localHost: here, now: now, sessions: 1, isAlive: { _ in false }), "someone is connected")
        XCTAssertFalse(ShadowName(host: there, pid: 10, epoch: now - 60).isStale(localHost: here, now: now, sessions: 0, isAlive: { _ in false }),
                       "another host's recent shadow may be a replay starting")
        let old = ShadowName(host: nil, pid: 10, epoch: nil)
        XCTAssertTrue(old.isStale(localHost: here, now: now, sessions: 0, isAlive: { _ in false }))
        XCTAssertFalse(old.isStale(localHost: here, now: now, sessions: 0, isAlive: { _ in true }))
    }
}
