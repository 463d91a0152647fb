import Foundation
import XCTest

/// Migrations that fail, run outside a transaction, or are interrupted: what remains in the database and
/// in `_prisma_migrations`, and how the next deploy behaves. Each test has its own database and project.
final class DeployFailureEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func localProject(_ migrations: [(String, String)]) throws -> (project: URL, db: String, env: [String: String]) {
        let db = S.prefix("f") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: migrations)
        return (project, db, ["LOCAL_URL": S.url(db)])
    }

    /// The third statement fails: the transaction leaves nothing of statements 1-2, a failed row with the
    /// SQLSTATE and line, and later deploys refuse until `resolve --rolled-back`; the fixed file then deploys.
    func testDeploy_FailedMigration_LeavesNothingAndRefusesUntilResolved() throws {
        let broken = "20250102000000_broken"
        let (project, db, env) = try localProject([
            ("20250101000000_init", "CREATE TABLE \"accounts\" (\"id\" integer PRIMARY KEY);\n"),
            (broken, "CREATE TABLE \"first_t\" (\"id\" integer);\nCREATE TABLE \"second_t\" (\"id\" integer);\nINSERT INTO \"missing_table\" VALUES (1);\n"),
        ])

        var run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], ["20250101000000_init"], run.stdout)
        let failed = try XCTUnwrap(doc["failed"] as? [String: Any], run.stdout)
        XCTAssertEqual(failed["migration"] as? String, broken)
        XCTAssertEqual(failed["sqlstate"] as? String, "42P01")
        XCTAssertEqual(failed["line"] as? Int, 3)
        XCTAssertTrue((failed["message"] as? String ?? "").contains("missing_table"), run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, false)

        XCTAssertTrue(try S.exists(db, "accounts"))
        XCTAssertFalse(try S.exists(db, "first_t"), "statement 1 was rolled back")
        XCTAssertFalse(try S.exists(db, "second_t"), "statement 2 was rolled back")
        XCTAssertEqual(try S.lockHolders(db), [])
        let rows = try S.historyRows(db)
        XCTAssertEqual(rows.map(\.name), ["20250101000000_init", broken])
        XCTAssertEqual(rows.map(\.finished), [true, false])
        XCTAssertEqual(rows.map(\.rolledBack), [false, false])
        let logs = try S.psql(db, "SELECT logs FROM \"_prisma_migrations\" WHERE migration_name = '\(broken)'")
        XCTAssertTrue(logs.contains("42P01"), logs)
        XCTAssertTrue(logs.contains("line 3"), logs)
        XCTAssertTrue(logs.contains("ERROR: relation \"missing_table\" does not exist"), logs)

        run = try S.ops(["status", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let envs = try XCTUnwrap(S.doc(run)["environments"] as? [[String: Any]])
        let states = (envs.first?["migrations"] as? [[String: Any]] ?? []).map { "\($0["name"]!)=\($0["state"]!)" }
        XCTAssertEqual(states, ["20250101000000_init=applied", "\(broken)=failed"])

        // The failed row blocks the next deploy, even of the same (still broken) file.
        run = try S.ops(["deploy", "local", "--yes"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("refused by the failed_migrations gate"), run.stdout)
        XCTAssertTrue(run.stdout.contains(broken), run.stdout)
        XCTAssertTrue(run.stdout.contains("does not exist"), "the refusal quotes the logged error: \(run.stdout)")
        run = try S.ops(["check", "local", "--json"], project, env)
        XCTAssertEqual((S.doc(run)["migrations"] as? [String: Any])?["failed"] as? [String], [broken], run.stdout)
        XCTAssertEqual((S.doc(run)["drift"] as? [Any])?.count, 0, "nothing of it remains: \(run.stdout)")

        // Fix the file and resolve: the deploy runs it again and succeeds.
        try "CREATE TABLE \"first_t\" (\"id\" integer);\nCREATE TABLE \"second_t\" (\"id\" integer);\nINSERT INTO \"accounts\" VALUES (1);\n"
            .write(to: S.migrationFile(project, broken), atomically: true, encoding: .utf8)
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(S.gate(S.doc(run)), "failed_migrations", "fixing the file alone does not clear the row: \(run.stdout)")
        run = try S.ops(["resolve", "local", broken, "--rolled-back", "--json"], project, env)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", "non-interactive resolve needs --yes: \(run.all)")
        run = try S.ops(["resolve", "local", broken, "--rolled-back", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["done"] as? Bool, true, run.stdout)
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], [broken], run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, true, run.stdout)
        XCTAssertTrue(try S.exists(db, "first_t"))
        XCTAssertTrue(try S.exists(db, "second_t"))
        XCTAssertEqual(try S.psql(db, "SELECT count(*) FROM accounts"), "1")
        let after = try S.historyRows(db).filter { $0.name == broken }
        XCTAssertEqual(after.map(\.finished), [false, true])
        XCTAssertEqual(after.map(\.rolledBack), [true, false])

        let audit = try S.auditLines(project)
        XCTAssertTrue(audit.contains { $0["action"] as? String == "apply" && $0["outcome"] as? String == "failed"
                                       && ($0["detail"] as? String ?? "").contains("42P01") }, "\(audit)")
        XCTAssertTrue(audit.contains { $0["action"] as? String == "resolve" && $0["detail"] as? String == "marked rolled_back" }
                      || audit.contains { $0["action"] as? String == "resolve" }, "\(audit)")
    }

    /// CREATE INDEX CONCURRENTLY runs outside a transaction and is recorded; a failure midway (a unique index
    /// on duplicate data) leaves a failed row, and `check` shows what remains as drift.
    func testDeploy_NonTransactionalMigration_AppliedAndFailureLeftoversAreDrift() throws {
        let (project, db, env) = try localProject([
            ("20250101000000_items", """
                CREATE TABLE "items" ("id" integer PRIMARY KEY, "code" text NOT NULL);
                INSERT INTO "items" SELECT g, 'c' || (g % 10) FROM generate_series(1, 2000) g;

                """),
            ("20250102000000_code_index", "-- CreateIndex\nCREATE INDEX CONCURRENTLY \"items_code_idx\" ON \"items\" (\"code\");\n"),
        ])
        var run = try S.ops(["deploy", "local", "--dry-run"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("statement by statement, outside a transaction"), run.stdout)
        XCTAssertTrue(run.stdout.contains("CONCURRENTLY"), run.stdout)

        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["applied"] as? [String], ["20250101000000_items", "20250102000000_code_index"], run.stdout)
        XCTAssertEqual(S.doc(run)["in_sync"] as? Bool, true, run.stdout)
        XCTAssertEqual(try S.psql(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_code_idx'::regclass"), "t")
        XCTAssertEqual(try S.historyRows(db).map(\.finished), [true, true])
        XCTAssertEqual(try S.psql(db, "SELECT applied_steps_count FROM \"_prisma_migrations\" WHERE migration_name = '20250102000000_code_index'"), "1")

        let bad = "20250103000000_unique_code"
        try S.writeMigration(project, bad, """
            CREATE INDEX CONCURRENTLY "items_id_code_idx" ON "items" ("id", "code");
            CREATE UNIQUE INDEX CONCURRENTLY "items_code_key" ON "items" ("code");

            """)
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let failed = try XCTUnwrap(S.doc(run)["failed"] as? [String: Any], run.stdout)
        XCTAssertEqual(failed["migration"] as? String, bad)
        XCTAssertEqual(failed["sqlstate"] as? String, "23505")
        XCTAssertEqual(failed["line"] as? Int, 2)
        XCTAssertEqual(try S.lockHolders(db), [])

        let rows = try S.historyRows(db).filter { $0.name == bad }
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?.finished, false)
        XCTAssertEqual(rows.first?.rolledBack, false)
        let logs = try S.psql(db, "SELECT logs FROM \"_prisma_migrations\" WHERE migration_name = '\(bad)'")
        XCTAssertTrue(logs.contains("23505"), logs)
        XCTAssertTrue(logs.contains("statements before line 2 were applied and remain"), logs)
        XCTAssertTrue(logs.contains("INVALID"), logs)
        XCTAssertTrue(try S.exists(db, "items_id_code_idx"), "the first statement's index remains")

        run = try S.ops(["check", "local", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let check = S.doc(run)
        XCTAssertEqual((check["migrations"] as? [String: Any])?["failed"] as? [String], [bad], run.stdout)
        let drift = check["drift"] as? [[String: Any]] ?? []
        XCTAssertTrue(drift.contains { $0["kind"] as? String == "index" && $0["name"] as? String == "public.items.items_id_code_idx"
                                       && $0["change"] as? String == "unexpected" }, "leftover index as drift: \(drift)")

        // The human report says what remains.
        run = try S.ops(["deploy", "local", "--yes"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("failed_migrations"), run.stdout)

        // Clean up by hand, resolve, make the index non-unique: the deploy finishes.
        try S.psql(db, "DROP INDEX items_id_code_idx", "DROP INDEX IF EXISTS items_code_key")
        try "CREATE INDEX CONCURRENTLY \"items_id_code_idx\" ON \"items\" (\"id\", \"code\");\nCREATE INDEX CONCURRENTLY \"items_code_key\" ON \"items\" (\"code\");\n"
            .write(to: S.migrationFile(project, bad), atomically: true, encoding: .utf8)
        run = try S.ops(["resolve", "local", bad, "--rolled-back", "--yes"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["applied"] as? [String], [bad], run.stdout)
        _ = try S.auditLines(project)
    }

    /// Ctrl-C while a migration sleeps: exit 130, the migration rolled back (no row, no objects), the lock
    /// released, and the output says it was interrupted.
    func testDeploy_SIGINTDuringMigration_RollsBackReleasesLockExits130() throws {
        let slow = "20250102000000_slow"
        let (project, db, env) = try localProject([
            ("20250101000000_first", "CREATE TABLE \"first_t\" (\"id\" integer);\n"),
            (slow, "CREATE TABLE \"slow_t\" (\"id\" integer);\nINSERT INTO \"slow_t\" VALUES (1);\nSELECT pg_sleep(30);\n"),
            ("20250103000000_after", "CREATE TABLE \"after_t\" (\"id\" integer);\n"),
        ])
        let started = Date()
        let deploy = try S.Background(["deploy", "local", "--yes"], cwd: project, env: env)
        addTeardownBlock { if deploy.process.isRunning { kill(deploy.pid, SIGKILL) } }
        let sleeping = try S.waitUntil(20) {
            try S.psql("postgres", """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = '\(db)' AND application_name = 'evermed-ops' AND state = 'active' AND query LIKE '%pg_sleep(30)%'
                """) == "1"
        }
        XCTAssertTrue(sleeping, "the migration never reached pg_sleep")
        XCTAssertEqual(try S.lockHolders(db).count, 1, "the deploy holds the lock while it runs")
        kill(deploy.pid, SIGINT)
        let run = deploy.finish()
        assertNoSecret(run)
        XCTAssertEqual(run.code, 130, run.all)
        XCTAssertLessThan(Date().timeIntervalSince(started), 25, "the sleep was cancelled, not waited out")
        XCTAssertTrue(run.stdout.contains("interrupted"), run.all)
        XCTAssertTrue(run.stdout.contains("applied  20250101000000_first"), run.stdout)
        let notAttempted = run.stdout.split(separator: "\n").first { $0.contains("not attempted:") } ?? ""
        XCTAssertTrue(notAttempted.contains("20250103000000_after"), run.stdout)

        XCTAssertTrue(try S.exists(db, "first_t"))
        XCTAssertFalse(try S.exists(db, "slow_t"), "the interrupted migration was rolled back")
        XCTAssertFalse(try S.exists(db, "after_t"))
        XCTAssertEqual(try S.historyRows(db).map(\.name), ["20250101000000_first"], "no row for the interrupted migration")
        try S.waitForNoSessions(db)
        XCTAssertEqual(try S.lockHolders(db), [], "the lock is free")

        let audit = try S.auditLines(project)
        XCTAssertTrue(audit.contains { $0["action"] as? String == "apply" && $0["outcome"] as? String == "interrupted"
                                       && ($0["migrations"] as? [String]) == [slow] }, "\(audit)")
        XCTAssertTrue(audit.contains { $0["action"] as? String == "deploy" && $0["outcome"] as? String == "interrupted" }, "\(audit)")
    }
}
