import XCTest
@testable import OpsCore

final class AdviceRulesTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName)
    let posts = P.local(P.postsName)
    let roles = P.local(P.rolesName)
    let audit = P.local(P.auditName)
    let columnDrift = [SchemaChange(kind: .column, name: "public.User.nickname", change: .unexpected)]

    /// The findings without the rule id and environment `AdviceRules` stamps on them (tested apart).
    static func plain(_ advice: [Advice]) -> [Advice] { advice.map { Advice($0.severity, $0.verdict, command: $0.command, hint: $0.hint) } }

    func testAdvise_StampsRuleIdsAndEnvironment() {
        let f = facts(local: [initM, posts], history: [initApplied(), P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2024-02-01T08:00:00.000Z")])
        let advice = AdviceRules.advise(f)
        XCTAssertEqual(advice.first?.rule, "failed_migration")
        XCTAssertTrue(advice.allSatisfy { !$0.rule.isEmpty })
        XCTAssertTrue(advice.allSatisfy { $0.environment == "staging" })
        XCTAssertEqual(Set(AdviceRules.all.map(\.id)).count, AdviceRules.all.count, "ids are unique")
    }

    private func initApplied() -> MigrationRecord { P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z") }

    private func facts(_ name: String = "staging", local: [LocalMigration], history: [MigrationRecord]?,
                       drift: [SchemaChange]? = nil, promoteFrom: String? = nil) -> EnvironmentFacts {
        EnvironmentFacts(name: name, reconciliation: .reconcile(local: local, history: history), drift: drift,
                         promoteFrom: promoteFrom)
    }

    // MARK: - Failed

    func testAdvise_FailedMigration_BlockingWithResolveCommand() throws {
        let f = facts(local: [initM, roles, audit], history: [
            initApplied(), P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z"),
        ])
        let advice = AdviceRules.advise(f)
        let first = try XCTUnwrap(advice.first)
        XCTAssertEqual(first.severity, .blocking)
        XCTAssertEqual(first.verdict, "staging has a failed migration \(P.rolesName) that blocks deploys")
        XCTAssertEqual(first.next?.hasPrefix("evermed-ops resolve staging \(P.rolesName) --rolled-back"), true,
                       first.next ?? "nil")
        // The pending one behind it is reported, but cannot be deployed yet: no deploy command.
        XCTAssertEqual(advice.dropFirst().map(\.severity), [.info])
        XCTAssertEqual(advice.last?.verdict, "staging is 1 migration behind; resolve the failed migration first")
        XCTAssertNil(advice.last?.next)
        XCTAssertFalse(f.inSync)
    }

    func testAdvise_FailedMigrationWithDrift_DriftExplainedByFailure() {
        let f = facts(local: [initM, roles], history: [
            initApplied(), P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z"),
        ], drift: columnDrift)
        let advice = AdviceRules.advise(f)
        XCTAssertEqual(advice.count, 1, "\(advice)")
        XCTAssertTrue(advice[0].verdict.hasSuffix("; its leftovers show as drift"))
        XCTAssertNil(DriftRule().advise(f, in: ProjectFacts(environments: [f])))
    }

    // MARK: - Pending

    func testAdvise_ThreeBehind_InfoWithDeployCommand() {
        let f = facts(local: [initM, posts, roles, audit], history: [initApplied()])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)),
                       [Advice(.info, "staging is 3 migrations behind", command: "deploy staging")])
    }

    func testAdvise_OneBehind_Singular() {
        let f = facts(local: [initM, posts], history: [initApplied()])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)).first?.verdict, "staging is 1 migration behind")
    }

    func testAdvise_NoHistoryTable_AllBehind() {
        let f = facts(local: [initM, posts], history: nil)
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)),
                       [Advice(.info, "staging is 2 migrations behind", command: "deploy staging")])
    }

    /// promote_from could not be read: deploying this one is still right (its deploy gate compares again), and
    /// the advice says what was not checked.
    func testAdvise_BehindWithPromoteFromUnread_DeploysThisOne_SaysSourceWasNotRead() throws {
        let f = facts(local: [initM, posts, roles, audit], history: [initApplied()], promoteFrom: "dev")
        let first = try XCTUnwrap(AdviceRules.advise(f).first)
        XCTAssertEqual(first.command, "deploy staging")
        XCTAssertEqual(first.hint, "dev could not be read: make sure it has these first")
    }

    /// After `resolve` in production the advice said "deploy staging (first)" although staging was current.
    func testAdvise_BehindWithPromoteFromAlreadyCurrent_DeploysThisOneOnly() throws {
        var f = facts(local: [initM, posts, roles, audit], history: [initApplied()], promoteFrom: "dev")
        let source = HistoryReconciliation.reconcile(local: [initM, posts, roles, audit], history: [
            initApplied(), P.applied(posts, id: 2, at: "2024-02-01T08:00:00.000Z"),
            P.applied(roles, id: 3, at: "2024-02-02T08:00:00.000Z"), P.applied(audit, id: 4, at: "2024-02-03T08:00:00.000Z"),
        ])
        f.compare(withSource: source)
        XCTAssertEqual(f.promoteFromBehind, [])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)).first?.next, "evermed-ops deploy staging")
        let behind = HistoryReconciliation.reconcile(local: [initM, posts, roles, audit], history: [initApplied()])
        f.compare(withSource: behind)
        XCTAssertEqual(f.promoteFromBehind?.count, 3)
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)).first?.next, "evermed-ops deploy dev   (first; then evermed-ops deploy staging)")
    }

    func testAdvise_PendingOutOfOrder_NamedInVerdict() {
        let f = facts(local: [initM, posts, roles], history: [
            initApplied(), P.applied(roles, id: 3, at: "2024-02-02T08:10:00.000Z"),
        ])
        let advice = AdviceRules.advise(f)
        XCTAssertEqual(advice.map(\.rule), ["out_of_order", "pending"])
        XCTAssertEqual(advice.first?.verdict, "staging: \(P.postsName) is older than migrations it already applied (out of order); "
                        + "a deploy applies it after those")
        XCTAssertEqual(advice.last?.command, "deploy staging")
    }

    func testAdvise_RolledBackWithLocalFile_CountsAsToApply() {
        let rolledBack = P.rolledBack(P.failed(P.rolesName, checksum: roles.checksum, id: 3,
                                               at: "2024-02-02T08:10:00.000Z"), at: "2024-02-02T09:00:00.000Z")
        let f = facts(local: [initM, roles], history: [initApplied(), rolledBack])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)),
                       [Advice(.info, "staging is 1 migration behind", command: "deploy staging")])
        XCTAssertFalse(f.inSync)
    }

    func testAdvise_RolledBackWithoutLocalFile_InSync() {
        let rolledBack = P.rolledBack(P.failed(P.rolesName, checksum: roles.checksum, id: 3,
                                               at: "2024-02-02T08:10:00.000Z"), at: "2024-02-02T09:00:00.000Z")
        let f = facts(local: [initM], history: [initApplied(), rolledBack], drift: [])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)).map(\.severity), [.ok])
        XCTAssertTrue(f.inSync)
    }

    // MARK: - Drift, in sync

    func testAdvise_DriftOnly_WarningWithDiffCommand() throws {
        let f = facts(local: [initM, posts], history: [
            initApplied(), P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z"),
        ], drift: columnDrift + [SchemaChange(kind: .index, name: "public.User.User_name_idx", change: .missing)])
        let advice = AdviceRules.advise(f)
        XCTAssertEqual(advice.count, 1, "\(advice)")
        XCTAssertEqual(advice[0].severity, .warning)
        XCTAssertEqual(advice[0].verdict, "staging has drifted: 2 differences from its migration history")
        XCTAssertEqual(advice[0].next?.hasPrefix("evermed-ops fix staging"), true)
        XCTAssertFalse(f.inSync)
    }

    func testAdvise_InSyncWithDriftChecked_Ok() {
        let f = facts(local: [initM, posts], history: [
            initApplied(), P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z"),
        ], drift: [])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)), [Advice(.ok, "staging is in sync (2 migrations applied, no drift)")])
        XCTAssertTrue(f.inSync)
    }

    func testAdvise_UpToDateWithoutDriftCheck_OkWithoutDriftClaim() {
        let f = facts(local: [initM], history: [initApplied()], drift: nil)
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)), [Advice(.ok, "staging is up to date (1 migration applied)")])
    }

    // MARK: - Unreachable, missing locally, modified

    func testAdvise_Unreachable_BlockingWithError() {
        let error = "connection to server at \"db.example.com\" (10.0.0.5), port 5432 failed: Connection refused"
        let f = EnvironmentFacts(name: "prod", error: error, isProtected: true)
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)), [Advice(.blocking, "prod could not be checked: \(error)")])
        XCTAssertFalse(f.inSync)
    }

    func testAdvise_MissingLocally_WarningWithGitPull() {
        let f = facts(local: [initM], history: [initApplied(), P.applied(audit, id: 4, at: "2024-02-19T17:05:00.000Z")])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)), [
            Advice(.warning, "staging has 1 migration not in the local folder: \(P.auditName)",
                   hint: "git pull (or check out the branch that added it)"),
        ])
    }

    func testAdvise_ManyMissingLocally_ListsThreeAndCount() {
        let extra = (1...5).map { P.local("2024030\($0)000000_hotfix_\($0)") }
        let rows = extra.enumerated().map { P.applied($1, id: 10 + $0, at: "2024-03-0\($0 + 1)T00:00:00.000Z") }
        let advice = AdviceRules.advise(facts(local: [], history: rows))
        XCTAssertEqual(advice.first?.verdict,
                       "staging has 5 migrations not in the local folder: 20240301000000_hotfix_1, "
                           + "20240302000000_hotfix_2, 20240303000000_hotfix_3 and 2 more")
        XCTAssertEqual(advice.first?.next, "git pull (or check out the branch that added them)")
    }

    func testAdvise_ModifiedMigration_Warning() {
        let edited = P.local(P.initName, sql: "-- edited\nSELECT 1;\n")
        let f = facts(local: [edited], history: [initApplied()])
        let advice = AdviceRules.advise(f)
        XCTAssertEqual(advice.map(\.severity), [.warning])
        XCTAssertEqual(advice.first?.verdict, "1 applied migration changed locally since staging applied it: \(P.initName)")
    }

    func testAdvise_SeveralFindings_MostSevereFirst() {
        // Missing locally (warning) and pending (info) at once.
        let f = facts(local: [initM, posts], history: [
            initApplied(), P.applied(audit, id: 4, at: "2024-02-19T17:05:00.000Z"),
        ])
        XCTAssertEqual(AdviceRules.advise(f).map(\.rule), ["missing_locally", "out_of_order", "pending"])
        XCTAssertEqual(Self.plain(AdviceRules.advise(f)).map(\.severity), [.warning, .warning, .info])
    }
}
