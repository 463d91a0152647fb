import XCTest
@testable import OpsCore

final class HistoryReconciliationTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName)
    let posts = P.local(P.postsName)
    let roles = P.local(P.rolesName)
    let audit = P.local(P.auditName)

    private func reconcile(_ local: [LocalMigration], _ rows: [MigrationRecord]?) -> HistoryReconciliation {
        HistoryReconciliation.reconcile(local: local, history: rows)
    }

    // MARK: - One state each

    func testReconcile_AllRowsApplied_AppliedAndInSync() {
        let r = reconcile([initM, posts], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z"),
        ])
        XCTAssertEqual(r.entries.map(\.state), [.applied, .applied])
        XCTAssertEqual(r.entries.first?.record?.id, P.uuid(1))
        XCTAssertTrue(r.hasHistoryTable)
        XCTAssertTrue(r.historyInSync)
        XCTAssertEqual(r.toApply, [])
    }

    func testReconcile_LocalWithoutRow_Pending() {
        let r = reconcile([initM, posts], [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z")])
        XCTAssertEqual(r.state(of: P.postsName), .pending)
        XCTAssertNil(r.entries[1].record)
        XCTAssertTrue(r.entries[1].isLocal)
        XCTAssertEqual(r.toApply, [P.postsName])
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_UnfinishedRow_FailedWithItsLogs() {
        let row = P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z")
        let r = reconcile([initM, roles], [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"), row])
        XCTAssertEqual(r.state(of: P.rolesName), .failed)
        XCTAssertEqual(r.names(.failed), [P.rolesName])
        XCTAssertEqual(r.entries[1].record, row)
        XCTAssertEqual(r.entries[1].record?.appliedStepsCount, 0)
        XCTAssertTrue(r.entries[1].record?.logs?.contains("42P07") ?? false)
        XCTAssertEqual(r.toApply, [], "a failed migration blocks deploy; it is not re-applied")
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_RolledBackRowWithLocalFile_RolledBackAndToApply() {
        let failed = P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z")
        let r = reconcile([initM, roles], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.rolledBack(failed, at: "2024-02-02T09:00:00.000Z"),
        ])
        XCTAssertEqual(r.state(of: P.rolesName), .rolledBack)
        XCTAssertTrue(r.entries[1].isLocal)
        XCTAssertEqual(r.toApply, [P.rolesName])
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_RolledBackRowWithoutLocalFile_SettledNotToApply() {
        let failed = P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z")
        let r = reconcile([initM], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.rolledBack(failed, at: "2024-02-02T09:00:00.000Z"),
        ])
        XCTAssertEqual(r.state(of: P.rolesName), .rolledBack)
        XCTAssertFalse(r.entries[1].isLocal)
        XCTAssertEqual(r.toApply, [])
        XCTAssertTrue(r.historyInSync)
    }

    func testReconcile_ChecksumDiffers_Modified() {
        let edited = P.local(P.postsName, sql: "-- edited after deploy\nALTER TABLE \"posts\" ADD COLUMN \"x\" INT;\n")
        let r = reconcile([initM, edited], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z"),   // the checksum of the original file
        ])
        XCTAssertEqual(r.state(of: P.postsName), .modified)
        XCTAssertEqual(r.names(.modified), [P.postsName])
        XCTAssertEqual(r.toApply, [])
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_CRLFCheckoutOfLFAppliedFile_Applied() {
        let crlf = P.local(P.postsName, crlf: true)
        XCTAssertNotEqual(crlf.checksum, posts.checksum)
        let r = reconcile([initM, crlf], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z"),
        ])
        XCTAssertEqual(r.state(of: P.postsName), .applied)
    }

    func testReconcile_UppercaseStoredChecksum_Applied() {
        let r = reconcile([initM], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z", checksum: initM.checksum.uppercased()),
        ])
        XCTAssertEqual(r.state(of: P.initName), .applied)
    }

    func testReconcile_AppliedRowWithoutLocalFile_MissingLocally() {
        let r = reconcile([initM], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(audit, id: 4, at: "2024-02-19T17:05:00.000Z"),
        ])
        XCTAssertEqual(r.state(of: P.auditName), .missingLocally)
        XCTAssertEqual(r.names(.missingLocally), [P.auditName])
        XCTAssertFalse(r.entries[1].isLocal)
        XCTAssertEqual(r.entries[1].record?.id, P.uuid(4))
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_FailedRowWithoutLocalFile_FailedNotMissingLocally() {
        let r = reconcile([initM], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.failed(P.auditName, checksum: audit.checksum, id: 4, at: "2024-02-19T17:05:00.000Z"),
        ])
        XCTAssertEqual(r.state(of: P.auditName), .failed)
        XCTAssertFalse(r.entries[1].isLocal)
        XCTAssertEqual(r.names(.missingLocally), [])
    }

    // MARK: - Several rows for one name

    func testReconcile_RolledBackThenReapplied_Applied() {
        let firstTry = P.rolledBack(P.failed(P.rolesName, checksum: roles.checksum, id: 3,
                                             at: "2024-02-02T08:10:00.000Z"), at: "2024-02-02T09:00:00.000Z")
        let retry = P.applied(roles, id: 5, at: "2024-02-02T09:30:00.000Z")
        for rows in [[firstTry, retry], [retry, firstTry]] {
            let r = reconcile([roles], rows)
            XCTAssertEqual(r.state(of: P.rolesName), .applied)
            XCTAssertEqual(r.entries[0].record?.id, P.uuid(5), "the applied row decides the state")
            XCTAssertEqual(r.toApply, [])
            XCTAssertTrue(r.historyInSync)
            XCTAssertEqual(r.appliedInRunOrder, [P.rolesName])
        }
    }

    func testReconcile_FailedThenRolledBackThenReapplied_WalksPrismaLifecycle() {
        let base = [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z")]
        let failedRow = P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z")
        let local = [initM, roles, audit]

        // 1. The deploy failed: blocked, nothing to apply until resolved.
        var r = reconcile(local, base + [failedRow])
        XCTAssertEqual(r.state(of: P.rolesName), .failed)
        XCTAssertEqual(r.state(of: P.auditName), .pending)
        XCTAssertEqual(r.toApply, [P.auditName])

        // 2. `migrate resolve --rolled-back`: the migration goes back into the queue, ahead of the later one.
        let resolved = P.rolledBack(failedRow, at: "2024-02-02T09:00:00.000Z")
        r = reconcile(local, base + [resolved])
        XCTAssertEqual(r.state(of: P.rolesName), .rolledBack)
        XCTAssertEqual(r.toApply, [P.rolesName, P.auditName])
        XCTAssertFalse(r.historyInSync)

        // 3. Deployed again: both new rows applied, history in sync.
        r = reconcile(local, base + [resolved, P.applied(roles, id: 6, at: "2024-02-02T09:30:00.000Z"),
                                     P.applied(audit, id: 7, at: "2024-02-02T09:30:01.000Z")])
        XCTAssertEqual(r.entries.map(\.state), [.applied, .applied, .applied])
        XCTAssertTrue(r.historyInSync)
    }

    func testReconcile_RolledBackThenFailedAgain_Failed() {
        let first = P.rolledBack(P.failed(P.rolesName, checksum: roles.checksum, id: 3,
                                          at: "2024-02-02T08:10:00.000Z"), at: "2024-02-02T09:00:00.000Z")
        let second = P.failed(P.rolesName, checksum: roles.checksum, id: 5, at: "2024-02-02T09:30:00.000Z")
        let r = reconcile([roles], [first, second])
        XCTAssertEqual(r.state(of: P.rolesName), .failed)
        XCTAssertEqual(r.entries[0].record?.id, P.uuid(5))
    }

    // MARK: - No history table

    func testReconcile_NilHistory_AllPendingNoHistoryTable() {
        let r = reconcile([posts, initM], nil)
        XCTAssertFalse(r.hasHistoryTable)
        XCTAssertEqual(r.entries.map(\.name), [P.initName, P.postsName])
        XCTAssertEqual(r.entries.map(\.state), [.pending, .pending])
        XCTAssertEqual(r.toApply, [P.initName, P.postsName])
        XCTAssertEqual(r.appliedInRunOrder, [])
        XCTAssertEqual(r.outOfOrder, [])
        XCTAssertFalse(r.historyInSync)
    }

    func testReconcile_EmptyHistory_HasHistoryTable() {
        let r = reconcile([initM], [])
        XCTAssertTrue(r.hasHistoryTable)
        XCTAssertEqual(r.state(of: P.initName), .pending)
    }

    // MARK: - Ordering

    func testReconcile_PendingOlderThanNewestApplied_OutOfOrder() {
        // add_roles was deployed from a hotfix branch before add_posts reached this environment.
        let r = reconcile([audit, roles, posts, initM], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(roles, id: 3, at: "2024-02-02T08:10:00.000Z"),
        ])
        XCTAssertEqual(r.names(.pending), [P.postsName, P.auditName])
        XCTAssertEqual(r.outOfOrder, [P.postsName])
        XCTAssertEqual(r.toApply, [P.postsName, P.auditName])
    }

    func testReconcile_PendingAfterNewestApplied_NotOutOfOrder() {
        let r = reconcile([initM, posts, roles], [P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z")])
        XCTAssertEqual(r.outOfOrder, [])
    }

    func testReconcile_NewestAppliedMissingLocally_StillMarksOlderPendingOutOfOrder() {
        let r = reconcile([initM, posts], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.applied(audit, id: 4, at: "2024-02-19T17:05:00.000Z"),
        ])
        XCTAssertEqual(r.outOfOrder, [P.postsName])
    }

    func testReconcile_NewestRowFailed_DoesNotMarkOlderPendingOutOfOrder() {
        let r = reconcile([initM, posts, roles], [
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.failed(P.rolesName, checksum: roles.checksum, id: 3, at: "2024-02-02T08:10:00.000Z"),
        ])
        XCTAssertEqual(r.outOfOrder, [])
    }

    func testReconcile_AppliedInRunOrder_SortsByStartedAtNotName() {
        let retry = P.applied(posts, id: 6, at: "2024-02-03T10:00:00.000Z")
        let r = reconcile([initM, posts, roles, audit], [
            retry,
            P.applied(roles, id: 3, at: "2024-02-02T08:10:00.000Z"),
            P.rolledBack(P.failed(P.postsName, checksum: posts.checksum, id: 2, at: "2024-01-15T14:20:44.000Z"),
                         at: "2024-01-15T15:00:00.000Z"),
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
            P.failed(P.auditName, checksum: audit.checksum, id: 7, at: "2024-02-19T17:05:00.000Z"),
        ])
        // Failed and rolled-back rows never ran to completion: not replayed.
        XCTAssertEqual(r.appliedInRunOrder, [P.initName, P.rolesName, P.postsName])
    }

    func testReconcile_AppliedInRunOrder_SameStartTimeBreaksTieByName() {
        let at = "2024-01-08T09:31:02.000Z"
        let r = reconcile([initM, posts], [P.applied(posts, id: 2, at: at), P.applied(initM, id: 1, at: at)])
        XCTAssertEqual(r.appliedInRunOrder, [P.initName, P.postsName])
    }

    func testReconcile_AppliedInRunOrder_IncludesMissingLocally() {
        let r = reconcile([initM], [
            P.applied(audit, id: 4, at: "2024-01-01T00:00:00.000Z"),
            P.applied(initM, id: 1, at: "2024-01-08T09:31:02.000Z"),
        ])
        XCTAssertEqual(r.appliedInRunOrder, [P.auditName, P.initName])
    }

    func testReconcile_EntriesInNameOrder_WhateverTheInputOrder() {
        let r = reconcile([audit, initM, roles], [P.applied(posts, id: 2, at: "2024-01-15T14:20:44.000Z")])
        XCTAssertEqual(r.entries.map(\.name), [P.initName, P.postsName, P.rolesName, P.auditName])
    }

    func testState_UnknownName_Nil() {
        XCTAssertNil(reconcile([initM], nil).state(of: "20990101000000_nope"))
    }

    func testHistoryInSync_NoMigrationsAnywhere_True() {
        XCTAssertTrue(reconcile([], []).historyInSync)
    }
}
