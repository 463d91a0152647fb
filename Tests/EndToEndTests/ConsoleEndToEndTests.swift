import Foundation
import XCTest

/// The interactive console on a real pseudo-terminal (tmux): the prompt, output, Tab completion, history,
/// Ctrl-C at the prompt and during work, Ctrl-D and SIGTERM restoring the terminal, and the "did you mean"
/// question before anything mutating runs.
final class ConsoleEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// A console on the shared (read-only) crisis databases, waiting at its first prompt.
    func crisisConsole(_ project: URL? = nil, stateHome: URL? = nil) throws -> TmuxSession {
        let project = try project ?? CrisisProject.copy(self)
        let session = try TmuxSession(self, cwd: project, env: CrisisProject.environment, stateHome: stateHome)
        session.waitForPrompt()
        return session
    }

    /// 1, 2 and 7: the plain prompt, a command's output, Tab on an environment, on table names after a
    /// describe, and a Tab that has nothing to offer.
    func testPromptOutputAndTabCompletion() throws {
        let t = try crisisConsole()
        let banner = t.transcript()
        XCTAssertTrue(banner.contains("evermed-ops console"), banner)
        t.waitForCursorLine("evermed-ops> ")   // the plain name, the cursor after its space

        // Tab completes the environment, with a space after it.
        try t.type("check st")
        try t.press("Tab")
        t.waitForCursorLine("evermed-ops> check staging ")
        try t.press("Enter")
        t.waitFor("check staging's verdict") {
            $0.contains("staging is 3 migrations behind") || $0.contains("staging is in sync")
        }
        t.waitForPrompt(count: 2)
        XCTAssertTrue(t.transcript().contains("next: evermed-ops deploy staging"), t.transcript())

        // After a describe, Tab after `describe staging ` lists the environment's tables.
        try t.run("describe staging users")
        t.waitForText("Table \"public.users\" in staging")
        t.waitForPrompt(count: 3)
        try t.type("describe staging ")
        try t.press("Tab")
        t.waitFor("the table list") { screen in
            screen.components(separatedBy: "\n").contains { line in
                ["analytics_events", "feature_flags", "glucose_readings", "users"].allSatisfy(line.contains)
            }
        }
        t.waitForCursorLine("evermed-ops> describe staging ")
        try t.type("feat")
        try t.press("Tab")
        t.waitForCursorLine("evermed-ops> describe staging feature_flags ")

        // Nothing fits: the line is unchanged (the sentinel proves the Tab was handled before it).
        try t.press("C-c")
        t.waitForCursorLine("evermed-ops> ")
        try t.type("check zz")
        try t.press("Tab")
        try t.type("Q")
        t.waitForCursorLine("evermed-ops> check zzQ")
        assertNoSecret(BinaryHarness.Run(stdout: t.transcript(), stderr: "", code: 0))
    }

    /// 3: Up recalls the last command; the history file is private, persists across sessions, and never
    /// receives a line that carries a password.
    func testHistory_RecallsCommands_PrivateFile_NoSecrets() throws {
        let project = try CrisisProject.copy(self)
        let t = try crisisConsole(project)
        try t.run("status local")
        t.waitForText("local is up to date")
        t.waitForPrompt(count: 2)

        // Lines with a credential are run (here: asked about) but not remembered.
        try t.run("check password=s3cretpw")
        t.waitForText("choose 1-")
        try t.press("Enter")
        t.waitForPrompt(count: 3)
        try t.run("diff postgresql://u:s3cretpw@h/db local")
        t.waitForText("Compare local with what?")
        t.waitFor("the choice prompt") { $0.components(separatedBy: "\n").filter { $0.hasPrefix("choose 1-") }.count == 2 }
        try t.press("Enter")
        t.waitForPrompt(count: 4)
        // Only the echo of what was typed shows the password; no answer repeats it.
        let answers = t.transcript().components(separatedBy: "\n").filter { !$0.hasPrefix(TmuxSession.prompt) }
        XCTAssertFalse(answers.contains { $0.contains("s3cretpw") }, "an answer repeated the password:\n\(t.transcript())")

        try t.press("Up")
        t.waitForCursorLine("evermed-ops> status local")   // the last line without a secret

        let attributes = try FileManager.default.attributesOfItem(atPath: t.historyFile.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "history is private")
        let folder = try FileManager.default.attributesOfItem(atPath: t.historyFile.deletingLastPathComponent().path)
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let history = try String(contentsOf: t.historyFile, encoding: .utf8)
        XCTAssertEqual(history.split(separator: "\n").last, "status local", history)
        XCTAssertFalse(history.contains("s3cretpw"), "a line with a password reached the history file:\n\(history)")
        XCTAssertFalse(history.contains("password="), history)
        XCTAssertFalse(history.contains("postgresql://"), history)

        // A new console reads the history back.
        try t.press("C-c")
        try t.press("C-d")
        XCTAssertEqual(t.waitForExit(), 0)
        let second = try crisisConsole(project, stateHome: t.stateHome)
        try second.press("Up")
        second.waitForCursorLine("evermed-ops> status local")
    }

    /// 4: Ctrl-C at the prompt clears the typed line; the console stays and the next command works.
    func testCtrlCAtPrompt_ClearsLine_ConsoleStaysAlive() throws {
        let t = try crisisConsole()
        let pid = t.consolePID()
        XCTAssertNotNil(pid)
        try t.type("status staging production")
        t.waitForCursorLine("evermed-ops> status staging production")
        try t.press("C-c")
        t.waitForCursorLine("evermed-ops> ")
        try t.run("help")
        t.waitForText("what it does")
        t.waitForPrompt()
        XCTAssertFalse(t.transcript().contains("EVM-EXITED"))
        XCTAssertEqual(t.consolePID(), pid, "the same console process is still running")
        XCTAssertFalse(t.transcript().contains("migration      "), "the cleared line never ran")
    }

    /// 5: Ctrl-C while a replay sleeps in the shadow database cancels it within seconds, drops the shadow
    /// database and returns to the prompt.
    func testCtrlCDuringWork_CancelsDropsShadowAndReturnsToPrompt() throws {
        let project = try CrisisProject.copy(self)
        try S.writeMigration(project, "20251020000000_slow", "SELECT pg_sleep(30);\n")
        try S.dropNewShadowsAtTeardown(self)
        let before = try S.shadowDatabases()
        let t = try crisisConsole(project)

        try t.run("diff local migrations")
        let sleeping = try S.waitUntil(10) {
            try S.psql("postgres", """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname LIKE 'evermed_shadow_%' AND query LIKE '%pg_sleep(30)%' AND state = 'active'
                """) != "0"
        }
        XCTAssertTrue(sleeping, "the replay never reached the slow migration:\n\(t.transcript())")
        XCTAssertEqual(try S.shadowDatabases().subtracting(before).count, 1, "the replay runs in a shadow database")
        Thread.sleep(forTimeInterval: 0.5)

        let pressed = Date()
        try t.press("C-c")
        t.waitForText("interrupted", timeout: 8)
        let elapsed = Date().timeIntervalSince(pressed)
        XCTAssertLessThan(elapsed, 8, "Ctrl-C took \(elapsed) s (the migration sleeps 30 s)")
        t.waitForPrompt(count: 2, timeout: 8)
        XCTAssertTrue(t.transcript().contains("`diff local migrations` was cancelled"), t.transcript())
        XCTAssertFalse(t.transcript().contains("EVM-EXITED"), "the console is still running")
        let clean = try S.waitUntil(5) { try S.shadowDatabases() == before }
        let left = try S.shadowDatabases().subtracting(before)
        XCTAssertTrue(clean, "shadow databases left behind: \(left)")

        try t.run("status local")
        t.waitForText("local is 1 migration behind")
        t.waitForPrompt(count: 3)
        assertNoSecret(BinaryHarness.Run(stdout: t.transcript(), stderr: "", code: 0))
    }

    /// 6: Ctrl-D on an empty line exits 0 and leaves the terminal's modes as they were.
    func testCtrlD_Exits_TerminalModesRestored() throws {
        let t = try crisisConsole()
        try t.run("help deploy")
        t.waitForText("promote_from_behind")
        t.waitForPrompt(count: 2)
        try t.type("status")
        try t.press("C-d")     // not on an empty line: deletes nothing, does not quit
        try t.type("X")
        t.waitForCursorLine("evermed-ops> statusX")
        try t.press("C-c")
        t.waitForCursorLine("evermed-ops> ")
        try t.press("C-d")
        XCTAssertEqual(t.waitForExit(), 0, t.transcript())
        let modes = t.sttyModes()
        XCTAssertFalse(modes.before.isEmpty)
        XCTAssertEqual(modes.after, modes.before, "stty -g differs after the console exited")
    }

    /// 6: SIGTERM while the line editor holds the terminal in raw mode restores it and exits 143.
    func testSIGTERM_RestoresTerminalAndExits() throws {
        let t = try crisisConsole()
        try t.type("check sta")
        t.waitForCursorLine("evermed-ops> check sta")
        let pid = try XCTUnwrap(t.consolePID(), "no console process")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        XCTAssertEqual(t.waitForExit(), 143, t.transcript())
        let modes = t.sttyModes()
        XCTAssertFalse(modes.before.isEmpty)
        XCTAssertEqual(modes.after, modes.before, "stty -g differs after SIGTERM")
    }

    /// 8: a loose phrasing of a deploy is a question; `n` leaves the databases as they were, and a `y`
    /// still meets the deploy's own confirmation.
    func testLooseDeployPhrasing_AsksFirst_NoChangesNothing() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let staging = prefix + "staging"
        let before = try S.snapshot(staging)
        let t = try TmuxSession(self, cwd: project, env: S.crisisEnvironment(prefix))
        t.waitForPrompt()

        try t.run("push migrations to staging")
        t.waitForText("Did you mean `deploy staging`?")
        t.waitFor("the [y/N] question") { $0.components(separatedBy: "\n").last?.hasSuffix("[y/N]") == true }
        try t.run("n")
        t.waitForPrompt(count: 2)
        XCTAssertEqual(try S.snapshot(staging), before, "answering n changed staging")
        XCTAssertEqual(try S.historyRows(staging).count, 4)
        let audit = project.appendingPathComponent(".evermed-ops/audit.log")
        XCTAssertFalse(FileManager.default.fileExists(atPath: audit.path), "n to the suggestion: no deploy was attempted")

        // Yes to the suggestion runs `deploy staging`, which asks its own question; no to that refuses.
        try t.run("push migrations to staging")
        t.waitFor("the second [y/N] question") { $0.components(separatedBy: "\n").filter { $0.contains("[y/N]") }.count >= 2 }
        try t.run("y")
        t.waitFor("deploy's own confirmation") {
            $0.components(separatedBy: "\n").filter { $0.contains("[y/N]") }.count >= 3
        }
        try t.run("n")
        t.waitForPrompt(count: 3)
        XCTAssertTrue(t.transcript().contains("Deploy 3 migrations to staging"), t.transcript())
        XCTAssertTrue(t.transcript().contains("refused by the confirmation gate"), t.transcript())
        XCTAssertEqual(try S.snapshot(staging), before, "refusing the deploy's confirmation changed staging")
        let lines = try S.auditLines(project)
        XCTAssertEqual(lines.count, 1, "the refusal is audited: \(lines)")
        XCTAssertEqual(lines.first?["gate"] as? String, "confirmation", "\(lines)")
        assertNoSecret(BinaryHarness.Run(stdout: t.transcript(), stderr: "", code: 0))
    }
}
