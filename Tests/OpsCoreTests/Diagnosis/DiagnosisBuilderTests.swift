import XCTest
@testable import OpsCore

final class DiagnosisBuilderTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName), posts = P.local(P.postsName), roles = P.local(P.rolesName)

    func env(_ name: String, applied: [LocalMigration], failed: LocalMigration? = nil, promoteFrom: String? = nil,
             protected: Bool = false) -> EnvironmentFacts {
        var rows = applied.enumerated().map { P.applied($1, id: $0 + 1, at: "2024-01-0\($0 + 1)T09:00:00.000Z") }
        if let failed { rows.append(P.failed(failed.name, checksum: failed.checksum, id: 9, at: "2024-02-01T08:00:00.000Z")) }
        return EnvironmentFacts(name: name, reconciliation: .reconcile(local: [initM, posts, roles], history: rows), drift: [],
                                isProtected: protected, promoteFrom: promoteFrom)
    }

    /// The demo's incident: staging behind, production with a partly applied failed migration.
    func testFailedWithLeftovers_PlanInPromotionOrder_CleanupBeforeResolveBeforeDeploy() {
        let staging = env("staging", applied: [initM])
        var production = env("production", applied: [initM], failed: posts, promoteFrom: "staging", protected: true)
        production.drift = [SchemaChange(kind: .table, name: "public.posts", change: .unexpected)]
        let evidence = ResolveEvidence(items: [
            .init(reference: ObjectReference(kind: .table, name: "public.posts", action: .created), present: true),
            .init(reference: ObjectReference(kind: .index, name: "public.posts.posts_title_idx", action: .created), present: false),
        ], recommendation: .partial, explanation: "1 of 2 objects exist", compensatingSQL: ["DROP TABLE IF EXISTS public.posts;"])
        let record = P.failed(posts.name, checksum: posts.checksum, id: 9, at: "2024-02-01T08:00:00.000Z")
        let d = DiagnosisBuilder.build(scope: "production", environments: [production, staging], evidence: [
            "production": DiagnosisEvidence(failures: [.init(migration: posts.name, record: record, evidence: evidence, failedAtLine: 3)]),
        ])
        XCTAssertEqual(d.plan.map(\.command), [
            "deploy staging",
            "psql (production): DROP TABLE IF EXISTS public.posts;",
            "resolve production \(posts.name) --rolled-back",
            "deploy production --backup-to backups",
        ], "staging (the source) first; in production the leftovers go before resolve, resolve before deploy")
        XCTAssertEqual(d.plan.map(\.mutating), [true, true, true, true])
        XCTAssertEqual(d.verify, "check all")
        XCTAssertEqual(d.causes.first?.rule, "failed_migration")
        let evidenceLines = d.causes.first?.evidence ?? []
        XCTAssertTrue(evidenceLines.contains("it stopped at line 3 of its migration.sql"), "\(evidenceLines)")
        XCTAssertTrue(evidenceLines.contains("present in the live schema: table public.posts"), "\(evidenceLines)")
        XCTAssertTrue(d.summary.contains("production: migration \(posts.name) failed on 2024-02-01"), d.summary)
        XCTAssertTrue(d.summary.contains("staging: 2 migrations not applied yet"), d.summary)
    }

    func testAppliedRecommendation_ResolvesApplied_NoDeployOfIt() {
        let production = env("production", applied: [initM, posts], failed: roles)
        let evidence = ResolveEvidence(items: [.init(reference: ObjectReference(kind: .table, name: "public.roles", action: .created),
                                                     present: true)],
                                       recommendation: .applied, explanation: "every object exists", compensatingSQL: [])
        let d = DiagnosisBuilder.build(scope: "production", environments: [production], evidence: [
            "production": DiagnosisEvidence(failures: [.init(migration: roles.name, record: nil, evidence: evidence, failedAtLine: nil)]),
        ])
        XCTAssertEqual(d.plan.map(\.command), ["resolve production \(roles.name) --applied"])
        XCTAssertEqual(d.verify, "check production")
    }

    func testModifiedAndDrift_PlansRestoreAndCorrectiveMigration_InSyncHasNothing() {
        var drifted = env("staging", applied: [initM, posts, roles])
        drifted.drift = [SchemaChange(kind: .column, name: "public.users.nick", change: .unexpected)]
        let d = DiagnosisBuilder.build(scope: "staging", environments: [drifted], evidence: [
            "staging": DiagnosisEvidence(modifications: [.init(migration: posts.name, path: "db/migrations/\(posts.name)/migration.sql", foundIn: "commit 3f9a1c2b0d4e",
                                                                diff: ["- old", "+ new"])]),
        ])
        XCTAssertEqual(d.plan.first?.command, "git show 3f9a1c2b0d4e:db/migrations/\(posts.name)/migration.sql > "
                        + "db/migrations/\(posts.name)/migration.sql", "the applied text is put back first")
        XCTAssertTrue(d.plan.contains { $0.command == "diff staging migrations" && !$0.mutating })
        XCTAssertTrue(d.plan.contains { $0.command.hasPrefix("fix staging --capture") && $0.mutating })
        XCTAssertTrue(d.causes.contains { $0.rule == "drift" && $0.evidence == ["column public.users.nick unexpected"] })

        let clean = DiagnosisBuilder.build(scope: "local", environments: [env("local", applied: [initM, posts, roles])], evidence: [:])
        XCTAssertEqual(clean.causes, [])
        XCTAssertEqual(clean.plan, [])
        XCTAssertEqual(clean.summary, "local is in sync with its history and the migrations folder; nothing to repair.")
        XCTAssertNil(clean.procedure)
    }

    func testLineDiff_ShowsChangedLinesWithContext() {
        let diff = LineDiff.lines(from: "a\nb\nc\nd\ne\nf\ng\n", to: "a\nb\nc\nD\ne\nf\ng\n", context: 1)
        XCTAssertEqual(diff, ["  c", "- d", "+ D", "  e"])
        XCTAssertEqual(LineDiff.lines(from: "x\r\ny\r\n", to: "x\ny\n"), [], "CRLF and LF are the same text")
    }
}
