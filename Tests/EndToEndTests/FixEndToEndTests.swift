import Foundation
import XCTest

/// Issue 10, part 2: `fix ENV` writes the corrective migration (idempotent, linted, never applied by fix), for the
/// demo's production leftovers (--revert) and for a manual hotfix (--capture), and following its advice ends in sync.
final class FixEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    let failed = "20250925000000_add_personal_models"

    /// The incident: after `resolve --rolled-back`, the failed run's table is still in production. fix --revert writes
    /// a migration that sorts before the failed one and drops the table only where it is not applied; staging runs it
    /// as a no-op, production's deploy then re-applies everything, and every environment ends in sync.
    func testFixRevert_DemoLeftovers_SortsFirst_GuardedByHistory_EndsInSync() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], project, env).code, 0)
        XCTAssertEqual(try S.ops(["resolve", "production", failed, "--rolled-back", "--yes", "--confirm", "production"],
                                 project, env).code, 0)

        var run = try S.ops(["fix", "production"], project, env)
        XCTAssertEqual(run.code, 1, "no direction and nobody to ask: \(run.all)")
        XCTAssertTrue(run.stdout.contains("fix needs a direction"), run.stdout)
        XCTAssertTrue(run.stdout.contains("evermed-ops fix production --capture   (or --revert)"), run.stdout)

        run = try S.ops(["fix", "production", "--revert", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        let doc = S.doc(run)
        let written = try XCTUnwrap(doc["written"] as? [[String: Any]])
        XCTAssertEqual(written.compactMap { $0["name"] as? String }, ["20250924235959_fix_production_drift"])
        XCTAssertEqual(doc["waits_for"] as? [String], [failed])
        let sql = try String(contentsOf: S.migrationFile(project, "20250924235959_fix_production_drift"), encoding: .utf8)
        XCTAssertTrue(sql.contains("DROP TABLE IF EXISTS public.personal_models;"), sql)
        XCTAssertTrue(sql.contains("migration_name = '\(failed)'"), sql)
        XCTAssertTrue(sql.contains("-- evermed-ops: lock_timeout=5s"), sql)

        // Staging (it has the table from the real migration) runs it as a no-op; production's deploy goes through.
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], project, env).code, 0)
        XCTAssertTrue(try S.exists(prefix + "staging", "personal_models"), "staging keeps its table")
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--backup-to", "backups",
                         "--allow-drift"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("applied  \(failed)"), run.stdout)
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], project, env).code, 0)
        run = try S.ops(["check", "all"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        run = try S.ops(["fix", "production", "--revert"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("nothing to fix"), run.stdout)
    }

    /// A manual hotfix on production (an index, a column): --capture writes it as migrations (the CONCURRENTLY part
    /// apart), resolve --applied records them where they already are, and the other environment gets them by deploy.
    func testFixCapture_ManualHotfix_RecordedWhereItIs_DeployedElsewhere() throws {
        let prefix = S.prefix("x")
        let local = prefix + "local", production = prefix + "production"
        try S.createDatabase(self, local)
        try S.createDatabase(self, production)
        let dir = try S.project(self, migrations: [("20260101000000_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n")],
                                environments: [("local", ""), ("production", "protected: true")])
        let env = ["LOCAL_URL": S.url(local), "PRODUCTION_URL": S.url(production)]
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup"], dir, env).code, 0)
        try S.psql(production, "CREATE INDEX users_name_idx ON users (name)", "ALTER TABLE users ADD COLUMN nickname text")

        var run = try S.ops(["fix", "production", "--capture"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("db/migrations").path)
            .filter { $0.contains("_fix_production_drift") }.sorted()
        XCTAssertEqual(names.count, 2, run.stdout)
        XCTAssertTrue(names[1].hasSuffix("_fix_production_drift_concurrently"), "\(names)")
        let main = try String(contentsOf: S.migrationFile(dir, names[0]), encoding: .utf8)
        XCTAssertTrue(main.contains("ALTER TABLE public.users ADD COLUMN IF NOT EXISTS nickname text;"), main)
        let concurrent = try String(contentsOf: S.migrationFile(dir, names[1]), encoding: .utf8)
        XCTAssertTrue(concurrent.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON public.users USING btree (name);"),
                      concurrent)

        XCTAssertTrue(run.stdout.contains("next: evermed-ops resolve production \(names[0]) --applied --yes --confirm production"),
                      "the advice names the protected environment's confirmations: \(run.stdout)")
        // Run again before acting on it: the fix already written is named, not written twice.
        run = try S.ops(["fix", "production", "--capture"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("\(names[0]) (written by fix) is not applied in production yet"), run.stdout)
        for name in names {
            XCTAssertEqual(try S.ops(["resolve", "production", name, "--applied", "--yes", "--confirm", "production"], dir, env).code, 0)
        }
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], dir, env).code, 0)
        run = try S.ops(["check", "all"], dir, env)
        XCTAssertEqual(run.code, 0, "every environment in sync, production's history explains its hotfix: \(run.all)")
        XCTAssertEqual(try S.psql(local, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx'"), "1")
    }

    /// A column renamed by hand: without --rename it would be dropped and added (and fix says which pair might be a
    /// rename); with --rename the migration renames it, guarded, so the other environment keeps its data.
    func testFixCapture_Rename_KeepsTheData() throws {
        let prefix = S.prefix("n")
        let (dir, env, local, production) = try S.usersProject(self, prefix: prefix)
        try S.psql(local, "INSERT INTO users VALUES (1, 'Ada')")
        try S.psql(production, "ALTER TABLE users RENAME COLUMN name TO full_name")

        var run = try S.ops(["fix", "production", "--capture", "--json"], dir, env)
        XCTAssertEqual(S.doc(run)["rename_candidates"] as? [String], ["public.users.name=full_name"], run.stdout)
        for name in (S.doc(run)["written"] as? [[String: Any]] ?? []).compactMap({ $0["name"] as? String }) {
            try FileManager.default.removeItem(at: S.migrationFile(dir, name).deletingLastPathComponent())
        }
        run = try S.ops(["fix", "production", "--capture", "--rename", "public.users.name=full_name", "--json"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["renames"] as? [String: String], ["public.users.name": "public.users.full_name"])
        let name = try XCTUnwrap((S.doc(run)["written"] as? [[String: Any]])?.first?["name"] as? String)
        let sql = try String(contentsOf: S.migrationFile(dir, name), encoding: .utf8)
        XCTAssertTrue(sql.contains("ALTER TABLE public.users RENAME COLUMN name TO full_name;"), sql)
        XCTAssertFalse(sql.contains("DROP COLUMN"), sql)
        XCTAssertEqual(try S.ops(["resolve", "production", name, "--applied", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try S.psql(local, "SELECT full_name FROM users WHERE id = 1"), "Ada", "the data moved with the rename")
        XCTAssertEqual(try S.ops(["check", "all"], dir, env).code, 0)
    }

    /// A failed migration is resolve's business: fix says so and writes nothing.
    func testFix_FailedMigration_SaysResolveFirst() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let run = try S.ops(["fix", "production", "--revert"], project, S.crisisEnvironment(prefix))
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("production has a failed migration, \(failed): settle it first"), run.stdout)
        XCTAssertTrue(run.stdout.contains("next: evermed-ops resolve production \(failed) --rolled-back"), run.stdout)
        let folder = project.appendingPathComponent("db/migrations")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.contains("_fix_production_drift") })
    }
}

/// `fix` on a terminal: the direction and each possible rename are asked, never guessed; what was written is on the
/// screen before the offer to record it as applied, and a yes to that runs `resolve` with its own confirmation.
final class FixConsoleEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func testFixAtTheConsole_AsksDirectionAndRename_ThenOffersResolve() throws {
        let (dir, env, _, production) = try S.usersProject(self, prefix: S.prefix("q"))
        try S.psql(production, "ALTER TABLE users RENAME COLUMN name TO full_name")

        let t = try TmuxSession(self, cwd: dir, env: env)
        t.waitForPrompt()
        try t.run("fix production")
        t.waitForText("a hotfix to keep?")
        try t.run("y")
        t.waitForText("public.users: is column \"full_name\" the column \"name\" renamed?")
        try t.run("y")
        t.waitForText("Record ")
        let asked = t.transcript()
        XCTAssertTrue(asked.contains("RENAME COLUMN name TO full_name"), "the SQL is shown before the question: \(asked)")
        try t.run("y")
        t.waitForText("Mark ")   // resolve's own confirmation, after its evidence
        try t.run("y")
        t.waitForText("is now marked applied in production")
        t.waitForPrompt(count: 2)
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try S.ops(["check", "all"], dir, env).code, 0, "production's history explains its rename; local has it")
    }
}

extension MutatingHarness {
    /// `local` and `production` (not protected), each with one migration applied: `users (id, name)`.
    static func usersProject(_ test: XCTestCase, prefix: String) throws -> (URL, [String: String], String, String) {
        let local = prefix + "local", production = prefix + "production"
        try createDatabase(test, local)
        try createDatabase(test, production)
        let dir = try project(test, migrations: [("20260101000000_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n")],
                              environments: [("local", ""), ("production", "")])
        let env = ["LOCAL_URL": url(local), "PRODUCTION_URL": url(production)]
        XCTAssertEqual(try ops(["deploy", "local", "--yes"], dir, env).code, 0)
        XCTAssertEqual(try ops(["deploy", "production", "--yes"], dir, env).code, 0)
        return (dir, env, local, production)
    }
}
