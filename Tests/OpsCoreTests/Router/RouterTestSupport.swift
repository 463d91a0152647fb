import XCTest
@testable import OpsCore

/// The project the router tests run against: the three usual environments, the incident's migrations, the
/// three SOPs and a few introspected tables.
enum RouterFixture {
    static let migrations = [
        "20250801000000_init", "20250815000000_add_feature_flags", "20250905000000_add_metabolic_tables",
        "20250925000000_add_personal_models", "20251002000000_rename_analytics_event_columns",
    ]
    static let context = RouterContext(
        environments: ["local", "staging", "production"], migrations: migrations,
        sops: ["database-changes", "deployment", "drift-incident"],
        tables: ["local": ["users", "posts", "personal_models", "User"], "staging": ["users", "posts"],
                 "production": ["users", "posts", "audit_events"]])
    static let router = Router(context: context)
    static let personal = "20250925000000_add_personal_models"
}

/// What a phrasing should route to; a confirmation is compared by its action only (reasons are prose).
enum Expect: CustomStringConvertible {
    case run(Action)
    case confirm(Action)
    case askWith([Action])
    case askAny
    case unknown

    static func ask(_ options: Action...) -> Expect { .askWith(options) }

    func matches(_ result: RouteResult) -> Bool {
        switch (self, result) {
        case (.run(let a), .action(let b)), (.confirm(let a), .confirmSuggestion(let b, _)): return a == b
        case (.askWith(let options), .ask(_, let actual)): return options == actual
        case (.askAny, .ask), (.unknown, .notUnderstood): return true
        default: return false
        }
    }

    var description: String {
        switch self {
        case .run(let a): return "action(\(a.commandLine))"
        case .confirm(let a): return "confirm(\(a.commandLine))"
        case .askWith(let options): return "ask(\(options.map(\.commandLine)))"
        case .askAny: return "ask(…)"
        case .unknown: return "notUnderstood"
        }
    }
}

extension XCTestCase {
    /// Routes every line and reports each mismatch on its own, with the whole table's failures listed.
    func assertRoutes(_ cases: [(String, Expect)], router: Router = RouterFixture.router,
                      file: StaticString = #filePath, line: UInt = #line) {
        for (text, expected) in cases {
            let result = router.route(text)
            XCTAssertTrue(expected.matches(result), "“\(text)” → \(result), expected \(expected)",
                          file: file, line: line)
        }
    }
}

/// Shorthands so tables read like the console.
let L = "local", S = "staging", P = "production"
func status(_ envs: String...) -> Action { .status(environments: envs) }
func check(_ envs: String...) -> Action { .check(environments: envs) }
func deploy(_ env: String, dry: Bool = false) -> Action { .deploy(environment: env, dryRun: dry) }
