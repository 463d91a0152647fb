import Foundation
import XCTest

/// Issue 8, part A and F: a console line is the one-shot command. `--json` of a console line prints the very
/// document the one-shot command prints (same exit code), flags of a one-shot command work on a line, a pasted
/// `evermed-ops …` line runs, and questions and suggestions under `--json` are documents that change nothing.
final class ConsoleParityEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func testJSONConsoleLine_EqualsOneShotCommand() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let pairs: [(line: [String], oneShot: [String])] = [
            (["--json", "-c", "is prod in sync?"], ["check", "production", "--json"]),
            (["-c", "check production --json"], ["check", "production", "--json"]),
            (["-c", "status --json"], ["status", "--json"]),
            (["--json", "-c", "what next?"], ["next", "--json"]),
            (["-c", "evermed-ops diff staging production --json"], ["diff", "staging", "production", "--json"]),
        ]
        for (line, oneShot) in pairs {
            let a = try S.ops(line, project, env), b = try S.ops(oneShot, project, env)
            XCTAssertEqual(a.code, b.code, "\(line) vs \(oneShot): \(a.all) / \(b.all)")
            XCTAssertEqual(try BinaryHarness.json(a.stdout) as NSDictionary, try BinaryHarness.json(b.stdout) as NSDictionary,
                           "\(line) vs \(oneShot)")
            XCTAssertNotEqual(a.code, 2, a.all)
        }
    }

    func testJSONQuestionsAndSuggestions_AreDocuments_NothingRuns() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let before = try S.snapshot(prefix + "staging")
        let suggestion = try S.ops(["--json", "-c", "deploy stage"], project, env)
        XCTAssertEqual(suggestion.code, 1, suggestion.all)
        XCTAssertEqual(S.doc(suggestion)["suggestion"] as? String, "deploy staging")
        let question = try S.ops(["-c", "deploy --json"], project, env)
        XCTAssertEqual(question.code, 1, question.all)
        let doc = S.doc(question)
        XCTAssertNotNil(doc["question"] as? String, question.all)
        XCTAssertEqual(Set(doc["options"] as? [String] ?? []).isSuperset(of: ["deploy staging"]), true, question.all)
        XCTAssertEqual(try S.snapshot(prefix + "staging"), before)
    }

    /// `deploy staging --yes` typed as a line was refused as if `--yes` were absent; every flag works on a line.
    func testFlagsOnAConsoleLine_WorkAsOnTheCommandLine() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let dry = try S.ops(["-c", "deploy staging --dry-run --json"], project, env)
        XCTAssertEqual(dry.code, 0, dry.all)
        XCTAssertEqual(S.doc(dry)["dry_run"] as? Bool, true, dry.all)
        let run = try S.ops(["-c", "evermed-ops deploy staging --yes"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        let check = try S.ops(["check", "staging", "--json"], project, env)
        XCTAssertEqual(check.code, 0, check.all)
    }
}
