import Foundation
import XCTest

/// Issue 8, part D: guided sessions through the real binary, against the test cluster, answered from stdin
/// as a script would (`printf 'y\n' | evermed-ops -c "sop next"`).
final class SOPSessionEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    typealias H = SOPHarness

    /// The shipped deployment SOP from start to finish: shell blocks answered from stdin (one declined first),
    /// real deploys to staging and (protected, with a backup) production, gates that decide, and an audit log
    /// that records every block, confirmation and step — with no secret in any file or output.
    func testDeploymentSOP_WalkedThroughFromStdin_EveryStepAudited() throws {
        let (dir, env) = try H.project(self, topLevel: "commands:\n  smoke: \"echo $((6 * 7)) smoke checks passed\"")
        let start = try S.ops(["-c", "walk me through a deploy"], dir, env)
        XCTAssertEqual(start.code, 0, start.all)
        XCTAssertTrue(start.stdout.contains("Started Deploy migrations to staging and production"), start.all)
        XCTAssertTrue(start.stdout.contains("Step 1/7 · Pre-deployment checklist"), start.all)
        XCTAssertEqual(try H.session(dir, env)?["step"] as? Int, 1)

        // Declining the shell block leaves the step current, saying what to do.
        let declined = try S.ops(["-c", "sop next"], dir, env, stdin: "n\n")
        XCTAssertEqual(declined.code, 1, declined.all)
        XCTAssertTrue(declined.stdout.contains("the shell block was not run"), declined.all)
        XCTAssertEqual(try H.session(dir, env)?["step"] as? Int, 1)

        let answers = ["y\ny\n", "y\n", "y\n", "production\n", "", "y\n", "y\n"]
        for (i, input) in answers.enumerated() {
            let run = try S.ops(["-c", "sop next"], dir, env, stdin: input)
            XCTAssertEqual(run.code, 0, "step \(i + 1): \(run.all)")
            XCTAssertTrue(run.stdout.contains("✓ Step \(i + 1)/7 done"), "step \(i + 1): \(run.all)")
        }
        let step1 = try S.ops(["sop", "show", "deployment"], dir, env)
        XCTAssertTrue(step1.stdout.contains("expect: git pushed"), step1.all)

        let done = try XCTUnwrap(try H.session(dir, env))
        XCTAssertEqual(done["state"] as? String, "done")
        let history = try XCTUnwrap(done["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["result"] as? String }, ["failed"] + Array(repeating: "done", count: 7))
        XCTAssertEqual(history.first?["reason"] as? String,
                       "the shell block was not run: answer yes at `sop next`, or run it yourself and `sop skip REASON`")

        // The databases really changed, production with its backup.
        XCTAssertEqual(try S.ops(["check", "all", "--json"], dir, env).code, 0)
        let backups = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("backups").path)
        XCTAssertEqual(backups.filter { $0.hasPrefix("production-") }.count, 1, "\(backups)")

        let audit = try S.auditLines(dir)
        let sop = audit.filter { ($0["action"] as? String)?.hasPrefix("sop_") == true }
        XCTAssertEqual(sop.first?["action"] as? String, "sop_start")
        XCTAssertEqual(sop.last?["action"] as? String, "sop_done")
        XCTAssertEqual(sop.filter { $0["action"] as? String == "sop_step" }.count, 7)
        let shell = sop.filter { $0["action"] as? String == "sop_block" && ($0["detail"] as? String)?.hasPrefix("sh:") == true }
        XCTAssertEqual(shell.map { $0["outcome"] as? String }, ["declined", "ok", "ok"], "\(shell)")
        XCTAssertEqual(shell.last?["exit_status"] as? Int, 0)
        XCTAssertTrue(sop.contains { $0["action"] as? String == "sop_confirm" && $0["outcome"] as? String == "ok" })
        XCTAssertEqual(audit.filter { $0["action"] as? String == "deploy" && $0["outcome"] as? String == "applied" }
            .compactMap { $0["environment"] as? String }, ["staging", "production"])
        // Output is never audited: the smoke command's words are nowhere in the log.
        let log = try String(contentsOf: dir.appendingPathComponent(".evermed-ops/audit.log"), encoding: .utf8)
        XCTAssertFalse(log.contains("42 smoke checks passed"))
        XCTAssertTrue(log.contains("sh: echo $((6 * 7)) smoke checks passed"), "the command is audited, its output is not")
        for file in H.sessionFiles(dir) + [dir.appendingPathComponent(".evermed-ops/audit.log")] {
            let text = try String(contentsOf: file, encoding: .utf8)
            XCTAssertFalse(text.contains(CrisisProject.password), "\(file.lastPathComponent) holds the password")
            XCTAssertFalse(text.contains("postgresql://"), "\(file.lastPathComponent) holds a URL")
        }
    }

    /// kill -9 while a shell block runs loses only that block: the confirmation before it stays done, the file
    /// is whole, and the next `sop next` (after the SOP was edited) says the file changed and continues by title.
    func testKill9DuringABlock_SessionResumesAfterTheLastFinishedBlock() throws {
        let (dir, env) = try H.project(self, environments: ["staging"])
        let sops = dir.appendingPathComponent("sops")
        try FileManager.default.createDirectory(at: sops, withIntermediateDirectories: true)
        let sopFile = sops.appendingPathComponent("resume-test.md")
        try """
            ## Get ready
            - [ ] Ready to start

            ```sh
            sleep 37
            ```

            ## Finish
            - [ ] All finished
            """.write(to: sopFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(try S.ops(["sop", "start", "resume-test"], dir, env).code, 0)

        let running = try S.Background(["-c", "sop next"], cwd: dir, env: env, stdin: "y\ny\n")
        XCTAssertTrue(S.waitUntil(15) { sessionBlocksDone(dir) == 1 && shellRunning("sleep 37") },
                      "the confirmation was saved and the shell block started")
        kill(running.pid, SIGKILL)
        _ = running.finish()
        _ = try BinaryHarness.shell("pkill -f '^sleep 37$' || true")

        let after = try XCTUnwrap(try H.session(dir, env))
        XCTAssertEqual(after["state"] as? String, "in_progress")
        XCTAssertEqual(after["step"] as? Int, 1)
        XCTAssertEqual(sessionBlocksDone(dir), 1, "the answered confirmation survived kill -9")
        XCTAssertTrue(H.sessionFiles(dir).allSatisfy { !$0.lastPathComponent.contains(".tmp") })

        try String(contentsOf: sopFile, encoding: .utf8).replacingOccurrences(of: "sleep 37", with: "true")
            .write(to: sopFile, atomically: true, encoding: .utf8)
        let resumed = try S.ops(["-c", "sop next"], dir, env, stdin: "y\n")
        XCTAssertEqual(resumed.code, 0, resumed.all)
        XCTAssertTrue(resumed.stdout.contains("The SOP resume-test changed since this session started"), resumed.all)
        XCTAssertTrue(resumed.stdout.contains("1 of 2 blocks already done"), resumed.all)
        XCTAssertFalse(resumed.stderr.contains("Ready to start"), "the confirmation is not asked again: \(resumed.all)")
        let finish = try S.ops(["-c", "next step"], dir, env, stdin: "y\n")
        XCTAssertEqual(finish.code, 0, finish.all)
        XCTAssertEqual(try H.session(dir, env)?["state"] as? String, "done")
    }

    /// A console opened on an unfinished session offers to resume it; the prompt then shows where it is.
    func testConsole_OffersToResume_PromptShowsTheStep() throws {
        let (dir, env) = try H.project(self, environments: ["staging"])
        XCTAssertEqual(try S.ops(["sop", "start", "database-changes"], dir, env).code, 0)
        let t = try TmuxSession(self, cwd: dir, env: env)
        t.waitForText("Resume it? [Y/n]")
        try t.press("Enter")
        t.waitForText("evermed-ops [database-changes 1/14]>")
        try t.run("sop skip already on the latest main")
        t.waitForText("evermed-ops [database-changes 2/14]>")
        try t.run("sop back")
        t.waitForText("── Step 1/14 · Sync and check local state ──")
        try t.run("sop abort")
        t.waitForText("session was aborted")
        XCTAssertTrue(t.waitForPrompt(), t.transcript())
        try t.run("sop status --json")
        t.waitForText("\"state\" : \"aborted\"")
    }

    /// Ctrl-C while a shell block runs ends the command's whole process group (it is not in the terminal's
    /// foreground group), the step stays current, and the console goes on.
    func testCtrlC_EndsTheShellBlocksProcessGroup_StepStaysCurrent() throws {
        let (dir, env) = try H.project(self, environments: ["staging"])
        let sops = dir.appendingPathComponent("sops")
        try FileManager.default.createDirectory(at: sops, withIntermediateDirectories: true)
        try "## Wait\n```sh\nsleep 41 & sleep 42\nwait\n```\n".write(to: sops.appendingPathComponent("ctrlc-test.md"),
                                                                        atomically: true, encoding: .utf8)
        XCTAssertEqual(try S.ops(["sop", "start", "ctrlc-test"], dir, env).code, 0)
        let t = try TmuxSession(self, cwd: dir, env: env)
        t.waitForText("Resume it? [Y/n]")
        try t.press("Enter")
        t.waitForText("evermed-ops [ctrlc-test 1/1]>")
        try t.run("sop next")
        t.waitForText("Run the shell block? [y/N]")
        try t.run("y")
        XCTAssertTrue(S.waitUntil(10) { shellRunning("sleep 41") && shellRunning("sleep 42") }, t.transcript())
        try t.press("C-c")
        XCTAssertTrue(S.waitUntil(10) { !shellRunning("sleep 41") && !shellRunning("sleep 42") },
                      "both commands of the group ended: \(t.transcript())")
        t.waitForText("was interrupted (Ctrl-C)")
        t.waitForText("evermed-ops [ctrlc-test 1/1]>")
        let session = try XCTUnwrap(try H.session(dir, env))
        XCTAssertEqual(session["step"] as? Int, 1)
        XCTAssertEqual((session["history"] as? [[String: Any]])?.last?["reason"] as? String, "the shell block was interrupted (Ctrl-C)")
        let audit = try S.auditLines(dir).filter { $0["action"] as? String == "sop_block" }
        XCTAssertEqual(audit.last?["outcome"] as? String, "interrupted")
    }

    /// One session per project; unknown and broken SOPs are errors that name what to do, and never stop the list.
    func testOneSessionPerProject_BrokenSOPListedWithItsError() throws {
        let (dir, env) = try H.project(self, environments: ["staging"])
        let sops = dir.appendingPathComponent(".claude/sops")
        try FileManager.default.createDirectory(at: sops, withIntermediateDirectories: true)
        try "## Step\n```ops\nstatus\n".write(to: sops.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Our own deploy\n---\n## Only step\n- [ ] done\n"
            .write(to: sops.appendingPathComponent("deployment.md"), atomically: true, encoding: .utf8)
        let list = try S.ops(["sop", "list", "--json"], dir, env)
        XCTAssertEqual(list.code, 0, list.all)
        let sopsDoc = try XCTUnwrap(S.doc(list)["sops"] as? [[String: Any]])
        let broken = try XCTUnwrap(sopsDoc.first { $0["name"] as? String == "broken" })
        XCTAssertEqual(broken["steps"] as? Int, 0)
        XCTAssertEqual(broken["error"] as? String, ".claude/sops/broken.md:2: unclosed ``` fence: it runs to the end of the file")
        let own = try XCTUnwrap(sopsDoc.first { $0["name"] as? String == "deployment" })
        XCTAssertEqual(own["source"] as? String, ".claude/sops/deployment.md", "a project SOP overrides the shipped one")
        XCTAssertEqual(own["steps"] as? Int, 1)
        XCTAssertTrue(sopsDoc.contains { $0["name"] as? String == "database-changes" && $0["error"] is NSNull })

        let startBroken = try S.ops(["sop", "start", "broken"], dir, env)
        XCTAssertEqual(startBroken.code, 2, startBroken.all)
        XCTAssertTrue(startBroken.stderr.contains("broken.md:2: unclosed"), startBroken.all)
        let unknown = try S.ops(["sop", "start", "deploymnt"], dir, env)
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.stderr.contains("There is no SOP named \"deploymnt\""), unknown.all)

        XCTAssertEqual(try S.ops(["sop", "start", "drift-incident"], dir, env).code, 0)
        let second = try S.ops(["sop", "start", "database-changes"], dir, env)
        XCTAssertEqual(second.code, 2, second.all)
        XCTAssertTrue(second.stderr.contains("A session of drift-incident is already in progress"), second.all)
        let show = try S.ops(["sop", "show", "drift-incident", "--json"], dir, env)
        let steps = try XCTUnwrap(S.doc(show)["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.count, 7)
        XCTAssertEqual(steps.last?["gates"] as? [String], [])
        XCTAssertEqual((steps[5]["gates"] as? [String]), ["all in_sync"])
        XCTAssertEqual((steps[0]["blocks"] as? [[String: Any]])?.map { $0["kind"] as? String }, ["ops", "confirm"])

        let initRun = try S.ops(["sop", "init"], dir, env)
        XCTAssertEqual(initRun.code, 0, initRun.all)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sops").path)),
                       ["database-changes.md", "deployment.md", "drift-incident.md"])
        try "edited".write(to: dir.appendingPathComponent("sops/deployment.md"), atomically: true, encoding: .utf8)
        let again = try S.ops(["sop", "init", "--json"], dir, env)
        XCTAssertEqual(S.doc(again)["written"] as? [String], [])
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("sops/deployment.md"), encoding: .utf8), "edited",
                       "sop init never overwrites")
    }

    private func sessionBlocksDone(_ dir: URL) -> Int? {
        guard let file = H.sessionFiles(dir).first, let data = try? Data(contentsOf: file),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["blocks_done"] as? Int
    }

    private func shellRunning(_ command: String) -> Bool {
        ((try? BinaryHarness.shell("pgrep -f '^\(command)$'"))?.code ?? 1) == 0
    }
}
