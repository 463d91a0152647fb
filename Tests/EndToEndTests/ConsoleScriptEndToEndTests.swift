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

        // Questions and negations about a deploy never deploy.
        let safe = try console(["-c", "is it safe to deploy staging?"], project: project, env: env)
        XCTAssertEqual(safe.code, 1, safe.all)
        XCTAssertTrue(safe.stdout.contains("staging is 3 migrations behind"), "answered by check: \(safe.all)")
        let negated = try console(["-c", "don't deploy staging"], project: project, env: env)
        XCTAssertFalse(negated.stdout.contains("applied  2025"), negated.all)
        let exact = try console(["-c", "deploy staging"], project: project, env: env)
        XCTAssertEqual(exact.code, 1, "exact syntax runs the deploy, whose own confirmation refuses without a TTY: \(exact.all)")
        XCTAssertTrue(exact.stdout.contains("refused by the confirmation gate"), exact.all)

        let after = try ["local", "staging", "production"].map { try S.snapshot(prefix + $0) }
        XCTAssertEqual(after, before, "a question changed a database")
        let audit = try S.auditLines(project)
        XCTAssertEqual(audit.count, 1, "only the exact `deploy staging` reached the deploy (and was refused): \(audit)")
        XCTAssertEqual(audit.first?["gate"] as? String, "confirmation", "\(audit)")
    }

    // MARK: - Interrupts without a terminal

    /// Starts the binary with stdin from `stdin` (a file), waits until its replay sleeps in a shadow database,
    /// sends `sig` and returns the run (failing if it does not end within 8 s; the migration sleeps 30 s).
    func interruptDuringReplay(_ args: [String], stdin: String = "", sig: Int32 = SIGINT,
                               file: StaticString = #filePath, line: UInt = #line) throws -> BinaryHarness.Run {
        let project = try CrisisProject.copy(self)
        try S.writeMigration(project, "20251020000000_slow", "SELECT pg_sleep(30);\n")
        try S.dropNewShadowsAtTeardown(self)
        let before = try S.shadowDatabases()
        let input = project.appendingPathComponent("script.txt")
        try stdin.write(to: input, atomically: true, encoding: .utf8)
        let out = project.appendingPathComponent("out.txt"), err = project.appendingPathComponent("err.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryHarness.binary)
        process.arguments = args
        process.currentDirectoryURL = project
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        for (k, v) in CrisisProject.environment { environment[k] = v }
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let sleeping = try S.waitUntil(10) {
            try S.psql("postgres", """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname LIKE 'evermed_shadow_%' AND query LIKE '%pg_sleep(30)%' AND state = 'active'
                """) != "0"
        }
        XCTAssertTrue(sleeping, "the replay never reached the slow migration", file: file, line: line)
        kill(process.processIdentifier, sig)
        let ended = S.waitUntil(8) { !process.isRunning }
        XCTAssertTrue(ended, "still running 8 s after the signal", file: file, line: line)
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let clean = try S.waitUntil(5) { try S.shadowDatabases() == before }
        let left = try S.shadowDatabases().subtracting(before)
        XCTAssertTrue(clean, "shadow databases left behind: \(left)", file: file, line: line)
        let run = BinaryHarness.Run(stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                                    stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                                    code: process.terminationStatus)
        assertNoSecret(run, file: file, line: line)
        return run
    }

    /// `-c` gets the console's interrupt handling: Ctrl-C cancels the line's SQL, the shadow database is
    /// dropped, and the exit code is 130.
    func testDashC_SIGINTDuringReplay_CancelsAndDropsShadow() throws {
        let run = try interruptDuringReplay(["-c", "diff local migrations"])
        XCTAssertEqual(run.code, 130, run.all)
        XCTAssertTrue(run.stderr.contains("interrupted"), run.all)
    }

    /// `-c`: SIGTERM drops the shadow database too and exits 143.
    func testDashC_SIGTERMDuringReplay_DropsShadow() throws {
        let run = try interruptDuringReplay(["-c", "diff local migrations"], sig: SIGTERM)
        XCTAssertEqual(run.code, 143, run.all)
    }

    /// A script: Ctrl-C cancels the running line (psql-like) and the next line still runs; with
    /// --stop-on-error the script stops there with 130.
    func testPipedScript_SIGINTCancelsTheLine() throws {
        let script = "diff local migrations\nstatus local\n"
        let run = try interruptDuringReplay([], stdin: script)
        XCTAssertTrue(run.stderr.contains("interrupted: `diff local migrations` was cancelled"), run.all)
        XCTAssertTrue(run.stdout.contains("local is 1 migration behind"), "the next line ran: \(run.all)")
        XCTAssertEqual(run.code, 1, "the last failing line is status's 1: \(run.all)")
        let stopped = try interruptDuringReplay(["--stop-on-error"], stdin: script)
        XCTAssertEqual(stopped.code, 130, stopped.all)
        XCTAssertFalse(stopped.stdout.contains("local is 1 migration behind"), stopped.all)
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
        XCTAssertTrue(lines.contains { $0.hasPrefix("1. ✖ production has a failed migration") }, "most urgent first: \(next.stdout)")
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
        // Small typos and aliases.
        let typo = try console(["-c", "chek stagin"], project: project)
        XCTAssertEqual(typo.code, 1, typo.all)
        XCTAssertTrue(typo.stdout.contains("staging is 3 migrations behind"), typo.stdout)
        let alias = try console(["-c", "diff stg prod"], project: project)
        XCTAssertEqual(alias.code, 1, alias.all)
        XCTAssertTrue(alias.stdout.contains("staging → production"), alias.stdout)
        for run in [doing, compare, next, help, describe, typo, alias] { assertPlain(run) }
    }

    // MARK: - 13. Secrets

    /// Lines that carry a password are answered without repeating it, in -c and in scripts.
    func testSecretsInTypedLines_NeverPrinted() throws {
        let project = try CrisisProject.copy(self)
        for line in ["diff postgresql://u:s3cretpw@h/db local", "check password=s3cretpw",
                     "describe staging postgresql://app:s3cretpw@db.example.com/app"] {
            let run = try console(["-c", line], project: project)
            XCTAssertNotEqual(run.code, 0, "\(line): \(run.all)")
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
