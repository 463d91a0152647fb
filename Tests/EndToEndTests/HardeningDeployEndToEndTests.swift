import Foundation
import XCTest

/// Issue 7, items 2, 6 and 13: deployers racing a CREATE INDEX CONCURRENTLY, a deploy whose backend is
/// terminated, a deployer killed mid-statement, and what the history table keeps of a failing statement.
final class HardeningDeployEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// Item 2: waiting deployers used to sit inside `pg_advisory_lock` with a snapshot, which the holder's
    /// CREATE INDEX CONCURRENTLY waits for: deadlock, 7 of 8 exiting 2 with empty stdout, and sometimes the
    /// index migration recorded failed. Now each waits with no transaction and finds nothing to do.
    func testDeploy_EightDeployersAndAConcurrentIndex_NoDeadlockNothingFailed() throws {
        let migrations = [
            ("20250101000001_seed", "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
                + "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50000) g;\nSELECT pg_sleep(1.5);\n"),
            ("20250101000002_index", "CREATE INDEX CONCURRENTLY t_v_idx ON t (v);\n"),
            ("20250101000003_after", "CREATE TABLE u (id int);\n"),
        ]
        let db = S.prefix("cic") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: migrations, environments: [("local", "lock_wait: 60s")])
        let env = ["LOCAL_URL": S.url(db)]
        _ = try S.ops(["check", "local"], project, env)   // the empty history's replay, cached
        let runs = try (0..<8).map { _ in try S.Background(["deploy", "local", "--yes", "--json"], cwd: project, env: env) }
            .map { $0.finish() }
        var applied: [String: Int] = [:]
        for (i, run) in runs.enumerated() {
            assertNoSecret(run)
            let context = "deployer \(i + 1), exit \(run.code): \(run.all)"
            XCTAssertFalse(run.all.contains("deadlock"), context)
            XCTAssertEqual(run.code, 0, context)
            let doc = S.doc(run)
            XCTAssertTrue(doc["failed"] is NSNull, context)
            for name in doc["applied"] as? [String] ?? [] { applied[name, default: 0] += 1 }
        }
        XCTAssertEqual(applied, Dictionary(uniqueKeysWithValues: migrations.map { ($0.0, 1) }), "each applied once")
        let rows = try S.historyRows(db)
        XCTAssertEqual(rows.count, 3, "\(rows)")
        XCTAssertTrue(rows.allSatisfy { $0.finished && !$0.rolledBack }, "no failed row: \(rows)")
        XCTAssertEqual(try S.psql(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass"), "t")
    }

    /// Item 13: `pg_terminate_backend` on a deploy printed only "server closed the connection unexpectedly":
    /// no JSON, no audit line, nothing about what was applied. Now the report says it, for a transactional
    /// migration (rolled back: pending) and a non-transactional one (left failed).
    func testDeploy_BackendTerminated_ReportsWhatWasAppliedAndRunning() throws {
        // Slow in the environment only: the shadow replay of the post-deploy check does not wait 30 s.
        let slow = "DO $$ BEGIN IF current_database() NOT LIKE 'evermed\\_shadow\\_%' THEN PERFORM pg_sleep(30); END IF; END $$;\n"
        for (tag, body, state) in [("tx", slow, "pending"),
                                   ("nontx", "CREATE INDEX CONCURRENTLY one_id ON one (id);\n" + slow, "failed")] {
            let migrations = [("20250101000001_one", "CREATE TABLE one (id int);\n"), ("20250101000002_slow", body),
                              ("20250101000003_three", "CREATE TABLE three (id int);\n")]
            let db = S.prefix("term" + tag) + "local"
            try S.createDatabase(self, db)
            let project = try S.project(self, migrations: migrations)
            let env = ["LOCAL_URL": S.url(db)]
            let deploy = try S.Background(["deploy", "local", "--yes", "--json"], cwd: project, env: env)
            let sleeping = "SELECT pid FROM pg_stat_activity WHERE datname = '\(db)' AND query LIKE '%pg_sleep(30)%' AND state = 'active'"
            XCTAssertTrue(try S.waitUntil(20) { !(try S.psql("postgres", sleeping)).isEmpty }, "\(tag): the slow migration never started")
            try S.psql("postgres", "SELECT pg_terminate_backend(pid) FROM (\(sleeping)) s")
            let run = deploy.finish()
            assertNoSecret(run)
            XCTAssertEqual(run.code, 2, "\(tag): \(run.all)")
            let doc = S.doc(run)
            XCTAssertEqual(doc["applied"] as? [String], ["20250101000001_one"], "\(tag): \(run.stdout)")
            let lost = try XCTUnwrap(doc["connection_lost"] as? [String: Any], "\(tag): \(run.stdout)")
            XCTAssertEqual(lost["running"] as? String, "20250101000002_slow", "\(tag): \(run.stdout)")
            XCTAssertEqual(lost["running_state"] as? String, state, "\(tag): \(run.stdout)")
            XCTAssertTrue((lost["message"] as? String ?? "").contains("terminat") || (lost["message"] as? String ?? "").contains("closed"),
                          "\(tag): \(run.stdout)")
            let audit = try S.auditLines(project)
            XCTAssertTrue(audit.contains { $0["action"] as? String == "apply" && $0["outcome"] as? String == "failed"
                && ($0["migrations"] as? [String]) == ["20250101000002_slow"]
                && ($0["detail"] as? String ?? "").contains("connection lost") }, "\(tag): \(audit)")
            XCTAssertTrue(audit.contains { $0["action"] as? String == "deploy" && $0["outcome"] as? String == "failed" }, "\(tag): \(audit)")
            XCTAssertEqual(try S.lockHolders(db), [], "\(tag): the lock went with the session")
            let human = try S.ops(["status", "local"], project, env)
            XCTAssertTrue(human.stdout.contains(state == "failed" ? "failed" : "pending"), human.all)
        }
    }

    /// Item 13: a deployer killed with -9 during a long statement left its backend running (and holding the
    /// migration lock) until the statement finished. client_connection_check_interval ends it within seconds.
    func testDeploy_KilledDuringALongStatement_ServerEndsTheSessionSoon() throws {
        let db = S.prefix("kill") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: [("20250101000001_slow", "SELECT pg_sleep(120);\n")])
        let env = ["LOCAL_URL": S.url(db)]
        try S.dropNewShadowsAtTeardown(self)
        let deploy = try S.Background(["deploy", "local", "--yes"], cwd: project, env: env)
        let sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(db)' AND query LIKE '%pg_sleep(120)%'"
        XCTAssertTrue(try S.waitUntil(20) { try S.psql("postgres", sleeping) == "1" }, "the statement never started")
        kill(deploy.pid, SIGKILL)
        _ = deploy.finish()
        XCTAssertTrue(try S.waitUntil(15) { try S.psql("postgres", sleeping) == "0" },
                      "the killed deployer's statement still runs: client_connection_check_interval is not set")
        XCTAssertEqual(try S.lockHolders(db), [])
    }

    /// Item 6: the failing statement's text used to go into `_prisma_migrations.logs` (readable by anyone who
    /// can read the table). Now only what Prisma keeps: the error, its code, the line.
    func testDeploy_FailingStatement_ItsTextNotStoredInTheHistory() throws {
        let db = S.prefix("logs") + "local"
        try S.createDatabase(self, db)
        let secret = "AKIA_NOT_FOR_THE_LOGS_4711"
        let project = try S.project(self, migrations: [("20250101000001_bad", "CREATE TABLE a (id int);\nSELECT '\(secret)' || (1 / 0);\n")])
        let run = try S.ops(["deploy", "local", "--yes", "--json"], project, ["LOCAL_URL": S.url(db)])
        XCTAssertEqual(run.code, 1, run.all)
        let logs = try S.psql(db, "SELECT logs FROM \"_prisma_migrations\"")
        XCTAssertTrue(logs.contains("failed at line 2"), logs)
        XCTAssertTrue(logs.contains("Database error code: 22012"), logs)
        XCTAssertFalse(logs.contains(secret), logs)
        XCTAssertFalse(try String(contentsOf: project.appendingPathComponent(".evermed-ops/audit.log"), encoding: .utf8).contains(secret))
    }
}
