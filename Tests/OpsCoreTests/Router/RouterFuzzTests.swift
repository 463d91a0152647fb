import XCTest
@testable import OpsCore

/// Seeded random console lines (commands, phrases, names, flags, typos, hostile text, very long tokens):
/// the router answers every one, and the safety properties hold for all of them.
final class RouterFuzzTests: XCTestCase {
    static let words = [
        "deploy", "apply", "migrate", "push", "ship", "resolve", "baseline", "diff", "check", "status", "audit",
        "describe", "next", "help", "sop", "start", "quit", "exit", "\\q", "diagnose", "don't", "never", "please",
        "to", "on", "staging", "production", "local", "prod", "stg", "STAGING", "stagign", "prodution", "all",
        "migrations", "--dry-run", "--yes", "--confirm", "--applied", "--rolled-back", "--to", "--to=20250801000000_init",
        "--force", "-y", "add_personal_models", RouterFixture.personal, "20250925000000", "users", "table", "\"My Table\"",
        "'x\"; drop table y; --'", "$(touch /tmp/p)", "?", "!", "is", "it", "safe", "what", "why", "broken", "and", "then",
        "roll", "back", "rolled", "applied", "\u{1B}[2J", "ü", "名", "'", "\"", "$'a\\nb'", "--", ";", "x_1",
    ]

    static let exact = ["deploy staging", "deploy   local", "DEPLOY local", "resolve production \(RouterFixture.personal) --rolled-back",
                        "resolve staging --applied \(RouterFixture.personal)", "baseline local --to 20250801000000_init",
                        "baseline staging", "deploy production"]

    func randomLine(_ rng: inout SplitMix) -> String {
        if rng.next() % 20 == 0 { return Self.exact[Int(rng.next() % UInt64(Self.exact.count))] }
        if rng.next() % 50 == 0 {
            return String(repeating: Self.words[Int(rng.next() % UInt64(Self.words.count))], count: Int(rng.next() % 3000) + 1)
        }
        let count = Int(rng.next() % 8) + 1
        return (0..<count).map { _ in Self.words[Int(rng.next() % UInt64(Self.words.count))] }.joined(separator: " ")
    }

    /// The words of a line as the exact syntax reads them, `--to=X` as two.
    func words(_ line: String) -> [String] {
        (LineWords.split(line) ?? []).flatMap { $0.hasPrefix("--to=") ? ["--to", String($0.dropFirst(5))] : [$0] }
    }

    func testRoute_RandomLines_SafetyPropertiesHold() {
        var rng = SplitMix(seed: 7_2026)
        var ranMutating = 0, suggested = 0
        for round in 0..<4000 {
            let line = randomLine(&rng)
            let result = RouterFixture.router.route(line)
            let context = "round \(round): \(line.prefix(200).debugDescription) → \(result)"
            // Too long: refused without routing.
            if line.utf8.count > Router.maxLineLength {
                guard case .refused = result else { XCTFail(context); break }
                continue
            }
            // A mutating action runs only when the line is its exact syntax: the same words, the command first.
            if case let .action(a) = result, a.isMutating {
                ranMutating += 1
                let typed = words(line), canonical = words(a.commandLine)
                XCTAssertEqual(typed.first, a.command, context)
                XCTAssertEqual(typed.sorted(), canonical.sorted(), context)
            }
            if case let .confirmSuggestion(a, _) = result, a.isMutating { suggested += 1 }
            // A line that starts with another command's word never becomes a deploy, resolve or baseline.
            let first = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
            if let command = Router.commandWords[first], !["deploy", "resolve", "baseline"].contains(command) {
                XCTAssertFalse(result.actions.contains { ["deploy", "resolve", "baseline"].contains($0.command) }, context)
            }
            // A negation before a mutating verb never mutates.
            if line.lowercased().hasPrefix("don't") || line.lowercased().hasPrefix("never") {
                XCTAssertFalse(result.actions.contains(where: \.isMutating), context)
            }
            if (testRun?.failureCount ?? 0) > 0 { break }
        }
        // The inputs reach both sides of the rule.
        XCTAssertGreaterThan(ranMutating, 100)
        XCTAssertGreaterThan(suggested, 100)
    }

    /// Every suggested command line is read back by the router as exactly that action.
    func testCommandLine_RoundTripsForHostileNames() {
        let names = ["2025_x$(touch /tmp/p)", "20250101000000_a\nb", "it's", "x\u{1B}]0;t\u{07}"]
        let context = RouterContext(environments: ["local"], migrations: names)
        let router = Router(context: context)
        for name in names {
            let action = Action.resolve(environment: "local", migration: name, mode: .rolledBack)
            XCTAssertEqual(router.route(action.commandLine), .action(action), action.commandLine)
        }
    }
}
