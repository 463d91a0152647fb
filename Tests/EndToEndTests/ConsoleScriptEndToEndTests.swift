import Foundation
import XCTest

/// The console without a terminal: piped scripts (no prompt, no escape codes, `--stop-on-error`, the exit
/// code of the last failing line) and `-c LINE`, including natural phrasings and lines that would mutate.
final class ConsoleScriptEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// Runs the console binary on the shared crisis databases and checks that nothing secret was printed.
    func console(_ args: [String], stdin: String? = nil, project: URL, env: [String: String] = CrisisProject.environment,
                 file: StaticString = #filePath, line: UInt = #line) throws -> BinaryHarness.Run {
        let run = try BinaryHarness.run(args, cwd: project, env: env, stdin: stdin ?? "")
        assertNoSecret(run, [CrisisProject.password, "s3cretpw"], file: file, line: line)
        XCTAssertFalse(run.all.contains("Fatal error"), run.all, file: file, line: line)
        return run
    }

    func assertPlain(_ run: BinaryHarness.Run, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(run.all.contains("\u{1B}"), "escape codes in piped output:\n\(run.all)", file: file, line: line)
        XCTAssertFalse(run.all.contains("evermed-ops>"), "a prompt in piped output:\n\(run.all)", file: file, line: line)
        XCTAssertFalse(run.all.contains("evermed-ops console"), "the banner in piped output", file: file, line: line)
    }

    // MARK: - 9. Piped scripts

    func testPipedScript_RunsEveryLine_PlainOutput_ExitIsLastFailure() throws {
        let project = try CrisisProject.copy(self)
        let run = try console([], stdin: "check staging\nstatus\n", project: project)
        XCTAssertEqual(run.code, 1, "both lines report findings (1):\n\(run.all)")
        XCTAssertTrue(run.stdout.contains("staging is 3 migrations behind"), run.stdout)
        XCTAssertTrue(run.stdout.contains("drift: none"), "check's drift line: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("20250925000000_add_personal_models             applied  pending  failed"),
                      "status's matrix: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("production has a failed migration"), run.stdout)
        assertPlain(run)

        // The exit code is the last failing line's, whatever succeeded after it; comments and blanks do nothing.
        var r = try console([], stdin: "status\ncheck nosuchenv\nhelp\n", project: project)
        XCTAssertEqual(r.code, 2, r.all)
        XCTAssertTrue(r.stdout.contains("what it does"), "help ran after the failure: \(r.stdout)")
        r = try console([], stdin: "check nosuchenv\nstatus\n", project: project)
        XCTAssertEqual(r.code, 1, r.all)
        r = try console([], stdin: "# a comment\n\n   \nstatus local\nhelp\n", project: project)
        XCTAssertEqual(r.code, 0, r.all)
        XCTAssertEqual(r.stderr, "", "comments and blank lines are silent")
        r = try console([], stdin: "status local\nquit\nstatus staging\n", project: project)
        XCTAssertEqual(r.code, 0, "quit ends the script before the failing line: \(r.all)")
        XCTAssertFalse(r.stdout.contains("staging"), r.stdout)
        assertPlain(r)
    }

    // MARK: - 10. --stop-on-error

    func testStopOnError_StopsAtFirstFailingLine() throws {
        let project = try CrisisProject.copy(self)
        let script = "check local\ncheck nosuchenv\nstatus local\n"
        let stopped = try console(["--stop-on-error"], stdin: script, project: project)
        XCTAssertEqual(stopped.code, 2, stopped.all)
        XCTAssertTrue(stopped.stdout.contains("local is in sync"), "the first line ran: \(stopped.stdout)")
        XCTAssertTrue(stopped.stderr.contains("Check which environment?"), stopped.stderr)
        XCTAssertFalse(stopped.stdout.contains("local is up to date"), "the third line ran: \(stopped.stdout)")
        XCTAssertFalse(stopped.stdout.contains("migration      "), "status's matrix appeared: \(stopped.stdout)")
        assertPlain(stopped)

        let continued = try console([], stdin: script, project: project)
        XCTAssertEqual(continued.code, 2, "the failure's code, though the last line succeeded: \(continued.all)")
        XCTAssertTrue(continued.stdout.contains("local is up to date (7 migrations applied)"), continued.stdout)
        assertPlain(continued)
    }

    // MARK: - 11. -c

    func testDashC_QuestionBehavesLikeCheck() throws {
        let project = try CrisisProject.copy(self)
        let question = try console(["-c", "is prod in sync?"], project: project)
        let check = try console(["check", "production"], project: project)
        XCTAssertEqual(question.code, 1, question.all)
        XCTAssertEqual(question.code, check.code)
        XCTAssertEqual(question.stdout, check.stdout, "the question prints exactly what `check production` prints")
        XCTAssertTrue(question.stdout.contains("production has a failed migration 20250925000000_add_personal_models"),
                      question.stdout)
        XCTAssertTrue(question.stdout.contains("public.personal_models"), question.stdout)
        assertPlain(question)
    }

    func testDashC_NotUnderstood_PrintsClosestCommands_Exit2() throws {
        let project = try CrisisProject.copy(self)
        let run = try console(["-c", "frobnicate"], project: project)
        XCTAssertEqual(run.code, 2, run.all)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("I did not understand \"frobnicate\""), run.stderr)
        XCTAssertTrue(run.stderr.contains("Closest commands:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("`help`"), run.stderr)

        // A typo of a command with an environment is suggested by its keywords.
        let typo = try console(["-c", "frobnicate staging"], project: project)
        XCTAssertEqual(typo.code, 2, typo.all)
        XCTAssertTrue(typo.stderr.contains("staging`"), "suggestions name the environment typed: \(typo.stderr)")
    }

    /// Bare `deploy` asks which environment; a loose phrasing asks "did you mean"; in a script or -c, neither
    /// runs anything, and a following "y" line is not an answer.
    func testDashC_DeployAndLoosePhrasing_AskAndChangeNothing() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let before = try ["local", "staging", "production"].map { try S.snapshot(prefix + $0) }

        let bare = try console(["-c", "deploy"], project: project, env: env)
        XCTAssertEqual(bare.code, 2, bare.all)
        XCTAssertTrue(bare.stderr.contains("Deploy which environment?"), bare.stderr)
        for option in ["deploy local", "deploy staging", "deploy production"] {
            XCTAssertTrue(bare.stderr.contains(option), "option \(option) missing: \(bare.stderr)")
        }
        XCTAssertFalse(bare.stdout.contains("applied  2025"), bare.stdout)

        let loose = try console(["-c", "push migrations to staging"], project: project, env: env)
        XCTAssertEqual(loose.code, 2, loose.all)
        XCTAssertTrue(loose.stderr.contains("Did you mean `deploy staging`?"), loose.stderr)
        XCTAssertTrue(loose.stderr.contains("Not run"), loose.stderr)

        let piped = try console([], stdin: "push migrations to staging\ny\nyes\n1\n", project: project, env: env)
        XCTAssertNotEqual(piped.code, 0, piped.all)
        XCTAssertTrue(piped.stderr.contains("Did you mean `deploy staging`?"), piped.stderr)
        assertPlain(piped)

        let after = try ["local", "staging", "production"].map { try S.snapshot(prefix + $0) }
        XCTAssertEqual(after, before, "a question changed a database")
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.appendingPathComponent(".evermed-ops/audit.log").path),
                       "no deploy was attempted, so nothing was audited")
    }

    // MARK: - 12. Natural phrasings

    func testNaturalPhrasings_ThroughTheBinary() throws {
        let project = try CrisisProject.copy(self)

        let doing = try console(["-c", "how is production doing"], project: project)
        XCTAssertEqual(doing.code, 1, doing.all)
        XCTAssertTrue(doing.stdout.contains("20250925000000_add_personal_models             failed"), doing.stdout)
        XCTAssertTrue(doing.stdout.contains("production has a failed migration"), doing.stdout)
        XCTAssertFalse(doing.stdout.contains("staging"), "only production: \(doing.stdout)")

        let compare = try console(["-c", "compare staging with prod"], project: project)
        XCTAssertEqual(compare.code, 1, compare.all)
        XCTAssertTrue(compare.stdout.contains("staging → production"), compare.stdout)
        XCTAssertTrue(compare.stdout.contains("public.personal_models"), compare.stdout)
        XCTAssertTrue(compare.stdout.contains("added"), compare.stdout)

        let next = try console(["-c", "what next?"], project: project)
        XCTAssertEqual(next.code, 0, next.all)
        XCTAssertTrue(next.stdout.contains("What to do next, most urgent first:"), next.stdout)
        let lines = next.stdout.components(separatedBy: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("1. production has a failed migration") }, "most urgent first: \(next.stdout)")
        XCTAssertTrue(next.stdout.contains("evermed-ops resolve production 20250925000000_add_personal_models --rolled-back"))
        XCTAssertTrue(next.stdout.contains("evermed-ops deploy staging"), next.stdout)

        let help = try console(["-c", "help deploy"], project: project)
        XCTAssertEqual(help.code, 0, help.all)
        for gate in ["failed_migrations", "modified", "missing_locally", "drift", "promote_from_behind", "lock"] {
            XCTAssertTrue(help.stdout.contains(gate), "help deploy does not mention the \(gate) gate:\n\(help.stdout)")
        }

        let describe = try console(["-c", "describe table users on staging"], project: project)
        XCTAssertEqual(describe.code, 0, describe.all)
        XCTAssertTrue(describe.stdout.contains("Table \"public.users\" in staging"), describe.stdout)
        XCTAssertTrue(describe.stdout.contains("email"), describe.stdout)
        XCTAssertTrue(describe.stdout.contains("users_pkey"), describe.stdout)
        for run in [doing, compare, next, help, describe] { assertPlain(run) }
    }

    // MARK: - 13. Secrets

    /// Lines that carry a password are answered without repeating it, in -c and in scripts.
    func testSecretsInTypedLines_NeverPrinted() throws {
        let project = try CrisisProject.copy(self)
        for line in ["diff postgresql://u:s3cretpw@h/db local", "check password=s3cretpw",
                     "describe staging postgresql://app:s3cretpw@db.example.com/app"] {
            let run = try console(["-c", line], project: project)
            XCTAssertEqual(run.code, 2, "\(line): \(run.all)")
            XCTAssertFalse(run.all.isEmpty, "\(line) got no answer")
        }
        let script = try console([], stdin: "diff postgresql://u:s3cretpw@h/db local\ncheck password=s3cretpw\nstatus local\n",
                                 project: project)
        XCTAssertEqual(script.code, 2, script.all)
        XCTAssertTrue(script.stdout.contains("local is up to date"), script.stdout)

        // The environments' own URLs (with the cluster's password) never show, whatever is asked.
        let all = try console([], stdin: "status\ncheck all\ndiff staging production\nwhat next?\naudit\n", project: project)
        XCTAssertEqual(all.code, 1, all.all)
        XCTAssertTrue(all.stdout.contains("(127.0.0.1:"), "targets are shown as host:port/db: \(all.stdout)")
    }
}
