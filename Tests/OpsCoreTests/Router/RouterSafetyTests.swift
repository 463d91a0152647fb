import XCTest
@testable import OpsCore

final class RouterSafetyTests: XCTestCase {
    let personal = RouterFixture.personal
    let envs = [L, S, P]

    /// Missing parts are asked for, with complete actions as options.
    func testRoute_Ambiguity_Asks() {
        let resolveEach = RouterFixture.migrations.map {
            Action.resolve(environment: P, migration: $0, mode: .rolledBack)
        }
        assertRoutes([
            ("deploy", .ask(deploy(L), deploy(S), deploy(P))),
            ("push it", .ask(deploy(L), deploy(S), deploy(P))),
            ("deploy staging and production", .ask(deploy(S), deploy(P))),
            ("dry run", .ask(deploy(L, dry: true), deploy(S, dry: true), deploy(P, dry: true))),
            ("check", .ask(check("all"), check(L), check(S), check(P))),
            ("why is it broken", .ask(.diagnose(environment: L), .diagnose(environment: S), .diagnose(environment: P))),
            ("compare staging", .ask(.diff(from: S, to: L), .diff(from: S, to: P), .diff(from: S, to: "migrations"))),
            ("roll back the failed migration on production", .askWith(resolveEach)),
            ("baseline", .ask(.baseline(environment: L, upTo: nil), .baseline(environment: S, upTo: nil),
                              .baseline(environment: P, upTo: nil))),
            ("resolve production \(personal)", .ask(.resolve(environment: P, migration: personal, mode: .applied),
                                                   .resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("describe users", .ask(.describe(environment: L, table: "users"), .describe(environment: S, table: "users"),
                                    .describe(environment: P, table: "users"))),
            ("start a procedure", .ask(.sopStart(name: "database-changes"), .sopStart(name: "deployment"),
                                       .sopStart(name: "drift-incident"))),
            ("roll back the failed migration", .askAny),
        ])
        XCTAssertEqual(RouterFixture.router.route("deploy"),
                       .ask(question: "Deploy which environment?", options: [deploy(L), deploy(S), deploy(P)]))
    }

    /// Loose matches to mutating actions: synonyms, typos, partial names → a suggestion to confirm.
    func testRoute_LooseMutating_Confirms() {
        assertRoutes([
            ("push migrations to prod", .confirm(deploy(P))),
            ("ship it to production", .confirm(deploy(P))),
            ("release to staging", .confirm(deploy(S))),
            ("promote staging to production", .confirm(deploy(P))),
            ("run pending migrations on staging", .confirm(deploy(S))),
            ("deplyo staging", .confirm(deploy(S))),
            ("depoly to prod", .confirm(deploy(P))),
            ("deploy stagin", .confirm(deploy(S))),
            ("deploy to prdo", .confirm(deploy(P))),
            ("deploy staging?", .confirm(deploy(S))),
            ("deploy staging and drop the users table", .confirm(deploy(S))),
            ("deploy staging to production", .confirm(deploy(P))),
            ("update staging", .confirm(deploy(S))),
            ("roll back add_personal_models on production",
             .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("mark add_personal_models as applied in staging",
             .confirm(.resolve(environment: S, migration: personal, mode: .applied))),
            ("resolve production personal_models --rolled-back",
             .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("resolve production 20250925000000_add_personal_modles --applied",
             .confirm(.resolve(environment: P, migration: personal, mode: .applied))),
            ("resolve prod add_personal_models completed",
             .confirm(.resolve(environment: P, migration: personal, mode: .applied))),
            ("baselin staging", .confirm(.baseline(environment: S, upTo: nil))),
            ("baseline stagng", .confirm(.baseline(environment: S, upTo: nil))),
        ])
        guard case .confirmSuggestion(_, let reason) = RouterFixture.router.route("push migrations to prod") else {
            return XCTFail("not a confirmation")
        }
        XCTAssertEqual(reason, "read “push” as deploy; read “prod” as production")
    }

    /// Exact verb and exact names in a clear phrasing: understood, but a phrase is never the exact syntax, so
    /// it is a suggestion to confirm.
    func testRoute_ClearMutatingPhrasings_Confirm() {
        assertRoutes([
            ("resolve add_personal_models on production as rolled back",
             .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("please resolve production \(personal) --applied",
             .confirm(.resolve(environment: P, migration: personal, mode: .applied))),
            ("baseline staging up to 20250815000000_add_feature_flags",
             .confirm(.baseline(environment: S, upTo: "20250815000000_add_feature_flags"))),
            ("baseline the local database", .confirm(.baseline(environment: L, upTo: nil))),
        ])
    }

    /// Issue 7: lines that started a deploy before. Only the exact syntax of a mutating command runs it;
    /// these are suggestions to confirm, and a line that names another command never becomes a deploy.
    func testRoute_LooseMutatingLines_NeverRunDirectly() {
        assertRoutes([
            ("apply migrations STAGING", .confirm(deploy(S))),
            ("migrate add_personal_models staging to --yes", .confirm(deploy(S))),
            ("deploy --confirm production", .confirm(deploy(P))),
            ("deploy 20250925000000 stage", .confirm(deploy(S))),
            ("DEPLOY staging now", .confirm(deploy(S))),
            ("resolve production add_personal_models --rolled-back",
             .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("resolve prod \(personal) --rolled-back", .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("resolve production \(personal) --ROLLED-BACK", .confirm(.resolve(environment: P, migration: personal, mode: .rolledBack))),
            ("diff prod --dry-run", .unknown),
            ("check production --dry-run deploy", .unknown),
        ])
        for line in ["diff prod --dry-run", "status deploy staging", "audit deploy production", "describe deploy staging"] {
            let result = RouterFixture.router.route(line)
            XCTAssertFalse(result.actions.contains { $0.command == "deploy" }, "“\(line)” → \(result)")
        }
        // The exact syntax still runs, with every flag the command declares (issue 8): nothing else may.
        assertRoutes([
            ("deploy staging", .run(deploy(S))),
            ("deploy staging --yes --allow-drift", .run(.deploy(environment: S, flags: DeployFlags(yes: true, allowDrift: true)))),
            ("deploy production --yes --confirm production --backup-to backups",
             .run(.deploy(environment: P, flags: DeployFlags(yes: true, confirmName: "production", backupTo: "backups")))),
            ("resolve production \(personal) --rolled-back", .run(.resolve(environment: P, migration: personal, mode: .rolledBack))),
        ])
    }

    /// Issue 7: `describe local 'x"; drop table y; --'` described table y.
    func testRoute_DescribeWithStrayWords_NotAnotherTable() {
        assertRoutes([
            ("describe local 'x\"; drop table y; --'", .run(.describe(environment: L, table: "x\"; drop table y; --"))),
            ("describe local x\"; drop table y; --", .unknown),
            ("describe local \"My Table\"", .run(.describe(environment: L, table: "\"My Table\""))),
            ("describe table users on staging", .run(.describe(environment: S, table: "users"))),
        ])
    }

    /// A line longer than the router reads is refused at once, whatever it holds.
    func testRoute_LongLine_RefusedWithoutRouting() {
        let long = "deploy staging " + String(repeating: "x", count: Router.maxLineLength)
        guard case let .refused(reason) = RouterFixture.router.route(long) else { return XCTFail("not refused") }
        XCTAssertTrue(reason.contains("at most \(Router.maxLineLength)"), reason)
        let token = String(repeating: "a", count: 16_000)
        guard case .refused = RouterFixture.router.route(token) else { return XCTFail("16,000-character token not refused") }
        let words = String(repeating: "stagign ", count: 124)   // just under the limit: routed, not refused
        XCTAssertLessThanOrEqual(words.utf8.count, Router.maxLineLength)
        if case .refused = RouterFixture.router.route(words) { XCTFail("a line within the limit was refused") }
    }

    /// Lines that mention a mutating verb but must never run (or suggest) one.
    static let negatives: [(String, Expect?)] = [
        ("don't deploy staging", .unknown),
        ("do not deploy to production", .unknown),
        ("never push to prod", .unknown),
        ("dont ship it to production", .unknown),
        ("please don't deploy production", .unknown),
        ("do not resolve anything on production", nil),
        ("never baseline production", .unknown),
        ("don't roll back the failed migration on production", nil),
        ("cancel the deploy to staging", .unknown),
        ("stop deploying production", .unknown),
        ("don't deploy staging, check it instead", .run(check(S))),
        ("without deploying, compare staging and production", .run(.diff(from: S, to: P))),
        ("what would deploy do on staging", .run(deploy(S, dry: true))),
        ("how do I deploy?", .run(.help(topic: "deploy"))),
        ("how does deploy work", .run(.help(topic: "deploy"))),
        ("explain resolve", .run(.help(topic: "resolve"))),
        ("explain baseline", .run(.help(topic: "baseline"))),
        ("what does deploy do", .run(.help(topic: "deploy"))),
        ("what is baseline?", .run(.help(topic: "baseline"))),
        ("deployment status", .run(status())),
        ("show the deploy log", .run(.audit(environment: nil))),
        ("deploy log for production", .run(.audit(environment: P))),
        ("is it safe to deploy production?", .run(check(P))),
        ("can I deploy to production?", .run(check(P))),
        ("should I push to prod?", .run(check(P))),
        ("can we migrate everything", .run(check("all"))),
        ("rollback plan for staging", .run(.help(topic: "resolve"))),
        ("who deployed production last", .run(.audit(environment: P))),
        ("when did we last deploy staging", .run(.audit(environment: S))),
        ("show the rollback history for production", .run(.audit(environment: P))),
        ("what happens if I deploy staging", .run(deploy(S, dry: true))),
        ("deploy production --dry-run", .run(deploy(P, dry: true))),
        ("preview deploy prod", .run(deploy(P, dry: true))),
        ("is production deployed?", .run(status(P))),
        ("has prod been migrated", .run(status(P))),
        ("why did the deploy fail on production", .run(.diagnose(environment: P))),
        ("help me deploy", .run(.sopStart(name: "deployment"))),
        ("help deploy", .run(.help(topic: "deploy"))),
        ("should I resolve the failed migration on production?", .run(check(P))),
        ("is it ok to baseline staging", .run(check(S))),
        ("how do I resolve a failed migration", .run(.help(topic: "resolve"))),
        ("what would a rollback do on production", .run(.help(topic: "resolve"))),
        ("did anyone deploy to staging today?", nil),
        ("deployments on staging", .run(status(S))),
    ]

    func testRoute_Negatives_NeverMutate() {
        XCTAssertGreaterThanOrEqual(Self.negatives.count, 30)
        for (line, expected) in Self.negatives {
            let result = RouterFixture.router.route(line)
            switch result {
            case .action(let a): XCTAssertFalse(a.isMutating, "“\(line)” → \(a.commandLine)")
            case .confirmSuggestion(let a, _): XCTAssertFalse(a.isMutating, "“\(line)” → confirm \(a.commandLine)")
            case .ask(_, let options):
                XCTAssertFalse(options.contains(where: \.isMutating), "“\(line)” asks with mutating options")
            case .notUnderstood(let suggestions):
                XCTAssertFalse(suggestions.contains { $0.hasPrefix("deploy") && !$0.hasSuffix("--dry-run") },
                               "“\(line)” suggests \(suggestions)")
            case .refused: break
            }
            if let expected { XCTAssertTrue(expected.matches(result), "“\(line)” → \(result), expected \(expected)") }
        }
    }

    /// A negated line never reaches the fallback, and the fallback's mutating answers need a yes.
    func testRoute_Fallback() {
        var router = RouterFixture.router
        router.fallback = { _ in .action(deploy(P)) }
        XCTAssertEqual(router.route("don't deploy staging"),
                       RouterFixture.router.route("don't deploy staging"))
        guard case .confirmSuggestion(let action, _) = router.route("make the frobnicator happy") else {
            return XCTFail("fallback's mutating action should be a suggestion")
        }
        XCTAssertEqual(action, deploy(P))
        router.fallback = { _ in .action(.next) }
        XCTAssertEqual(router.route("make the frobnicator happy"), .action(.next))
        XCTAssertEqual(router.route("check staging"), .action(check(S)), "fallback is only for notUnderstood")
        router.fallback = { _ in nil }
        guard case .notUnderstood = router.route("make the frobnicator happy") else { return XCTFail() }
    }

    func testRoute_NotUnderstood_Suggestions() {
        guard case .notUnderstood(let s) = RouterFixture.router.route("frobnicate stagin") else {
            return XCTFail("should not be understood")
        }
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.last, "help")
        XCTAssertTrue(s.dropLast().allSatisfy { $0.contains("staging") }, "\(s)")
        guard case .notUnderstood(let d) = RouterFixture.router.route("blorp production") else { return XCTFail() }
        XCTAssertEqual(d, ["check production", "audit production", "status production", "help"],
                       "non-mutating lines about production first")
        XCTAssertEqual(RouterFixture.router.route("   "),
                       .notUnderstood(suggestions: ["status", "next", "check all", "help"]))
    }

    /// Routing is dictionary look-ups and short edit distances. Release build on the 2-core dev machine: about
    /// 2 µs for exact syntax, 20–60 µs for phrasings, ~200 µs for a line of unknown words (typo search and
    /// "did you mean"). The bound here is loose because tests run unoptimised, on a shared machine.
    func testRoute_IsFast() {
        let lines = ["deploy staging", "what should I do now", "chek stagin", "never push to prod",
                     "frobnicate the widgets on stagin", "describe table users on staging"]
        let router = RouterFixture.router
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<200 { for line in lines { _ = router.route(line) } }
        }
        let perLine = elapsed / (200 * lines.count)
        XCTAssertLessThan(perLine, .milliseconds(3), "\(perLine) per line")
    }
}
