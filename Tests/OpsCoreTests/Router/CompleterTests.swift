import XCTest
@testable import OpsCore

final class CompleterTests: XCTestCase {
    let completer = Completer(context: RouterFixture.context)
    let envs = ["local", "production", "staging"]
    let commands = ["ask", "audit", "baseline", "check", "deploy", "describe", "diagnose", "diff", "explain", "fix", "help", "lint", "next",
                    "preflight", "quit", "resolve", "sop", "status"]
    let deployFlags = ["--accept-hazards", "--allow-drift", "--backup-to", "--confirm", "--confirm-backup", "--dry-run", "--yes"]

    /// Completes with the cursor at the end of `line`.
    private func complete(_ line: String) -> [String] { completer.candidates(line: line, cursor: line.count) }

    func testComplete_FirstWord() {
        XCTAssertEqual(complete(""), commands)
        XCTAssertEqual(complete("d"), ["deploy", "describe", "diagnose", "diff"])
        XCTAssertEqual(complete("de"), ["deploy", "describe"])
        XCTAssertEqual(complete("s"), ["sop", "status"])
        XCTAssertEqual(complete("STA"), ["status"])
        XCTAssertEqual(complete("x"), [])
        XCTAssertEqual(complete("  "), commands)
    }

    func testComplete_Environments() {
        XCTAssertEqual(complete("check "), ["all"] + envs)
        XCTAssertEqual(complete("check s"), ["staging"])
        XCTAssertEqual(complete("deploy "), envs)
        XCTAssertEqual(complete("deploy p"), ["production"])
        XCTAssertEqual(complete("audit "), envs)
        XCTAssertEqual(complete("baseline l"), ["local"])
        XCTAssertEqual(complete("status "), envs)
        XCTAssertEqual(complete("status staging "), ["local", "production"])
        XCTAssertEqual(complete("check staging "), ["local", "production"])
        XCTAssertEqual(complete("check all "), [])
        XCTAssertEqual(complete("resolve "), envs)
    }

    func testComplete_Diff() {
        XCTAssertEqual(complete("diff "), ["local", "migrations", "production", "staging"])
        XCTAssertEqual(complete("diff staging "), ["local", "migrations", "production"])
        XCTAssertEqual(complete("diff staging m"), ["migrations"])
        XCTAssertEqual(complete("diff staging production "), ["--privileges", "--sql"], "both sides given: the flags")
    }

    func testComplete_ResolveAndBaseline() {
        XCTAssertEqual(complete("resolve production "), RouterFixture.migrations.sorted())
        XCTAssertEqual(complete("resolve production 202509"),
                       ["20250905000000_add_metabolic_tables", "20250925000000_add_personal_models"])
        XCTAssertEqual(complete("resolve production \(RouterFixture.personal) "), ["--applied", "--confirm", "--rolled-back", "--yes"])
        XCTAssertEqual(complete("resolve production \(RouterFixture.personal) --r"), ["--rolled-back"])
        XCTAssertEqual(complete("resolve production \(RouterFixture.personal) --applied "), ["--confirm", "--yes"],
                       "one of --applied / --rolled-back")
        XCTAssertEqual(complete("resolve production \(RouterFixture.personal) --applied --confirm "), envs)
        XCTAssertEqual(complete("baseline staging "), ["--confirm", "--force", "--to", "--yes"])
        XCTAssertEqual(complete("baseline staging --to 2025080"), ["20250801000000_init"])
        XCTAssertEqual(complete("baseline staging --to 20250801000000_init "), ["--confirm", "--force", "--yes"])
    }

    func testComplete_FlagsAndTables() {
        XCTAssertEqual(complete("deploy staging "), deployFlags)
        XCTAssertEqual(complete("deploy staging --d"), ["--dry-run"])
        XCTAssertEqual(complete("deploy staging --dry-run "), deployFlags.filter { $0 != "--dry-run" })
        XCTAssertEqual(complete("deploy staging --backup-to "), [], "a directory: nothing known to offer")
        XCTAssertEqual(complete("describe "), envs)
        XCTAssertEqual(complete("describe staging "), ["posts", "users"])
        XCTAssertEqual(complete("describe local u"), ["User", "users"])
        XCTAssertEqual(complete("describe prod a"), ["audit_events"])
        XCTAssertEqual(complete("describe staging users "), [])
    }

    func testComplete_SOPAndHelp() {
        XCTAssertEqual(complete("sop "), ["abort", "back", "init", "list", "next", "resume", "show", "skip", "start", "status"])
        XCTAssertEqual(complete("sop st"), ["start", "status"])
        XCTAssertEqual(complete("sop start "), ["database-changes", "deployment", "drift-incident"])
        XCTAssertEqual(complete("sop start d"), ["database-changes", "deployment", "drift-incident"])
        XCTAssertEqual(complete("sop start dr"), ["drift-incident"])
        XCTAssertEqual(complete("sop list "), [])
        XCTAssertEqual(complete("help "), commands)
        XCTAssertEqual(complete("help re"), ["resolve"])
        XCTAssertEqual(complete("next "), [])
        XCTAssertEqual(complete("quit "), [])
    }

    func testComplete_CursorMidLine() {
        XCTAssertEqual(completer.candidates(line: "deploy sta production", cursor: 10), ["staging"])
        XCTAssertEqual(completer.candidates(line: "che staging", cursor: 3), ["check"])
        XCTAssertEqual(completer.candidates(line: "diff staging ", cursor: 5), ["local", "migrations", "production", "staging"])
        XCTAssertEqual(completer.candidates(line: "deploy staging", cursor: 999), ["staging"])
        XCTAssertEqual(completer.candidates(line: "deploy staging", cursor: -3), commands)
    }

    func testComplete_UnknownContexts() {
        XCTAssertEqual(complete("frobnicate "), [])
        XCTAssertEqual(complete("deploy staging extra "), deployFlags)
        XCTAssertEqual(complete("describe nowhere "), [])
        XCTAssertEqual(complete("check x"), [])
        XCTAssertEqual(Completer(context: RouterContext()).candidates(line: "deploy ", cursor: 7), [])
    }
}
