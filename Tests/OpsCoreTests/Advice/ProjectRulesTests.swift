import XCTest
@testable import OpsCore

/// Each rule added for "what next?" on a state built for it, and the order of a mixed project.
final class ProjectRulesTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName), posts = P.local(P.postsName)

    func env(_ name: String, applied: [LocalMigration], local: [LocalMigration]? = nil, drift: [SchemaChange]? = [],
             promoteFrom: String? = nil) -> EnvironmentFacts {
        let rows = applied.enumerated().map { P.applied($1, id: $0 + 1, at: "2024-01-0\($0 + 1)T09:00:00.000Z") }
        return EnvironmentFacts(name: name, reconciliation: .reconcile(local: local ?? [initM, posts], history: rows),
                                drift: drift, promoteFrom: promoteFrom)
    }

    func rules(_ p: ProjectFacts) -> [String] { AdviceRules.advise(p).map(\.rule) }

    func testLockHeld_Warning() {
        var e = env("staging", applied: [initM, posts])
        e.lockHolder = "pid 4242 (deploy from ci, for 3 min)"
        let advice = AdviceRules.advise(ProjectFacts(environments: [e]))
        XCTAssertEqual(advice.map(\.rule), ["lock_held", "in_sync"])
        XCTAssertEqual(advice[0].severity, .warning)
        XCTAssertTrue(advice[0].verdict.contains("pid 4242"))
    }

    func testRolledBackLeftovers_Blocking_NoDeployCommand_DriftExplained() {
        let rolled = P.rolledBack(P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2024-02-01T08:00:00.000Z"),
                                  at: "2024-02-01T09:00:00.000Z")
        var e = EnvironmentFacts(name: "production", reconciliation: .reconcile(local: [initM, posts], history: [
            P.applied(initM, id: 1, at: "2024-01-01T09:00:00.000Z"), rolled,
        ]), drift: [SchemaChange(kind: .table, name: "public.posts", change: .unexpected),
                    SchemaChange(kind: .column, name: "public.posts.title", change: .unexpected)], promoteFrom: "staging")
        e.leftovers = [RolledBackLeftovers(migration: P.postsName, objects: ["table public.posts"], names: ["public.posts"],
                                           compensatingSQL: ["DROP TABLE IF EXISTS public.posts;"])]
        e.promoteFromBehind = []
        let advice = AdviceRules.advise(ProjectFacts(environments: [e]))
        XCTAssertEqual(advice.map(\.rule), ["rolled_back_leftovers", "pending"], "the leftovers are not called plain drift")
        XCTAssertEqual(advice[0].severity, .blocking)
        XCTAssertNil(advice[0].command, "no deploy: it would run into its leftovers")
        XCTAssertTrue(advice[0].hint?.contains("DROP TABLE IF EXISTS public.posts;") == true)
        XCTAssertNil(advice[1].command)
        XCTAssertTrue(advice[1].verdict.contains("leftovers first"))
        // Drift the leftovers do not explain is still drift.
        e.drift?.append(SchemaChange(kind: .table, name: "public.other", change: .unexpected))
        XCTAssertTrue(rules(ProjectFacts(environments: [e])).contains("drift"))
    }

    func testPromoteOrder_DeploysTheSourceFirst_OnlyWhenItIsBehind() {
        var prod = env("production", applied: [initM], promoteFrom: "staging")
        prod.promoteFromBehind = [P.postsName]
        let advice = AdviceRules.advise(ProjectFacts(environments: [prod]))
        XCTAssertEqual(advice.map(\.rule), ["promote_order", "pending"])
        XCTAssertEqual(advice[0].command, "deploy staging")
        XCTAssertNil(advice[1].command, "production's own deploy waits for staging")
        prod.promoteFromBehind = []
        XCTAssertEqual(AdviceRules.advise(ProjectFacts(environments: [prod])).map(\.command), ["deploy production"])
    }

    func testGitRules() {
        let clean = env("local", applied: [initM, posts])
        var git = GitFacts(branch: "main", upstream: "origin/main", ahead: 2, changes: ["": ["?? db/migrations/2025_x/migration.sql"]],
                           schemaChangedWithoutMigration: false, schemaPath: "prisma/schema.prisma")
        var advice = AdviceRules.advise(ProjectFacts(environments: [clean], git: git))
        XCTAssertEqual(advice.map(\.rule), ["uncommitted_migration", "unpushed", "in_sync"])
        XCTAssertEqual(advice[0].severity, .blocking)
        XCTAssertTrue(advice[0].verdict.contains("db/migrations/2025_x/migration.sql"), advice[0].verdict)
        XCTAssertEqual(advice[1].command, "preflight")
        git.changes = ["": []]
        git.schemaChangedWithoutMigration = true
        git.ahead = 0
        advice = AdviceRules.advise(ProjectFacts(environments: [clean], git: git))
        XCTAssertEqual(advice.map(\.rule), ["schema_without_migration", "in_sync"])
        XCTAssertTrue(advice[0].verdict.hasPrefix("prisma/schema.prisma changed after the newest migration"))
        XCTAssertEqual(rules(ProjectFacts(environments: [clean], git: GitFacts(branch: "topic"))), ["unpushed", "in_sync"])
        XCTAssertEqual(rules(ProjectFacts(environments: [clean], git: GitFacts(unavailable: "not a repository"))), ["in_sync"])
    }

    func testSOPInProgress_AndInSyncWithLastDeploy() {
        let sop = SOP(name: "database-changes", title: "t", steps: (1...14).map { SOPStep(title: "S\($0)", line: $0) })
        var session = SOPSession(id: "s", sop: sop, digest: "d", at: "t")
        for _ in 1...4 { session.complete(sop, at: "t") }
        let deploy = AuditRecord(time: "2026-12-01T09:50:12.000Z", user: "ana", host: "h", environment: "local", target: "t",
                                 action: .deploy, migrations: ["a", "b"], outcome: .applied)
        let advice = AdviceRules.advise(ProjectFacts(environments: [env("local", applied: [initM, posts])], session: session,
                                                     lastDeploys: ["local": deploy]))
        XCTAssertEqual(advice.map(\.rule), ["sop_in_progress", "in_sync"])
        XCTAssertEqual(advice[0].command, "sop next")
        XCTAssertTrue(advice[0].verdict.contains("step 5/14, “S5”"), advice[0].verdict)
        XCTAssertEqual(advice[1].verdict, "local is in sync (2 migrations applied, no drift); last deploy 2026-12-01 09:50 UTC by ana (2 migrations)")
        XCTAssertEqual(AdviceRules.advise(ProjectFacts(environments: [], session: session, sessionPaused: true)).first?.command, "sop resume")
    }

    func testMixedProject_MostUrgentFirst_EveryIdDocumentedOnce() {
        let failed = EnvironmentFacts(name: "production", reconciliation: .reconcile(local: [initM, posts], history: [
            P.applied(initM, id: 1, at: "2024-01-01T09:00:00.000Z"), P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2024-02-01T08:00:00.000Z"),
        ]), drift: [])
        let behind = env("staging", applied: [initM])
        let git = GitFacts(branch: "main", upstream: "origin/main", ahead: 1, changes: ["": []])
        let advice = AdviceRules.advise(ProjectFacts(environments: [env("local", applied: [initM, posts]), behind, failed], git: git))
        XCTAssertEqual(advice.map(\.severityName), advice.map(\.severity).sorted(by: >).map {
            Advice($0, "").severityName
        })
        XCTAssertEqual(advice.first?.rule, "failed_migration")
        XCTAssertEqual(Set(AdviceRules.all.map(\.id)), ["unreachable", "failed_migration", "rolled_back_leftovers", "lock_held",
            "modified_migration", "missing_locally", "drift", "promote_order", "pending", "out_of_order", "uncommitted_migration",
            "schema_without_migration", "unpushed", "sop_in_progress", "in_sync"])
    }
}
