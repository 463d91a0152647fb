import Foundation
import XCTest

/// Issue 7, items 1, 4, 7 and the --json contract: global options reach every subcommand and the console,
/// one confirmation rule, passwords libpq would misread never shown, and `--json` always answers with JSON.
final class HardeningOptionsEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// Two projects: the one the command runs in (A) and the one `--config` names (B), on different databases.
    func twoProjects() throws -> (a: URL, b: URL, dbA: String, dbB: String, env: [String: String]) {
        let dbA = S.prefix("oa") + "local", dbB = S.prefix("ob") + "local"
        try S.createDatabase(self, dbA)
        try S.createDatabase(self, dbB)
        let migrations = [("20250101000000_one", "CREATE TABLE one (id int);\n")]
        let a = try S.project(self, migrations: migrations, environments: [("local", "")])
        let b = try S.project(self, migrations: migrations, environments: [("local", "")])
        try "migrations: db/migrations\nenvironments:\n  local: { url: \"${B_URL}\" }\n"
            .write(to: b.appendingPathComponent("evermed-ops.yml"), atomically: true, encoding: .utf8)
        return (a, b, dbA, dbB, ["LOCAL_URL": S.url(dbA), "B_URL": S.url(dbB)])
    }

    /// Before the fix every subcommand used A's config (or the *_DATABASE_URL variables) whatever --config said.
    func testConfig_BeforeOrAfterTheSubcommand_UsedByEveryCommandAndTheConsole() throws {
        let p = try twoProjects()
        let config = p.b.appendingPathComponent("evermed-ops.yml").path
        let commands: [[String]] = [["status", "--json"], ["check", "local", "--json"], ["diff", "local", "migrations", "--json"],
                                    ["deploy", "local", "--dry-run", "--json"]]
        for command in commands {
            for args in [["--config", config] + command, command + ["--config", config]] {
                let run = try S.ops(args, p.a, p.env)
                XCTAssertTrue(run.stdout.contains(p.dbB), "\(args): \(run.all)")
                XCTAssertFalse(run.stdout.contains(p.dbA), "\(args) used the project it ran in: \(run.all)")
            }
        }
        let console = try S.ops(["--config", config, "-c", "status"], p.a, p.env)
        XCTAssertTrue(console.stdout.contains(p.dbB) && !console.stdout.contains(p.dbA), console.all)
        // The audit log is B's too: a refused deploy through --config is recorded beside B's config.
        _ = try S.ops(["deploy", "local", "--config", config, "--json"], p.a, p.env)
        XCTAssertTrue(FileManager.default.fileExists(atPath: p.b.appendingPathComponent(".evermed-ops/audit.log").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.a.appendingPathComponent(".evermed-ops/audit.log").path))
    }

    func testConfig_MissingFile_Exit2ForEveryCommandAndTheConsole() throws {
        let p = try twoProjects()
        for command in [["status"], ["check", "local"], ["diff", "local", "migrations"], ["deploy", "local", "--dry-run"],
                        ["resolve", "local", "x", "--applied"], ["baseline", "local"], ["audit"], ["-c", "status"]] {
            for args in [command + ["--config", "/nonexistent.yml"], ["--config", "/nonexistent.yml"] + command] {
                let run = try S.ops(args, p.a, p.env)
                XCTAssertEqual(run.code, 2, "\(args): \(run.all)")
                XCTAssertTrue(run.stderr.contains("/nonexistent.yml: no such file (given with --config)"), "\(args): \(run.all)")
                XCTAssertFalse(run.stdout.contains(p.dbA), "\(args): \(run.all)")
            }
        }
    }

    /// --no-color before or after the subcommand: no escape code on a terminal, on stdout or in progress lines.
    func testNoColor_OnATerminal_NoEscapeCodesAnywhere() throws {
        let p = try twoProjects()
        for args in [["status", "--no-color"], ["--no-color", "status"], ["check", "local", "--no-color", "-v"],
                     ["-c", "check local", "--no-color"]] {
            let screen = try terminalRun(args, p.a, p.env)
            XCTAssertTrue(screen.contains("local"), "\(args): \(screen)")
            XCTAssertFalse(screen.contains("\u{1B}["), "\(args) printed escape codes: \(screen.debugDescription)")
        }
        let coloured = try terminalRun(["status"], p.a, p.env)
        XCTAssertTrue(coloured.contains("\u{1B}["), "without --no-color a terminal gets colour (the test can tell)")
        let noColorEnv = try terminalRun(["check", "local", "-v"], p.a, p.env.merging(["NO_COLOR": "1"]) { $1 })
        XCTAssertFalse(noColorEnv.contains("\u{1B}["), "NO_COLOR: \(noColorEnv.debugDescription)")
    }

    /// Runs the binary on a pseudo-terminal (util-linux `script`), returning what the terminal showed.
    func terminalRun(_ args: [String], _ cwd: URL, _ env: [String: String]) throws -> String {
        let command = ([BinaryHarness.binary] + args).map(TmuxSession.quote).joined(separator: " ")
        return try BinaryHarness.process("/usr/bin/script", ["-qec", command, "/dev/null"], cwd: cwd,
                                         environment: BinaryHarness.childEnvironment(env)).output
    }

    /// Item 7: an unencoded `/` or `@` in a password. libpq read `u:S3cr` as host and port and printed the
    /// password in the error, in `target` and in `--json`.
    func testURL_UnencodedPassword_NeverShown_TargetUnparsable() throws {
        let db = S.prefix("u") + "local"
        try S.createDatabase(self, db)
        let port = BinaryHarness.env("EVERMED_TEST_PG_PORT")
        let project = try S.project(self, migrations: [("20250101000000_one", "SELECT 1;\n")],
                                    environments: [("local", ""), ("other", "")])
        for password in ["S3cr/3tPw", "p@ss@w0rd", "12/ab@cd"] {
            let env = ["LOCAL_URL": "postgresql://postgres:\(password)@127.0.0.1:\(port)/\(db)", "OTHER_URL": S.url(db)]
            for args in [["status"], ["status", "--json"], ["check", "local", "--json"], ["deploy", "local", "--yes", "--json"],
                         ["check", "all"], ["-c", "check local"], ["diff", "local", "other", "--json"]] {
                let run = try S.ops(args, project, env)
                for piece in [password] + password.split(whereSeparator: { "/@".contains($0) }).map(String.init) where piece.count >= 3 {
                    XCTAssertFalse(run.all.contains(piece), "\(args) showed \(piece) of \(password): \(run.all)")
                }
                XCTAssertNotEqual(run.code, 0, "\(args): \(run.all)")
                if args.contains("--json") {
                    let doc = S.doc(run)
                    let described = run.stdout.contains("\"target\" : \"(unparsable URL)\"")
                        || run.stdout.contains("\"from_target\" : \"(unparsable URL)\"")
                    XCTAssertTrue(described || doc["environment"] as? String == "local", "\(args): \(run.stdout)")
                }
            }
            let status = try S.ops(["status"], project, env)
            XCTAssertTrue(status.stdout.contains("local (unparsable URL)"), status.all)
            XCTAssertTrue(status.stdout.contains("percent-encode"), status.all)
            XCTAssertTrue(status.stdout.contains("other (127.0.0.1:\(port)/\(db))"), "the other environment still works: \(status.all)")
        }
    }

    /// With --json, an error is a JSON document on stdout too (it used to be empty), naming the environment.
    func testJSON_Errors_AreDocuments() throws {
        let p = try twoProjects()
        let missing = try S.ops(["status", "--json", "--config", "/nonexistent.yml"], p.a, p.env)
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue((S.doc(missing)["error"] as? String ?? "").contains("/nonexistent.yml"), missing.all)
        let unknown = try S.ops(["check", "nosuch", "--json"], p.a, p.env)
        XCTAssertEqual(unknown.code, 2)
        XCTAssertEqual(S.doc(unknown)["environment"] as? String, "nosuch", unknown.all)
        let down = try S.ops(["deploy", "local", "--yes", "--json"], p.a,
                             ["LOCAL_URL": "postgresql://postgres:x@127.0.0.1:1/none"])
        XCTAssertEqual(down.code, 2, down.all)
        let doc = S.doc(down)
        XCTAssertEqual(doc["environment"] as? String, "local", down.all)
        XCTAssertTrue((doc["error"] as? String ?? "").contains("Cannot connect to local"), down.all)
    }
}
