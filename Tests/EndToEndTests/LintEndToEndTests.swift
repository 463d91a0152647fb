import Foundation
import XCTest

/// Issue 10, part 3: `lint` through the binary, `deploy`'s plan and `hazards` gate, and a migration's
/// `-- evermed-ops:` timeouts, against the test cluster.
final class LintEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    let create = ("20260101000000_create_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n")
    let notNull = ("20260102000000_add_locale", "ALTER TABLE users ADD COLUMN locale text NOT NULL;\n")

    /// Static lint of the folder: `path:line: error:` with the rule and the safer way, exit 1 on an error; the
    /// JSON contract; one migration by name, a file by path; a fixed migration passes.
    func testLint_Folder_FileLineRuleAndExitCodes_JSONShape() throws {
        let dir = try S.project(self, migrations: [create, notNull])
        let env = ["LOCAL_URL": S.url("unused_\(UUID().uuidString.prefix(6))")]
        var run = try S.ops(["lint"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("db/migrations/\(notNull.0)/migration.sql:1: error: ADD COLUMN public.users.locale "
                                          + "NOT NULL without a DEFAULT fails (23502)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("[not_null_without_default]"), run.stdout)
        XCTAssertTrue(run.stdout.contains("→ add a DEFAULT"), run.stdout)
        XCTAssertTrue(run.stdout.contains("✖ 1 error, 1 info in 2 migrations"), run.stdout)

        run = try S.ops(["lint", "--json"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        let findings = try XCTUnwrap(S.doc(run)["findings"] as? [[String: Any]], run.stdout)
        XCTAssertEqual(findings.map { Set($0.keys) }, Array(repeating: ["migration", "line", "rule", "severity", "message",
                                                                         "suggestion"], count: findings.count))
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, ["not_null_without_default", "missing_lock_timeout"])
        XCTAssertEqual(findings.first?["migration"] as? String, notNull.0)
        XCTAssertEqual(findings.first?["line"] as? Int, 1)

        XCTAssertEqual(try S.ops(["lint", create.0], dir, env).code, 0, "the CREATE TABLE alone is safe")
        XCTAssertEqual(try S.ops(["lint", "add_locale"], dir, env).code, 1, "a unique part of the name")
        let outside = dir.appendingPathComponent("review.sql")
        try "-- evermed-ops: lock_timeout=2s\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n"
            .write(to: outside, atomically: true, encoding: .utf8)
        run = try S.ops(["lint", "review.sql"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("✔ 1 migration: no hazards found"), run.stdout)

        run = try S.ops(["lint", "nothing_like_it"], dir, env)
        XCTAssertEqual(run.code, 2, run.all)
        XCTAssertTrue(run.stderr.contains("“nothing_like_it” is neither a migration in db/migrations nor a file"), run.all)
        run = try S.ops(["lint", create.0, "--pending", "local"], dir, env)
        XCTAssertEqual(run.code, 2, run.all)
        XCTAssertTrue(run.stderr.contains("not both"), run.all)

        try S.writeMigration(dir, notNull.0, "-- evermed-ops: lock_timeout=3s\nALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';\n")
        run = try S.ops(["lint"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)

        run = try S.ops(["lint", "--rules", "--json"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        let rules = (S.doc(run)["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        for id in ["not_null_without_default", "blocking_index", "concurrently_in_transaction", "missing_lock_timeout",
                   "table_not_found", "unbounded_data_change", "transaction_control"] {
            XCTAssertTrue(rules.contains(id), "\(id) in \(rules)")
        }
    }

    /// `--pending ENV` lints what deploy would apply, weighed by ENV's tables: the same NOT NULL column is an
    /// info on an empty table and an error once it holds a row; a table ENV lacks is an error before anything runs.
    func testLintPending_WeighsByTheEnvironmentsTables() throws {
        let local = S.prefix("l") + "local"
        try S.createDatabase(self, local)
        let dir = try S.project(self, migrations: [create])
        let env = ["LOCAL_URL": S.url(local)]
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], dir, env).code, 0)
        try S.writeMigration(dir, notNull.0, notNull.1)
        var run = try S.ops(["lint", "--pending", "local", "--json"], dir, env)
        XCTAssertEqual(run.code, 0, "users is empty in local: \(run.all)")
        var findings = S.doc(run)["findings"] as? [[String: Any]] ?? []
        XCTAssertEqual(findings.first?["severity"] as? String, "info", run.stdout)
        XCTAssertTrue((findings.first?["message"] as? String)?.contains("public.users is empty in local") == true, run.stdout)

        _ = try S.psql(local, "INSERT INTO users VALUES (1, 'a')")
        run = try S.ops(["lint", "--pending", "local", "--json"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        findings = S.doc(run)["findings"] as? [[String: Any]] ?? []
        XCTAssertEqual(findings.first?["severity"] as? String, "error", run.stdout)
        XCTAssertTrue((findings.first?["message"] as? String)?.contains("public.users holds data in local") == true, run.stdout)

        try S.writeMigration(dir, "20260103000000_posts", "ALTER TABLE post ADD COLUMN body text;\n")
        run = try S.ops(["lint", "--pending", "local"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("public.post does not exist in local: the migration would fail here (42P01)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("[table_not_found]"), run.stdout)
        XCTAssertTrue(run.stdout.contains("lint against local's tables"), run.stdout)
    }

    /// The `hazards` gate: a protected environment refuses a plan with a lint error (a blocking index build on a
    /// large table) until --accept-hazards, which the audit log records; an unprotected one applies it; the dry run
    /// shows the finding in the plan.
    func testDeploy_HazardsGate_ProtectedRefusesUntilAccepted_AuditRecordsIt() throws {
        let prefix = S.prefix("h")
        let staging = prefix + "staging", production = prefix + "production"
        try S.createDatabase(self, staging)
        try S.createDatabase(self, production)
        let dir = try S.project(self, migrations: [create],
                                environments: [("staging", ""), ("production", "protected: true")],
                                topLevel: "shadow_url: \"${SHADOW_URL}\"\nlint: { large_table_rows: 100 }")
        let env = ["STAGING_URL": S.url(staging), "PRODUCTION_URL": S.url(production), "SHADOW_URL": S.url("postgres")]
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup"], dir, env).code, 0)
        for db in [staging, production] {
            _ = try S.psql(db, "INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, 500) g", "ANALYZE users")
        }
        let index = "20260104000000_index_names"
        try S.writeMigration(dir, index, "-- evermed-ops: lock_timeout=2s\nCREATE INDEX users_name_idx ON users (name);\n")

        var run = try S.ops(["deploy", "production", "--dry-run"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("refused by the hazards gate"), run.stdout)
        XCTAssertTrue(run.stdout.contains("hazard: ✖ error line 2 [blocking_index]"), run.stdout)
        XCTAssertTrue(run.stdout.contains("public.users is large in production: ~500 rows"), run.stdout)

        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], dir, env).code, 0, "staging is not protected")
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup", "--json"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "hazards", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("blocking_index in \(index) line 2"), run.stdout)
        XCTAssertEqual(((doc["hazards"] as? [[String: Any]])?.first)?["rule"] as? String, "blocking_index", run.stdout)
        XCTAssertEqual(try S.psql(production, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx'"), "0")

        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup", "--accept-hazards",
                         "--json"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], [index], run.stdout)
        XCTAssertEqual(try S.psql(production, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx'"), "1")
        let deploys = try S.auditLines(dir).filter { $0["action"] as? String == "deploy" && $0["environment"] as? String == "production" }
        XCTAssertEqual(deploys.last?["accepted_hazards"] as? [String], ["blocking_index \(index):2"], "\(deploys)")
    }

    /// `-- evermed-ops: lock_timeout=… statement_timeout=…` holds for that migration only (SET LOCAL), in and out of
    /// a transaction; the next migration runs with the environment's own timeouts again.
    func testDirective_TimeoutsHoldForThatMigrationOnly() throws {
        let local = S.prefix("t") + "local"
        try S.createDatabase(self, local)
        let record = "INSERT INTO seen (lock, statement) VALUES (current_setting('lock_timeout'), current_setting('statement_timeout'));\n"
        let dir = try S.project(self, migrations: [
            ("20260101000000_own", "-- evermed-ops: lock_timeout=1500ms statement_timeout=7s\n"
                + "CREATE TABLE seen (n serial, lock text, statement text);\n" + record),
            ("20260102000000_own_outside", "-- evermed-ops: lock_timeout=2s\nCREATE INDEX CONCURRENTLY seen_n ON seen (n);\n" + record),
            ("20260103000000_default", record),
        ])
        let env = ["LOCAL_URL": S.url(local)]
        let run = try S.ops(["deploy", "local", "--yes"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(try S.psql(local, "SELECT string_agg(lock || '/' || statement, ' ' ORDER BY n) FROM seen"),
                       "1500ms/7s 2s/0 5s/0", "each migration's own, then the environment's (lock_timeout 5s)")
    }
}

/// The `hazards` gate at the console: the typed confirmation of a protected environment names the lint errors, and
/// typing the name accepts them (audited as `accepted_hazards`).
final class LintConsoleEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func testTypedConfirmation_NamesTheHazards_AndAcceptsThem() throws {
        let production = S.prefix("g") + "production"
        try S.createDatabase(self, production)
        let dir = try S.project(self, migrations: [("20260101000000_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n")],
                                environments: [("production", "protected: true")],
                                topLevel: "shadow_url: \"${SHADOW_URL}\"\nlint: { large_table_rows: 100 }")
        let env = ["PRODUCTION_URL": S.url(production), "SHADOW_URL": S.url("postgres")]
        XCTAssertEqual(try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup"], dir, env).code, 0)
        try S.psql(production, "INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, 500) g", "ANALYZE users")
        let index = "20260102000000_index_names"
        try S.writeMigration(dir, index, "-- evermed-ops: lock_timeout=2s\nCREATE INDEX users_name_idx ON users (name);\n")

        let t = try TmuxSession(self, cwd: dir, env: env)
        t.waitForPrompt()
        try t.run("deploy production")
        t.waitForText("Type production to continue:")
        let asked = t.transcript()
        XCTAssertTrue(asked.contains("Lint found 1 error (blocking_index, \(index) line 2)"), asked)
        XCTAssertTrue(asked.contains("typing the name also accepts it"), asked)
        try t.run("production")
        t.waitForText("applied  \(index)")
        t.waitForPrompt(count: 2)
        let deploys = try S.auditLines(dir).filter { $0["action"] as? String == "deploy" }
        XCTAssertEqual(deploys.last?["accepted_hazards"] as? [String], ["blocking_index \(index):2"], "\(deploys)")
    }
}
