import XCTest
@testable import OpsCore

final class GateEvaluatorTests: XCTestCase {
    typealias P = PrismaHistory
    let initM = P.local(P.initName), posts = P.local(P.postsName)

    func facts(_ name: String, local: [LocalMigration], applied: [LocalMigration], drift: [SchemaChange]? = [],
               failed: LocalMigration? = nil) -> EnvironmentFacts {
        var rows = applied.enumerated().map { P.applied($1, id: $0 + 1, at: "2024-01-0\($0 + 1)T09:00:00.000Z") }
        if let failed { rows.append(P.failed(failed.name, checksum: failed.checksum, id: 9, at: "2024-02-01T08:00:00.000Z")) }
        return EnvironmentFacts(name: name, reconciliation: .reconcile(local: local, history: rows), drift: drift)
    }

    func evaluator(_ envs: [EnvironmentFacts], git: GitFacts? = nil) -> GateEvaluator {
        GateEvaluator(environments: Dictionary(uniqueKeysWithValues: envs.map { ($0.name, $0) }),
                      environmentNames: envs.map(\.name), latestMigration: P.postsName, git: git,
                      migrationsPath: "db/migrations")
    }

    func testEnvironmentConditions() {
        let local = facts("local", local: [initM, posts], applied: [initM, posts])
        let staging = facts("staging", local: [initM, posts], applied: [initM])
        let drifted = facts("prod", local: [initM, posts], applied: [initM, posts],
                            drift: [SchemaChange(kind: .table, name: "public.x", change: .unexpected)])
        let failing = facts("broken", local: [initM, posts], applied: [initM], failed: posts)
        let e = evaluator([local, staging, drifted, failing])
        func holds(_ text: String) -> Bool { e.evaluate(try! GateCondition.parse(text).get()).holds }
        XCTAssertTrue(holds("local in_sync"))
        XCTAssertTrue(holds("local up_to_date"))
        XCTAssertTrue(holds("local applied latest"))
        XCTAssertTrue(holds("local applied 20240115"))
        XCTAssertFalse(holds("local pending"))
        XCTAssertFalse(holds("staging in_sync"))
        XCTAssertFalse(holds("staging up_to_date"))
        XCTAssertTrue(holds("staging pending"))
        XCTAssertFalse(holds("staging applied latest"))
        XCTAssertTrue(holds("staging no_drift"))
        XCTAssertTrue(holds("prod up_to_date"))
        XCTAssertFalse(holds("prod no_drift"))
        XCTAssertFalse(holds("prod in_sync"))
        XCTAssertFalse(holds("broken up_to_date"))
        XCTAssertFalse(holds("all up_to_date"))
        XCTAssertFalse(holds("nowhere in_sync"))
        XCTAssertTrue(evaluator([local]).evaluate(.environment("all", .inSync)).holds)
    }

    func testFailing_SaysWhatAndWhatToType() {
        let staging = facts("staging", local: [initM, posts], applied: [initM])
        let o = evaluator([staging]).evaluate(.environment("staging", .upToDate))
        XCTAssertFalse(o.holds)
        XCTAssertEqual(o.detail, "staging is not up to date (1 migration pending)")
        XCTAssertEqual(o.command, "deploy staging")
        let failing = facts("prod", local: [initM, posts], applied: [initM], failed: posts)
        let f = evaluator([failing]).evaluate(.environment("prod", .inSync))
        XCTAssertTrue(f.detail.contains("failed: \(P.postsName)"), f.detail)
        XCTAssertEqual(f.command, "resolve prod \(P.postsName) --rolled-back")
        let unknown = evaluator([staging]).evaluate(.environment("stagin", .inSync))
        XCTAssertTrue(unknown.detail.contains("no environment stagin in the config (known: staging)"), unknown.detail)
        let notChecked = evaluator([facts("s", local: [initM], applied: [initM], drift: nil)]).evaluate(.environment("s", .noDrift))
        XCTAssertFalse(notChecked.holds, "drift that was not computed never passes a gate")
    }

    func testGitConditions() {
        let clean = GitFacts(branch: "main", upstream: "origin/main", changes: ["": []])
        XCTAssertTrue(evaluator([], git: clean).evaluate(.gitClean(path: nil)).holds)
        XCTAssertTrue(evaluator([], git: clean).evaluate(.gitPushed).holds)
        let dirty = GitFacts(branch: "main", upstream: "origin/main", ahead: 2, changes: ["": ["?? db/migrations/2025_x/"],
                                                                                           "prisma": [" M prisma/schema.prisma"]])
        let d = evaluator([], git: dirty).evaluate(.gitClean(path: nil))
        XCTAssertFalse(d.holds)
        XCTAssertTrue(d.detail.contains("1 uncommitted file under db/migrations"), d.detail)
        XCTAssertFalse(evaluator([], git: dirty).evaluate(.gitClean(path: "prisma")).holds)
        let ahead = evaluator([], git: dirty).evaluate(.gitPushed)
        XCTAssertFalse(ahead.holds)
        XCTAssertTrue(ahead.detail.contains("2 commits ahead of origin/main"), ahead.detail)
        XCTAssertFalse(evaluator([], git: GitFacts(branch: "topic")).evaluate(.gitPushed).holds, "no upstream: not pushed")
        let none = evaluator([], git: GitFacts(unavailable: "the project is not in a git repository"))
        XCTAssertEqual(none.evaluate(.gitClean(path: nil)).detail, "the project is not in a git repository")
    }

    func testParse_CanonicalTextRoundTrips() throws {
        for text in ["staging in_sync", "local up_to_date", "prod no_drift", "all pending", "local applied latest",
                     "git clean migrations", "git clean prisma/schema.prisma", "git pushed"] {
            XCTAssertEqual(try GateCondition.parse(text).get().description, text)
        }
        XCTAssertEqual(try GateCondition.parse("git clean").get(), .gitClean(path: nil))
        for bad in ["", "staging", "staging synced", "staging applied", "git", "git push", "git clean a b"] {
            XCTAssertThrowsError(try GateCondition.parse(bad).get(), bad)
        }
    }
}
