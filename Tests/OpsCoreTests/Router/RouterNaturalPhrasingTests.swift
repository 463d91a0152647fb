import XCTest
@testable import OpsCore

final class RouterNaturalPhrasingTests: XCTestCase {
    let personal = RouterFixture.personal

    /// The phrasings the console must understand, each to a runnable action.
    func testRoute_NaturalPhrasings() {
        assertRoutes([
            // status
            ("how is production doing", .run(status(P))),
            ("status of all envs", .run(status())),
            ("is staging behind?", .run(status(S))),
            ("deployment status", .run(status())),
            ("what's the status of staging?", .run(status(S))),
            ("how are things", .run(status())),
            ("show me the status please", .run(status())),
            ("how's prod?", .run(status(P))),
            ("give me an overview", .run(status())),
            ("which migrations are pending on staging", .run(status(S))),
            ("list migrations", .run(status())),
            ("show all environments", .run(status())),
            ("staging?", .run(status(S))),
            ("show production", .run(status(P))),
            ("where are we", .run(status())),
            ("is production deployed?", .run(status(P))),
            ("status for stg and prod", .run(status(S, P))),
            // check
            ("check staging", .run(check(S))),
            ("is prod in sync?", .run(check(P))),
            ("check everything", .run(check("all"))),
            ("are we in sync?", .run(check("all"))),
            ("is everything ok", .run(check("all"))),
            ("any drift on production?", .run(check(P))),
            ("has staging drifted", .run(check(S))),
            ("verify local", .run(check(L))),
            ("please check the production database", .run(check(P))),
            ("is local up to date", .run(check(L))),
            ("can you check staging and production", .run(check(S, P))),
            ("check all environments", .run(check("all"))),
            ("is production healthy", .run(check(P))),
            // diff
            ("compare staging with production", .run(.diff(from: S, to: P))),
            ("diff stg prod", .run(.diff(from: S, to: P))),
            ("what changed between staging and prod", .run(.diff(from: S, to: P))),
            ("what's different between local and staging?", .run(.diff(from: L, to: S))),
            ("staging vs production", .run(.diff(from: S, to: P))),
            ("compare production against staging", .run(.diff(from: P, to: S))),
            ("does local match the migrations?", .run(.diff(from: L, to: "migrations"))),
            ("diff staging against migration files", .run(.diff(from: S, to: "migrations"))),
            ("how do staging and prod differ", .run(.diff(from: S, to: P))),
            ("show differences between dev and stage", .run(.diff(from: L, to: S))),
            // deploy phrasings: understood, but only the exact syntax runs a deploy — each is a suggestion to confirm
            ("deploy to staging", .confirm(deploy(S))),
            ("please deploy staging", .confirm(deploy(S))),
            ("apply migrations to staging", .confirm(deploy(S))),
            ("migrate production", .confirm(deploy(P))),
            ("can you deploy the pending migrations to staging", .confirm(deploy(S))),
            ("let's deploy to prod now", .confirm(deploy(P))),
            ("deploy all pending migrations on local", .confirm(deploy(L))),
            ("go ahead and deploy staging", .confirm(deploy(S))),
            // previews (non-mutating)
            ("dry run deploy to staging", .run(deploy(S, dry: true))),
            ("what would deploy do on staging", .run(deploy(S, dry: true))),
            ("preview the deploy to production", .run(deploy(P, dry: true))),
            ("deploy staging dry-run", .run(deploy(S, dry: true))),
            ("what happens if I deploy prod", .run(deploy(P, dry: true))),
            ("deployment plan for production", .run(deploy(P, dry: true))),
            ("simulate pushing to staging", .run(deploy(S, dry: true))),
            // next
            ("what next?", .run(.next)),
            ("what should I do now", .run(.next)),
            ("now what?", .run(.next)),
            ("what now", .run(.next)),
            ("any advice?", .run(.next)),
            ("next steps", .run(.next)),
            ("what do I do", .run(.next)),
            // diagnose
            ("why is production broken?", .run(.diagnose(environment: P))),
            ("what's wrong with staging", .run(.diagnose(environment: S))),
            ("why did the deploy fail on production", .run(.diagnose(environment: P))),
            ("production is broken", .run(.diagnose(environment: P))),
            ("diagnose prod", .run(.diagnose(environment: P))),
            ("what failed on production?", .run(.diagnose(environment: P))),
            ("staging is not working", .run(.diagnose(environment: S))),
            // describe
            ("describe table users on staging", .run(.describe(environment: S, table: "users"))),
            ("describe users on production", .run(.describe(environment: P, table: "users"))),
            ("what columns does personal_models have", .run(.describe(environment: L, table: "personal_models"))),
            ("show table audit_events", .run(.describe(environment: P, table: "audit_events"))),
            ("show the posts table in stg", .run(.describe(environment: S, table: "posts"))),
            ("describe table user in local", .run(.describe(environment: L, table: "User"))),
            // audit
            ("show me the audit log for prod", .run(.audit(environment: P))),
            ("show the deploy log", .run(.audit(environment: nil))),
            ("who deployed production last", .run(.audit(environment: P))),
            ("when was staging last deployed?", .run(.audit(environment: S))),
            ("audit trail", .run(.audit(environment: nil))),
            ("deploy history for staging", .run(.audit(environment: S))),
            // SOPs
            ("help me change the schema", .run(.sopStart(name: "database-changes"))),
            ("walk me through a deployment", .run(.sopStart(name: "deployment"))),
            ("help me add a column", .run(.sopStart(name: "database-changes"))),
            ("I need to add a column", .run(.sopStart(name: "database-changes"))),
            ("walk me through a deploy", .run(.sopStart(name: "deployment"))),
            ("guide me through the drift incident", .run(.sopStart(name: "drift-incident"))),
            ("start the drift incident procedure", .run(.sopStart(name: "drift-incident"))),
            ("list the sops", .run(.sopList)),
            ("which runbooks are there", .run(.sopList)),
            ("abort the sop", .run(.sopAbort)),
            ("sop progress", .run(.sopStatus)),
            ("how do I change the schema?", .run(.sopStart(name: "database-changes"))),
            // help
            ("how do I deploy?", .run(.help(topic: "deploy"))),
            ("explain resolve", .run(.help(topic: "resolve"))),
            ("what does baseline do", .run(.help(topic: "baseline"))),
            ("how to roll back a migration", .run(.help(topic: "resolve"))),
            ("tell me about diff", .run(.help(topic: "diff"))),
            ("i need help", .run(.help(topic: nil))),
            ("usage", .run(.help(topic: nil))),
            // quit
            ("bye", .run(.quit)),
            ("Exit.", .run(.quit)),
            ("quit please", .run(.quit)),
        ])
    }

    /// Small typos are tolerated: Damerau–Levenshtein ≤ 1 for words up to 5 letters, ≤ 2 for longer ones.
    func testRoute_Typos_NonMutating() {
        assertRoutes([
            ("chek stagin", .run(check(S))),
            ("ckeck prodution", .run(check(P))),
            ("statsu", .run(status())),
            ("stauts of lcoal", .run(status(L))),
            ("dif staging prodction", .run(.diff(from: S, to: P))),
            ("comapre stg and prod", .run(.diff(from: S, to: P))),
            ("descibe users on staging", .run(.describe(environment: S, table: "users"))),
            ("audti prod", .run(.audit(environment: P))),
            ("halp", .run(.help(topic: nil))),
            ("qiut", .run(.quit)),
            ("nxet", .run(.next)),
        ])
    }

    /// While an SOP runs, step words mean its steps.
    func testRoute_ActiveSOP() {
        var context = RouterFixture.context
        context.activeSOP = "deployment"
        assertRoutes([
            ("next step", .run(.sopNext)),
            ("what next?", .run(.next)),
            ("what's the next step?", .run(.sopStatus)),
            ("continue", .run(.sopNext)),
            ("done", .run(.sopNext)),
            ("where am I?", .run(.sopStatus)),
            ("cancel", .run(.sopAbort)),
            ("next", .run(.next)),
            ("check staging", .run(check(S))),
        ], router: Router(context: context))
        assertRoutes([("next step", .run(.next))])
    }
}
