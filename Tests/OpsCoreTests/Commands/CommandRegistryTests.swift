import XCTest
@testable import OpsCore

final class CommandRegistryTests: XCTestCase {
    /// One value of every `Action` case. `caseIndex` switches without a default, so a new case does not compile
    /// until it is added there, and the test then fails until a sample (and a registry entry) exists.
    static let samples: [Action] = [
        .status(environments: []), .check(environments: ["all"]), .diff(from: "staging", to: "production"),
        .deploy(environment: "staging", flags: DeployFlags(dryRun: true, yes: true, allowDrift: true)),
        .resolve(environment: "production", migration: "20250925000000_x", mode: .rolledBack,
                 confirm: ConfirmFlags(yes: true, confirmName: "production")),
        .baseline(environment: "local", upTo: "20250925000000_x", force: true, confirm: ConfirmFlags()),
        .audit(environment: nil), .audit(environment: "staging"), .describe(environment: "local", table: "Patient"),
        .sopList, .sopShow(name: "deployment"), .sopStart(name: "database-changes"), .sopNext, .sopBack,
        .sopSkip(reason: "done by hand"), .sopStatus, .sopAbort, .sopResume, .sopInit, .next,
        .diagnose(environment: "production"), .explain(environment: "production", showPrompt: false),
        .explain(environment: nil, showPrompt: true), .ask(question: "how do I add a NOT NULL column safely?"), .mcp,
        .preflight(installHook: false, force: false),
        .preflight(installHook: true, force: true), .help(topic: nil), .help(topic: "deploy"), .quit,
        .lint(LintRequest()), .lint(LintRequest(targets: ["20251101000000_add_user_locale", "x y.sql"], environment: "staging")),
        .lint(LintRequest(pending: "production")), .lintRules,
        .fix(FixRequest(environment: "production")), .fix(FixRequest(environment: "staging", mode: .capture,
                                                                     renames: ["public.users.name": "public.users.full_name"])),
        .fix(FixRequest(environment: "local", mode: .revert)),
    ]

    static func caseIndex(_ a: Action) -> Int {
        switch a {
        case .status: 0
        case .check: 1
        case .diff: 2
        case .deploy: 3
        case .resolve: 4
        case .baseline: 5
        case .audit: 6
        case .describe: 7
        case .sopList: 8
        case .sopShow: 9
        case .sopStart: 10
        case .sopNext: 11
        case .sopBack: 12
        case .sopSkip: 13
        case .sopStatus: 14
        case .sopAbort: 15
        case .sopResume: 16
        case .sopInit: 17
        case .next: 18
        case .diagnose: 19
        case .preflight: 20
        case .help: 21
        case .quit: 22
        case .explain: 23
        case .ask: 24
        case .mcp: 25
        case .lint: 26
        case .lintRules: 27
        case .fix: 28
        }
    }

    func testEveryActionCase_HasARegistryEntry_AndParsesBackFromItsCommandLine() throws {
        XCTAssertEqual(Set(Self.samples.map(Self.caseIndex)), Set(0...28), "a sample of every Action case")
        for action in Self.samples {
            let definition = try XCTUnwrap(CommandRegistry.definition(of: action), "\(action) has no registry entry")
            XCTAssertFalse(definition.summary.isEmpty, definition.path.joined(separator: " "))
            if action.isMutating { XCTAssertTrue(definition.mutating, action.commandLine) }
            let words = try XCTUnwrap(LineWords.split(action.commandLine))
            let parsed = try CommandLineParser.parse(words)
            XCTAssertEqual(try parsed.definition.build(parsed.parsed), action, action.commandLine)
        }
    }

    func testFamilyWithoutSubcommand_SaysWhichExist_HelpTakesTwoWords() throws {
        XCTAssertThrowsError(try CommandLineParser.parse(["sop"])) { error in
            XCTAssertEqual(error as? CommandError, .missingSubcommand(command: "sop", given: nil, subcommands:
                ["list", "show", "start", "next", "back", "skip", "status", "abort", "resume", "init"]))
        }
        XCTAssertThrowsError(try CommandLineParser.parse(["sop", "frob"])) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("sop has no subcommand \"frob\": list, show"), "\(error)")
        }
        let help = try CommandLineParser.parse(["help", "sop", "start"])
        XCTAssertEqual(try help.definition.build(help.parsed), .help(topic: "sop start"))
    }

    func testEveryCommandWord_IsCompletedAndHelped() {
        let completions = Completer(context: RouterContext(environments: ["local"], migrations: [], sops: []))
            .candidates(line: "", cursor: 0)
        for word in CommandRegistry.consoleWords {
            XCTAssertTrue(completions.contains(word), "\(word) is not offered by Tab")
        }
        XCTAssertTrue(completions.contains("diagnose"))
        XCTAssertFalse(completions.contains("mcp"), "mcp runs from the command line only")
    }
}
