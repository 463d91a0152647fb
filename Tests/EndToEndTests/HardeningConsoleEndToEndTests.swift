import Foundation
import XCTest

/// Issue 7, items 3, 8, 9 and 14: loose lines never deploy, database contents never drive the terminal and
/// every suggested command is quoted (and works when followed), the first console line is redacted before it
/// can reach the history, and a 16,000-character token is refused at once.
final class HardeningConsoleEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func testLooseLines_NeverStartADeploy() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let before = try ["staging", "production"].map { try S.snapshot(prefix + $0) }
        for line in ["apply migrations STAGING", "migrate add_personal_models staging to --yes", "deploy --confirm production",
                     "deploy 20250925000000 stage", "DEPLOY staging", "deploy prod", "deploy staging --yes x"] {
            let run = try S.ops(["-c", line], project, env)
            XCTAssertEqual(run.code, 2, "\(line): \(run.all)")
            XCTAssertTrue(run.stderr.contains("Did you mean `deploy "), "\(line): \(run.all)")
            XCTAssertTrue(run.stderr.contains("Not run"), "\(line): \(run.all)")
            XCTAssertFalse(run.stdout.contains("deploy staging (") || run.stdout.contains("deploy production ("), "\(line): \(run.all)")
        }
        let diff = try S.ops(["-c", "diff prod --dry-run"], project, env)
        XCTAssertEqual(diff.code, 2, diff.all)
        XCTAssertFalse(diff.all.contains("dry run:"), "a diff line became a deploy plan: \(diff.all)")
        XCTAssertTrue(diff.stderr.contains("`help diff`"), diff.all)
        XCTAssertEqual(try ["staging", "production"].map { try S.snapshot(prefix + $0) }, before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.appendingPathComponent(".evermed-ops/audit.log").path),
                       "no deploy was even attempted")
    }

    /// On a terminal, `deploy 20250925000000 stage` went straight to the deploy's own y/N.
    func testLooseLine_OnATerminal_IsASuggestionFirst() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let t = try TmuxSession(self, cwd: project, env: S.crisisEnvironment(prefix))
        t.waitForPrompt()
        try t.run("deploy 20250925000000 stage")
        t.waitForText("Did you mean `deploy staging`?")
        XCTAssertFalse(t.transcript().contains("Deploy 3 migrations to staging"), t.transcript())
        try t.run("n")
        t.waitForPrompt(count: 2)
        XCTAssertEqual(try S.historyRows(prefix + "staging").count, 4)
    }

    /// Item 9: the redactor learned the project's secrets only after the first line was remembered, so a
    /// password typed at the first prompt stayed in the history file.
    func testHistory_PasswordAsTheFirstLine_NotKept() throws {
        let project = try CrisisProject.copy(self)
        let t = try TmuxSession(self, cwd: project, env: CrisisProject.environment)
        t.waitForPrompt()
        try t.run(CrisisProject.password)
        t.waitForPrompt(count: 2)
        try t.run("status")
        t.waitForPrompt(count: 3)
        try t.run("quit")
        XCTAssertNotNil(t.waitForExit())
        let history = (try? String(contentsOf: t.historyFile, encoding: .utf8)) ?? ""
        XCTAssertTrue(history.contains("status"), "the history was written: \(history)")
        XCTAssertFalse(history.contains(CrisisProject.password), history)
        XCTAssertTrue(t.transcript().contains("I did not understand \"***\""), "the answer masks it: \(t.transcript())")
    }

    static let hostile = "20250101000000_x\u{1B}]0;pwned\u{07}\u{1B}[2J\nFAKE: all good $(touch /tmp/evermed-pwned)"

    /// Item 8: names from a database reached the terminal raw (window title, cleared screen, forged lines) and
    /// `next:` commands were not quoted. Followed as printed, the advice now works to the end.
    func testHostileNames_ShownVisiblyAndTheAdviceWorksAsPrinted() throws {
        let db = S.prefix("host") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: [("20250101000000_init", "CREATE TABLE t (id int);\n")])
        let env = ["LOCAL_URL": S.url(db)]
        XCTAssertEqual(try S.ops(["deploy", "local", "--yes"], project, env).code, 0)
        try S.psql(db, "CREATE TABLE \"evil\u{1B}[2Jtable\" (\"col\nFAKE\" int)")
        let name = Self.hostile.replacingOccurrences(of: "'", with: "''")
        try S.psql(db, "INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name, started_at) VALUES "
                       + "('00000000-0000-4000-8000-000000000001', 'x', '\(name)', now())")
        try? FileManager.default.removeItem(atPath: "/tmp/evermed-pwned")
        var outputs: [String] = []
        for args in [["status"], ["check", "local"], ["-c", "describe local \"evil\u{1B}[2Jtable\""], ["-c", "next"]] {
            let run = try S.ops(args, project, env)
            outputs.append(run.all)
            XCTAssertFalse(run.all.unicodeScalars.contains("\u{1B}") || run.all.unicodeScalars.contains("\u{07}"),
                           "\(args): \(run.all.debugDescription)")
            XCTAssertFalse(run.all.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "\(args) forged a line: \(run.all)")
        }
        XCTAssertTrue(outputs[0].contains("\\e]0;pwned\\a\\e[2J\\nFAKE"), outputs[0])
        XCTAssertTrue(outputs[2].contains("col\\nFAKE"), outputs[2])
        // The advice, followed as printed through a shell: the name arrives intact, nothing else runs.
        let next = try XCTUnwrap(outputs[0].split(separator: "\n").first { $0.contains("next: evermed-ops resolve") }, outputs[0])
        var command = String(next.split(separator: "next: ", maxSplits: 1)[1])
        command = String(command.components(separatedBy: "   (or").first!).trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(command.contains("$'"), "the name with control characters is $'…' quoted: \(command)")
        let first = try shell(command, project, env)
        XCTAssertEqual(first.code, 1, first.output)
        XCTAssertTrue(first.output.contains("--yes"), "the refusal's fix adds --yes: \(first.output)")
        let fix = try XCTUnwrap(first.output.split(separator: "\n").first { $0.contains("next: evermed-ops resolve") }, first.output)
        let second = try shell(String(fix.split(separator: "next: ", maxSplits: 1)[1]), project, env)
        XCTAssertEqual(second.code, 0, second.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/evermed-pwned"), "the name's $(…) ran")
        XCTAssertEqual(try S.psql(db, "SELECT count(*) FROM \"_prisma_migrations\" WHERE rolled_back_at IS NOT NULL"), "1")
        let audit = try S.ops(["audit"], project, env)
        XCTAssertFalse(audit.all.unicodeScalars.contains("\u{1B}"), audit.all.debugDescription)
        XCTAssertTrue(audit.stdout.contains("resolve"), audit.all)
    }

    /// Runs a command line as a user pasting it into bash would (the binary on PATH as `evermed-ops`).
    func shell(_ line: String, _ cwd: URL, _ env: [String: String]) throws -> (output: String, code: Int32) {
        var environment = BinaryHarness.childEnvironment(env)
        let bin = URL(fileURLWithPath: BinaryHarness.binary).deletingLastPathComponent().path
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try BinaryHarness.process("/bin/bash", ["-c", line], cwd: cwd, environment: environment)
    }

    /// Item 14: one 16,000-character token took the router 12 s; now any line over 1,000 bytes is refused.
    func testLongToken_RefusedAtOnce() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["-c", String(repeating: "a", count: 16_000)], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2, run.all)
        XCTAssertTrue(run.stderr.contains("the console reads commands of at most 1000"), run.stderr)
        XCTAssertLessThan(run.all.count, 500, "the line is not echoed back")
    }
}
