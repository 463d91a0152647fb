import XCTest
@testable import OpsCore

final class RouterExactSyntaxTests: XCTestCase {
    let personal = RouterFixture.personal

    func testRoute_ExactSyntax() {
        assertRoutes([
            ("status", .run(status())),
            ("status staging production", .run(status(S, P))),
            ("status all", .run(status())),
            ("STATUS Staging", .run(status(S))),
            ("check staging", .run(check(S))),
            ("check all", .run(check("all"))),
            ("check local staging", .run(check(L, S))),
            ("diff staging production", .run(.diff(from: S, to: P))),
            ("diff local migrations", .run(.diff(from: L, to: "migrations"))),
            ("diff migrations production", .run(.diff(from: "migrations", to: P))),
            ("deploy staging", .run(deploy(S))),
            ("deploy production", .run(deploy(P))),
            ("deploy staging --dry-run", .run(deploy(S, dry: true))),
            ("deploy --dry-run local", .run(deploy(L, dry: true))),
            ("resolve production \(personal) --rolled-back", .run(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("resolve production \(personal) --applied", .run(.resolve(environment: P, migration: personal, mode: .applied))),
            ("resolve staging --applied \(personal)", .run(.resolve(environment: S, migration: personal, mode: .applied))),
            ("baseline staging", .run(.baseline(environment: S, upTo: nil))),
            ("baseline production --to 20250815000000_add_feature_flags",
             .run(.baseline(environment: P, upTo: "20250815000000_add_feature_flags"))),
            ("baseline local --to=20250801000000_init", .run(.baseline(environment: L, upTo: "20250801000000_init"))),
            ("audit", .run(.audit(environment: nil))),
            ("audit production", .run(.audit(environment: P))),
            ("describe staging users", .run(.describe(environment: S, table: "users"))),
            ("describe local user", .run(.describe(environment: L, table: "User"))),
            ("diagnose production", .run(.diagnose(environment: P))),
            ("sop list", .run(.sopList)),
            ("sop start database-changes", .run(.sopStart(name: "database-changes"))),
            ("sop next", .run(.sopNext)),
            ("sop status", .run(.sopStatus)),
            ("sop abort", .run(.sopAbort)),
            ("next", .run(.next)),
            ("help", .run(.help(topic: nil))),
            ("help deploy", .run(.help(topic: "deploy"))),
            ("help resolve", .run(.help(topic: "resolve"))),
            ("quit", .run(.quit)),
            ("exit", .run(.quit)),
            ("\\q", .run(.quit)),
        ])
    }

    /// Conventional aliases name environments in commands that only read (`check dev`); a command that changes
    /// a database needs the configured name itself, so `deploy prod` is a suggestion to confirm.
    func testRoute_ExactSyntax_Aliases() {
        assertRoutes([
            ("deploy prod", .confirm(deploy(P))),
            ("deploy prod --dry-run", .run(deploy(P, dry: true))),
            ("deploy STAGING", .confirm(deploy(S))),
            ("diff stg prod", .run(.diff(from: S, to: P))),
            ("check dev", .run(check(L))),
            ("status live", .run(status(P))),
            ("audit prd", .run(.audit(environment: P))),
        ])
    }

    /// Aliases only map to configured environments: without a "production", "prod" is just a word.
    func testRoute_Aliases_OnlyToConfiguredNames() {
        let router = Router(context: RouterContext(environments: ["dev", "prod"]))
        assertRoutes([
            ("deploy production", .confirm(deploy("prod"))),
            ("deploy production --dry-run", .run(deploy("prod", dry: true))),
            ("check development", .run(check("dev"))),
            ("check staging", .askAny),
        ], router: router)
    }

    /// Every action's canonical command line routes back to that action.
    func testCommandLine_RoundTrips() {
        let actions: [Action] = [
            status(), status(S, P), check("all"), check(P), .diff(from: S, to: P), .diff(from: L, to: "migrations"),
            deploy(S), deploy(P, dry: true), .resolve(environment: P, migration: personal, mode: .rolledBack),
            .resolve(environment: S, migration: personal, mode: .applied), .baseline(environment: S, upTo: nil),
            .baseline(environment: L, upTo: "20250801000000_init"), .audit(environment: nil), .audit(environment: P),
            .describe(environment: P, table: "audit_events"), .sopList, .sopStart(name: "deployment"), .sopNext,
            .sopStatus, .sopAbort, .next, .diagnose(environment: S), .help(topic: nil), .help(topic: "diff"), .quit,
        ]
        for action in actions {
            XCTAssertEqual(RouterFixture.router.route(action.commandLine), .action(action), action.commandLine)
        }
    }

    func testCommandLine_Examples() {
        XCTAssertEqual(deploy(S).commandLine, "deploy staging")
        XCTAssertEqual(deploy(S, dry: true).commandLine, "deploy staging --dry-run")
        XCTAssertEqual(Action.diff(from: S, to: P).commandLine, "diff staging production")
        XCTAssertEqual(check("all").commandLine, "check all")
        XCTAssertEqual(Action.resolve(environment: P, migration: "m", mode: .rolledBack).commandLine,
                       "resolve production m --rolled-back")
        XCTAssertEqual(Action.baseline(environment: S, upTo: "m").commandLine, "baseline staging --to m")
    }

    func testIsMutating() {
        XCTAssertTrue(deploy(S).isMutating)
        XCTAssertFalse(deploy(S, dry: true).isMutating)
        XCTAssertTrue(Action.resolve(environment: P, migration: "m", mode: .applied).isMutating)
        XCTAssertTrue(Action.baseline(environment: P, upTo: nil).isMutating)
        for action in [status(), check("all"), Action.next, .help(topic: nil), .audit(environment: nil), .sopList,
                       .diagnose(environment: P), .describe(environment: P, table: "users"), .quit] {
            XCTAssertFalse(action.isMutating, action.commandLine)
        }
    }
}
