import XCTest
@testable import OpsCore

final class DeployGatesTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName), posts = P.local(P.postsName), roles = P.local(P.rolesName)
    var folder: [LocalMigration] { [initM, posts, roles] }
    let drift = [SchemaChange(kind: .table, name: "public.personal_models", change: .unexpected),
                 SchemaChange(kind: .column, name: "public.users.email", change: .changed, field: "type",
                              expected: "text", actual: "character varying(255)"),
                 SchemaChange(kind: .index, name: "public.users.users_email_idx", change: .missing),
                 SchemaChange(kind: .trigger, name: "public.users.t", change: .missing)]

    func applied(_ m: LocalMigration, _ n: Int, checksum: String? = nil) -> MigrationRecord {
        P.applied(m, id: n, at: "2024-01-0\(n)T09:31:02.000Z", checksum: checksum)
    }

    func facts(_ name: String, _ history: [MigrationRecord], local: [LocalMigration]? = nil, drift: [SchemaChange]? = [],
               promoteFrom: String? = nil) -> EnvironmentFacts {
        EnvironmentFacts(name: name, reconciliation: .reconcile(local: local ?? folder, history: history), drift: drift,
                         promoteFrom: promoteFrom)
    }

    func input(_ target: EnvironmentFacts, source: EnvironmentFacts? = nil, allowDrift: Bool = false) -> GateInput {
        let plan = DeployPlan.make(environment: target.name, reconciliation: target.reconciliation!, folder: folder)
        return GateInput(target: target, promoteFrom: source, plan: plan, allowDrift: allowDrift, folder: folder)
    }

    // MARK: - Each gate

    func testGates_Clean_Passes() {
        XCTAssertNil(DeployGates.evaluate(input(facts("staging", [applied(initM, 1)]))))
    }

    func testGates_FailedMigration_RefusesWithNameStartAndResolve() throws {
        let failed = P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2025-09-25T09:31:02.000Z")
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(facts("production", [applied(initM, 1), failed]))))
        XCTAssertEqual(refusal.gate, .failedMigrations)
        XCTAssertEqual(refusal.message, "production has a failed migration \(P.postsName) (started 2025-09-25 09:31:02 UTC: "
                       + "ERROR: relation \"Role\" already exists): new migrations will not be applied until it is resolved.")
        XCTAssertEqual(refusal.fix, "evermed-ops check production, then evermed-ops resolve production \(P.postsName) "
                       + "--rolled-back (or --applied if it completed)")
        // Cleared: resolved as rolled back → it is re-applied, nothing refuses.
        let cleared = facts("production", [applied(initM, 1), P.rolledBack(failed, at: "2025-09-26T00:00:00.000Z")])
        XCTAssertNil(DeployGates.evaluate(input(cleared)))
    }

    func testGates_FailedMigration_RefusesEvenWithNothingToApply() {
        let failed = P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2025-09-25T09:31:02.000Z")
        let f = facts("production", [applied(initM, 1), failed], local: [initM, posts])
        let plan = DeployPlan.make(environment: "production", reconciliation: f.reconciliation!, folder: [initM, posts])
        XCTAssertTrue(plan.isEmpty)
        XCTAssertEqual(DeployGates.evaluate(GateInput(target: f, plan: plan))?.gate, .failedMigrations)
    }

    func testGates_Modified_ListsFilesAndCheckoutFix() throws {
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(facts("staging", [applied(initM, 1, checksum: String(repeating: "0", count: 64))]))))
        XCTAssertEqual(refusal.gate, .modified)
        XCTAssertTrue(refusal.message.hasPrefix("1 migration applied to staging changed locally since: \(P.initName)."), refusal.message)
        XCTAssertEqual(refusal.fix, "git checkout -- prisma/migrations/\(P.initName)/migration.sql, and put the changes in a new migration")
        XCTAssertNil(DeployGates.evaluate(input(facts("staging", [applied(initM, 1)]))))
    }

    func testGates_MissingLocally_NamesThemAndPull() throws {
        let other = P.local("20240105000000_other_branch")
        let f = facts("staging", [applied(initM, 1), applied(other, 2)])
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(f)))
        XCTAssertEqual(refusal.gate, .missingLocally)
        XCTAssertTrue(refusal.message.contains("20240105000000_other_branch"), refusal.message)
        XCTAssertEqual(refusal.fix, "git pull (or check out the branch that has 20240105000000_other_branch)")
    }

    func testGates_Drift_RefusesWithFirstThreeUnlessAllowed() throws {
        let f = facts("staging", [applied(initM, 1)], drift: drift)
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(f)))
        XCTAssertEqual(refusal.gate, .drift)
        XCTAssertEqual(refusal.message, "staging's live schema differs from its migration history (4 differences: "
                       + "table public.personal_models unexpected, column public.users.email changed (type: text → "
                       + "character varying(255)), index public.users.users_email_idx missing and 1 more).")
        XCTAssertEqual(refusal.fix, "evermed-ops fix staging (it writes the migration that reconciles them; "
                       + "evermed-ops diff staging migrations shows them), or deploy with --allow-drift")
        XCTAssertNil(DeployGates.evaluate(input(f, allowDrift: true)))
        XCTAssertNil(DeployGates.evaluate(input(facts("staging", [applied(initM, 1)], drift: []))))
    }

    func testGates_DriftNotComputed_FailsClosed() {
        let f = facts("staging", [applied(initM, 1)], drift: nil)
        XCTAssertEqual(DeployGates.evaluate(input(f))?.fix, "evermed-ops check staging")
        XCTAssertNil(DeployGates.evaluate(input(f, allowDrift: true)))
    }

    func testGates_PromoteFromBehind_DeployStagingFirst() throws {
        let target = facts("production", [applied(initM, 1)], promoteFrom: "staging")
        let staging = facts("staging", [applied(initM, 1), applied(posts, 2)])
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(target, source: staging)))
        XCTAssertEqual(refusal.gate, .promoteFromBehind)
        XCTAssertEqual(refusal.message, "Deploy to staging first: \(P.rolesName) (pending) is not applied there; "
                       + "production only gets migrations staging has run.")
        XCTAssertEqual(refusal.fix, "evermed-ops deploy staging")
        let caughtUp = facts("staging", [applied(initM, 1), applied(posts, 2), applied(roles, 3)])
        XCTAssertNil(DeployGates.evaluate(input(target, source: caughtUp)))
    }

    func testGates_PromoteFrom_FailedThereCountsAsNotApplied() throws {
        let target = facts("production", [applied(initM, 1)], promoteFrom: "staging")
        let staging = facts("staging", [applied(initM, 1), applied(posts, 2),
                                        P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-01-03T00:00:00.000Z")])
        let refusal = try XCTUnwrap(DeployGates.evaluate(input(target, source: staging)))
        XCTAssertTrue(refusal.message.contains("\(P.rolesName) (failed)"), refusal.message)
    }

    func testGates_PromoteFrom_DriftedOrUnreachableOrUnread_Refuses() throws {
        let target = facts("production", [applied(initM, 1)], promoteFrom: "staging")
        let all = [applied(initM, 1), applied(posts, 2), applied(roles, 3)]
        let drifted = try XCTUnwrap(DeployGates.evaluate(input(target, source: facts("staging", all, drift: drift))))
        XCTAssertEqual(drifted.gate, .promoteFromBehind)
        XCTAssertTrue(drifted.message.hasPrefix("staging's live schema differs from its migration history (4 differences"))
        let down = EnvironmentFacts(name: "staging", error: "Cannot connect to staging (db:5432/app): timeout")
        let unreachable = try XCTUnwrap(DeployGates.evaluate(input(target, source: down)))
        XCTAssertTrue(unreachable.message.hasSuffix("staging could not be read: Cannot connect to staging (db:5432/app): timeout"))
        XCTAssertEqual(unreachable.fix, "evermed-ops check staging")
        XCTAssertEqual(DeployGates.evaluate(input(target))?.gate, .promoteFromBehind)
    }

    func testGates_UnreadableTarget_FailsClosed() {
        let down = EnvironmentFacts(name: "production", error: "timeout")
        let refusal = DeployGates.evaluate(GateInput(target: down, plan: DeployPlan(environment: "production", migrations: [])))
        XCTAssertEqual(refusal?.fix, "evermed-ops check production")
    }

    func testGates_EmptyPlan_NotARefusal() {
        let f = facts("production", [applied(initM, 1), applied(posts, 2), applied(roles, 3)], drift: drift, promoteFrom: "staging")
        XCTAssertNil(DeployGates.evaluate(input(f)))
    }

    // MARK: - Precedence

    func testGates_Precedence_FailedModifiedMissingDriftPromote() {
        let other = P.local("20240105000000_other_branch")
        let failed = P.failed(P.rolesName, checksum: roles.checksum, id: 9, at: "2024-01-09T00:00:00.000Z")
        let behind = facts("staging", [applied(initM, 1)])
        var history = [applied(initM, 1, checksum: String(repeating: "0", count: 64)), applied(other, 2), failed]
        var seen: [Gate] = []
        loop: for _ in 0..<5 {
            let f = facts("production", history, local: [initM, posts, roles], drift: drift, promoteFrom: "staging")
            guard let refusal = DeployGates.evaluate(input(f, source: behind)) else { break }
            seen.append(refusal.gate)
            switch refusal.gate {   // clear the cause, as the fix says
            case .failedMigrations: history.removeLast()
            case .modified: history[0] = applied(initM, 1)
            case .missingLocally: history.remove(at: 1)
            case .drift:
                let clean = facts("production", history, local: [initM, posts, roles], drift: [], promoteFrom: "staging")
                XCTAssertEqual(DeployGates.evaluate(input(clean, source: behind))?.gate, .promoteFromBehind)
                break loop
            default: break
            }
        }
        XCTAssertEqual(seen, [.failedMigrations, .modified, .missingLocally, .drift])
    }

    func testGate_RawValues() {
        XCTAssertEqual(Gate.allCases.map(\.rawValue), ["failed_migrations", "modified", "missing_locally", "drift",
                                                       "promote_from_behind", "hazards", "backup", "lock", "confirmation"])
    }

    /// Lint errors in the plan refuse a protected environment only, and only until accepted.
    func testGates_Hazards_ProtectedRefusesErrorsUntilAccepted() throws {
        var target = facts("production", [applied(initM, 1)])
        target.isProtected = true
        var gates = input(target)
        let error = LintFinding(migration: P.postsName, line: 3, rule: .notNullWithoutDefault, severity: .error,
                                message: "ADD COLUMN public.posts.x NOT NULL without a DEFAULT fails", suggestion: "add a DEFAULT")
        let warning = LintFinding(migration: P.postsName, line: 4, rule: .renameColumn, severity: .warning, message: "m",
                                  suggestion: "s")
        gates.plan.hazards = [warning]
        XCTAssertNil(DeployGates.evaluate(gates), "warnings never refuse")
        gates.plan.hazards = [warning, error]
        let refusal = try XCTUnwrap(DeployGates.evaluate(gates))
        XCTAssertEqual(refusal.gate, .hazards)
        XCTAssertEqual(refusal.message, "lint found 1 error in what production would get: not_null_without_default in "
                       + "\(P.postsName) line 3. ADD COLUMN public.posts.x NOT NULL without a DEFAULT fails.")
        XCTAssertEqual(refusal.fix, "evermed-ops lint --pending production (each finding says the safer way); to deploy "
                       + "them as they are, add --accept-hazards (audited)")
        gates.acceptHazards = true
        XCTAssertNil(DeployGates.evaluate(gates))
        target.isProtected = false
        gates = input(target)
        gates.plan.hazards = [error]
        XCTAssertNil(DeployGates.evaluate(gates), "an unprotected environment shows them in the plan and applies")
    }
}
