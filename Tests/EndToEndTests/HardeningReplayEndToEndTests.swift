import Foundation
import OpsCore
import XCTest

/// Issue 7, items 5, 10, 11 and 12: resolve past a failed data statement, private state files, shadow
/// databases of killed runs, and replays that leave no role behind on the cluster.
final class HardeningReplayEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func roleExists(_ role: String) throws -> Bool {
        try S.psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '\(role)'") == "1"
    }

    /// Item 12: a migration that creates a role left it on the shadow server's cluster after a read-only check,
    /// and every uncached check after that failed with 42710.
    func testReplay_MigrationsCreatingRoles_LeaveNoRoleAndRepeat() throws {
        let role = "evm_reader_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        addTeardownBlock { _ = try? S.psqlRun("postgres", ["DROP ROLE IF EXISTS \(role)"]) }
        let db = S.prefix("role") + "local"
        try S.createDatabase(self, db)
        try S.dropNewShadowsAtTeardown(self)
        let project = try S.project(self, migrations: [
            ("20250101000001_table", "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (id int PRIMARY KEY, m mood);\n"),
            ("20250101000002_role", "CREATE ROLE \(role);\nGRANT SELECT ON t TO \(role);\n"
                + "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(role)_w') THEN CREATE ROLE \(role)_w; END IF; END $$;\n"),
            ("20250101000003_index", "CREATE INDEX CONCURRENTLY t_m ON t (m);\nALTER TYPE mood ADD VALUE 'b';\n"),
        ])
        addTeardownBlock { _ = try? S.psqlRun("postgres", ["DROP ROLE IF EXISTS \(role)_w"]) }
        let env = ["LOCAL_URL": S.url(db)]
        // The live database has the table but not the index or the enum's new value: the diff shows what the
        // replay built.
        try S.psql(db, "CREATE TYPE mood AS ENUM ('a')", "CREATE TABLE t (id int PRIMARY KEY, m mood)")
        for round in 1...2 {
            try? FileManager.default.removeItem(at: project.appendingPathComponent(".evermed-ops/cache"))
            let run = try S.ops(["diff", "local", "migrations", "--json", "-v"], project, env)
            XCTAssertEqual(run.code, 1, "round \(round): the empty database differs, and the replay worked: \(run.all)")
            XCTAssertTrue(run.stderr.contains("in one transaction, rolled back afterwards"), run.all)
            let names = (S.doc(run)["changes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            XCTAssertTrue(names.contains("public.t.t_m"), "the CONCURRENTLY index is in the replayed schema: \(names)")
            XCTAssertFalse(try roleExists(role), "round \(round): the replay left role \(role) on the cluster")
            XCTAssertFalse(try roleExists(role + "_w"), "round \(round): the DO block's role was left")
        }
        // A role the cluster already has (left by an older version) is kept, not an error.
        try S.psql("postgres", "CREATE ROLE \(role)")
        try? FileManager.default.removeItem(at: project.appendingPathComponent(".evermed-ops/cache"))
        let run = try S.ops(["diff", "local", "migrations", "-v"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stderr.contains("kept the existing one"), run.all)
        XCTAssertTrue(try roleExists(role), "the existing role stays")
    }

    /// Item 11: a shadow database left by a killed run (kill -9 cannot be caught) is dropped by the next replay;
    /// a live process's is kept. SIGHUP is handled like SIGTERM: the shadow is dropped on the way out.
    func testShadows_LeftByKilledRuns_DroppedNextTime_SIGHUPCleansUp() throws {
        try S.dropNewShadowsAtTeardown(self)
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let host = ProcessInfo.processInfo.hostName
        let stale = ShadowName.make(host: host, pid: Int(dead.processIdentifier), epoch: Int(Date().timeIntervalSince1970) - 60)
        let oldStyle = "evermed_shadow_\(dead.processIdentifier)_abc123"
        let live = ShadowName.make(host: host, pid: Int(getpid()), epoch: Int(Date().timeIntervalSince1970))
        for name in [stale, oldStyle, live] { try S.psql("postgres", "CREATE DATABASE \"\(name)\"") }
        addTeardownBlock { _ = try? S.psqlRun("postgres", ["DROP DATABASE IF EXISTS \"\(live)\""]) }

        let db = S.prefix("shd") + "local"
        try S.createDatabase(self, db)
        let slow = "CREATE TABLE t (id int);\nSELECT pg_sleep(20);\n"
        let project = try S.project(self, migrations: [("20250101000001_t", "CREATE TABLE a (id int);\n")])
        let env = ["LOCAL_URL": S.url(db)]
        let run = try S.ops(["diff", "local", "migrations", "-v"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stderr.contains("left by killed runs"), run.all)
        let shadows = try S.shadowDatabases()
        XCTAssertFalse(shadows.contains(stale), "\(shadows)")
        XCTAssertFalse(shadows.contains(oldStyle), "\(shadows)")
        XCTAssertTrue(shadows.contains(live), "a live process's shadow is not touched: \(shadows)")

        // A real kill -9 in the middle of a replay, then the next replay.
        try S.writeMigration(project, "20250101000002_slow", slow)
        try? FileManager.default.removeItem(at: project.appendingPathComponent(".evermed-ops/cache"))
        let before = try S.shadowDatabases()
        let killed = try S.Background(["diff", "local", "migrations"], cwd: project, env: env)
        XCTAssertTrue(try S.waitUntil(20) { try S.shadowDatabases().subtracting(before).count == 1 })
        let leftover = try XCTUnwrap(try S.shadowDatabases().subtracting(before).first)
        kill(killed.pid, SIGKILL)
        _ = killed.finish()
        XCTAssertTrue(try S.shadowDatabases().contains(leftover), "kill -9 leaves it (nothing can catch it)")
        try S.writeMigration(project, "20250101000002_slow", "CREATE TABLE t (id int);\n")
        XCTAssertEqual(try S.ops(["diff", "local", "migrations"], project, env).code, 1)
        XCTAssertFalse(try S.shadowDatabases().contains(leftover), "the next replay dropped the killed run's shadow")

        // SIGHUP (the terminal closed) during a replay: exit 129, shadow dropped.
        try S.writeMigration(project, "20250101000002_slow", slow)
        let hup = try S.Background(["diff", "local", "migrations"], cwd: project, env: env)
        XCTAssertTrue(try S.waitUntil(20) { try S.shadowDatabases().subtracting(before).count == 1 })
        kill(hup.pid, SIGHUP)
        let hung = hup.finish()
        XCTAssertEqual(hung.code, 129, hung.all)
        XCTAssertTrue(try S.waitUntil(10) { try S.shadowDatabases().subtracting(before).isEmpty }, "SIGHUP left a shadow")
    }

    /// Item 5: a migration that adds a column, creates an index and then fails in an UPDATE was judged "all 2
    /// objects exist… it completed". The logs say the UPDATE (line 3) failed: resolve does not say completed.
    func testResolve_FailedInADataStatement_NotCalledCompleted() throws {
        let db = S.prefix("res") + "local"
        try S.createDatabase(self, db)
        try S.dropNewShadowsAtTeardown(self)
        let name = "20250101000002_tier"
        let project = try S.project(self, migrations: [
            ("20250101000001_t", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n"),
            (name, "ALTER TABLE t ADD COLUMN tier text;\nCREATE INDEX CONCURRENTLY t_tier ON t (tier);\nUPDATE t SET tier = (1 / 0)::text;\n"),
        ])
        let env = ["LOCAL_URL": S.url(db)]
        var run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual((S.doc(run)["failed"] as? [String: Any])?["line"] as? Int, 3, run.stdout)
        run = try S.ops(["resolve", "local", name, "--applied", "--json"], project, env)
        let evidence = try XCTUnwrap(S.doc(run)["evidence"] as? [String: Any], run.all)
        XCTAssertEqual(evidence["recommendation"] as? String, "partial", run.stdout)
        let explanation = evidence["explanation"] as? String ?? ""
        XCTAssertTrue(explanation.contains("the run failed at line 3"), explanation)
        XCTAssertFalse(explanation.contains("it completed. Mark it"), explanation)
        XCTAssertTrue((evidence["items"] as? [[String: Any]] ?? []).allSatisfy { $0["present"] as? Bool == true }, run.stdout)
    }

    /// Item 10: an audit log found with mode 0644 stayed 0644, and cache files were written 0644.
    func testStateFiles_Private() throws {
        let db = S.prefix("mode") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: [("20250101000001_t", "CREATE TABLE t (id int);\n")])
        let env = ["LOCAL_URL": S.url(db)]
        let state = project.appendingPathComponent(".evermed-ops")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: state.appendingPathComponent("audit.log").path, contents: Data(),
                                       attributes: [.posixPermissions: 0o644])
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], project, env).code, 0)
        func mode(_ url: URL) throws -> Int { (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1 }
        XCTAssertEqual(try mode(state.appendingPathComponent("audit.log")), 0o600)
        XCTAssertEqual(try mode(state), 0o700)
        let cache = state.appendingPathComponent("cache")
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        XCTAssertFalse(files.isEmpty)
        for file in files { XCTAssertEqual(try mode(cache.appendingPathComponent(file)), 0o600, file) }
        XCTAssertEqual(try mode(cache), 0o700)
    }
}
