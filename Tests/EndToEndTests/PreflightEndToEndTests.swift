import Foundation
import XCTest

/// Issue 8, part E: `preflight` on a throwaway git repository — an uncommitted migration blocks (exit 1), a
/// clean tree passes (0), a failing configured command blocks, and the installed pre-push hook really stops
/// `git push`.
final class PreflightEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    typealias H = SOPHarness

    func testPreflight_UncommittedMigrationBlocks_CleanPasses_HookStopsThePush() throws {
        let (dir, env) = try H.project(self, topLevel: "commands:\n  typecheck: \"echo typechecked\"\n  lint: \"true\"",
                                       environments: ["staging"])
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], dir, env).code, 0)
        let clean = try S.ops(["preflight"], dir, env)
        XCTAssertEqual(clean.code, 0, clean.all)
        XCTAssertTrue(clean.stdout.contains("  │ typechecked") || clean.stdout.contains("typechecked"), "output streamed: \(clean.all)")
        XCTAssertTrue(clean.stdout.contains("preflight passed"), clean.all)
        XCTAssertTrue(clean.stdout.contains("not configured: build"), clean.all)

        try S.writeMigration(dir, "20250103000000_add_phone", "ALTER TABLE \"Patient\" ADD COLUMN \"phone\" TEXT;\n")
        let dirty = try S.ops(["preflight", "--json"], dir, env)
        XCTAssertEqual(dirty.code, 1, dirty.all)
        let doc = S.doc(dirty)
        XCTAssertEqual(doc["passed"] as? Bool, false)
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.first?["rule"] as? String, "uncommitted_migration")
        XCTAssertEqual(findings.first?["severity"] as? String, "blocking")
        XCTAssertTrue(findings.contains { $0["rule"] as? String == "pending" && $0["command"] as? String == "deploy staging" })
        XCTAssertEqual((doc["commands"] as? [[String: Any]])?.map { $0["name"] as? String }, ["typecheck", "lint"])

        // The hook: installed once, never overwritten without --force, and it stops the push.
        let install = try S.ops(["preflight", "--install-hook"], dir, env)
        XCTAssertEqual(install.code, 0, install.all)
        let hook = dir.appendingPathComponent(".git/hooks/pre-push")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: hook.path))
        XCTAssertTrue(try String(contentsOf: hook, encoding: .utf8).contains("preflight"))
        let again = try S.ops(["preflight", "--install-hook"], dir, env)
        XCTAssertEqual(again.code, 1, again.all)
        XCTAssertTrue(again.stdout.contains("kept .git/hooks/pre-push"), again.all)
        XCTAssertEqual(try S.ops(["preflight", "--install-hook", "--force"], dir, env).code, 0)

        try H.git(dir, "commit", "-q", "--allow-empty", "-m", "unrelated")
        let blocked = try BinaryHarness.process("/usr/bin/git", ["push", "-q"], cwd: dir,
                                                environment: BinaryHarness.childEnvironment(env))
        XCTAssertNotEqual(blocked.code, 0, "the hook blocks a push while a migration is uncommitted: \(blocked.output)")
        XCTAssertTrue(blocked.output.contains("not committed"), blocked.output)

        try H.git(dir, "add", "-A")
        try H.git(dir, "commit", "-q", "-m", "add phone")
        let pushed = try BinaryHarness.process("/usr/bin/git", ["push", "-q"], cwd: dir,
                                               environment: BinaryHarness.childEnvironment(env))
        XCTAssertEqual(pushed.code, 0, pushed.output)
        XCTAssertEqual(try S.ops(["preflight"], dir, env).code, 0, "pending on staging is information, not a block")
    }

    func testPreflight_FailingCommandBlocks_HuskyHookPath_NotARepositoryIsAnError() throws {
        let (dir, env) = try H.project(self, topLevel: "commands:\n  build: \"echo broken build >&2; exit 3\"",
                                       environments: ["staging"])
        let run = try S.ops(["preflight"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("broken build"), "stderr of the command is streamed too: \(run.all)")
        XCTAssertTrue(run.stdout.contains("build failed"), run.all)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".husky"), withIntermediateDirectories: true)
        let husky = try S.ops(["preflight", "--install-hook", "--json"], dir, env)
        XCTAssertEqual(S.doc(husky)["path"] as? String, ".husky/pre-push")

        let plain = try S.project(self, migrations: H.migrations, environments: [("staging", "")])
        let noGit = try S.ops(["preflight", "--install-hook"], plain, env)
        XCTAssertEqual(noGit.code, 2, noGit.all)
        XCTAssertTrue(noGit.stderr.contains("is not in a git repository"), noGit.all)
    }
}
