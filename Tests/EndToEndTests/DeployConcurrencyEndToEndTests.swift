import Foundation
import XCTest

/// Deploys that die (kill -9 at random points) or race each other: `_prisma_migrations` and the schema
/// always agree, the advisory lock never outlives its holder, and each migration is applied exactly once.
final class DeployConcurrencyEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// `count` transactional migrations, each a table of `rows` rows and an index: enough work that a
    /// deploy takes a while.
    static func workMigrations(_ count: Int, rows: Int) -> [(String, String)] {
        (1...count).map { i in
            let n = String(format: "%02d", i)
            return (String(format: "202501010000%02d_step_%@", i, n), """
                -- CreateTable
                CREATE TABLE "t_\(n)" ("id" integer PRIMARY KEY, "v" text NOT NULL);
                INSERT INTO "t_\(n)" SELECT g, md5(g::text) FROM generate_series(1, \(rows)) g;
                -- CreateIndex
                CREATE INDEX "t_\(n)_v_idx" ON "t_\(n)" ("v");

                """)
        }
    }

    /// Relations in `public` (tables and indexes).
    func relations(_ db: String) throws -> Set<String> {
        Set(try S.psql(db, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace")
            .split(separator: "\n").map(String.init))
    }

    /// For every migration: its objects exist with all their rows AND it has exactly one finished row, or
    /// neither its objects nor any row exist. Returns the names that are applied.
    @discardableResult
    func assertAllOrNothing(_ db: String, _ migrations: [(String, String)], rows: Int, _ context: String,
                            file: StaticString = #filePath, line: UInt = #line) throws -> Set<String> {
        let history = try S.historyRows(db)
        let relations = try relations(db)
        var applied: Set<String> = []
        for (i, (name, _)) in migrations.enumerated() {
            let n = String(format: "%02d", i + 1)
            let table = relations.contains("t_\(n)"), index = relations.contains("t_\(n)_v_idx")
            let mine = history.filter { $0.name == name }
            XCTAssertEqual(table, index, "\(context): t_\(n) and its index exist together", file: file, line: line)
            if table {
                XCTAssertEqual(mine.count, 1, "\(context): \(name)'s objects exist, so it has one row: \(mine)", file: file, line: line)
                XCTAssertTrue(mine.allSatisfy { $0.finished && !$0.rolledBack }, "\(context): \(name): \(mine)", file: file, line: line)
                applied.insert(name)
            } else {
                XCTAssertEqual(mine.count, 0, "\(context): \(name) has no objects, so no row: \(mine)", file: file, line: line)
            }
        }
        if !applied.isEmpty {
            let counts = try S.psql(db, applied.sorted().map { name in
                "SELECT count(*) FROM \"t_\(name.suffix(2))\""
            }.joined(separator: " UNION ALL "))
            XCTAssertEqual(Set(counts.split(separator: "\n")), ["\(rows)"], "\(context): every applied table is complete",
                           file: file, line: line)
        }
        XCTAssertEqual(history.count, applied.count, "\(context): no other rows: \(history)", file: file, line: line)
        return applied
    }

    /// kill -9 of `deploy` at random moments, 20 times: never half a migration, never a row without its
    /// objects or objects without their row, never a lock left behind; the next deploy finishes the job.
    func testDeploy_SIGKILLAtRandomPoints_NeverHalfAppliedAndNextDeployFinishes() throws {
        let rows = 20000
        let migrations = Self.workMigrations(12, rows: rows)
        let db = S.prefix("k") + "local"
        try S.createDatabase(self, db)
        try S.dropNewShadowsAtTeardown(self)
        let project = try S.project(self, migrations: migrations)
        let env = ["LOCAL_URL": S.url(db)]

        // A full deploy first: how long one takes (so kills land anywhere in it), and warm replay caches.
        // The first deploy fills the replay cache; the second one, on a fresh database, is timed.
        var run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        try S.resetDatabase(db)
        let clock = Date()
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        let full = Date().timeIntervalSince(clock)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual((S.doc(run)["applied"] as? [String])?.count, 12, run.stdout)
        try assertAllOrNothing(db, migrations, rows: rows, "full deploy")

        var outcomes: [Int] = []
        for trial in 1...20 {
            try S.resetDatabase(db)
            let delay = Double.random(in: 0...full)
            let deploy = try S.Background(["deploy", "local", "--yes", "--json"], cwd: project, env: env)
            Thread.sleep(forTimeInterval: delay)
            kill(deploy.pid, SIGKILL)
            let killed = deploy.finish()
            assertNoSecret(killed)
            let context = "trial \(trial) (kill after \(Int(delay * 1000)) ms, exit \(killed.code))"
            try S.waitForNoSessions(db)
            XCTAssertEqual(try S.lockHolders(db), [], "\(context): no lock outlives the killed deploy")
            let applied = try assertAllOrNothing(db, migrations, rows: rows, context)
            outcomes.append(applied.count)

            run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
            XCTAssertEqual(run.code, 0, "\(context): \(run.all)")
            let doc = S.doc(run)
            XCTAssertEqual(Set(doc["applied"] as? [String] ?? []), Set(migrations.map(\.0)).subtracting(applied),
                           "\(context): the next deploy applies exactly the rest: \(run.stdout)")
            XCTAssertEqual(doc["in_sync"] as? Bool, true, "\(context): \(run.stdout)")
            try assertAllOrNothing(db, migrations, rows: rows, "\(context), after the next deploy")
            if trial % 5 == 0 {
                let check = try S.ops(["check", "local", "--json"], project, env)
                XCTAssertEqual(check.code, 0, "\(context): \(check.all)")
                XCTAssertEqual(S.doc(check)["in_sync"] as? Bool, true, check.stdout)
            }
            if (testRun?.totalFailureCount ?? 0) > 0 { break }
        }
        // The kills should have landed at different points (not all before or all after the work).
        XCTAssertGreaterThan(Set(outcomes).count, 2, "applied counts at the kills: \(outcomes)")
        print("kill -9 trials: a full deploy takes \(Int(full * 1000)) ms; migrations applied at each kill: \(outcomes)")
        _ = try S.auditLines(project)
    }

    /// `count` deployers started at once on one environment: one applies everything; the others wait and
    /// find nothing to do (exit 0, up to date) or refuse by the lock gate naming the holder. Each migration
    /// is applied exactly once, and no row is failed.
    func concurrentDeployers(_ count: Int, lockWait: String) throws {
        let rows = 20000
        // The first migration also sleeps, so every deployer has read its plan before the first one finishes:
        // the others really wait for (or refuse by) the lock instead of arriving after the work is done.
        var migrations = Self.workMigrations(6, rows: rows)
        migrations[0].1 += "SELECT pg_sleep(1.5);\n"
        let db = S.prefix("p") + "local"
        try S.createDatabase(self, db)
        let project = try S.project(self, migrations: migrations, environments: [("local", "lock_wait: \(lockWait)")])
        let env = ["LOCAL_URL": S.url(db)]
        _ = try S.ops(["check", "local"], project, env)   // warm the replay cache of the empty history

        let deployers = try (0..<count).map { i in
            try S.Background(["deploy", "local", "--yes"] + (i % 2 == 0 ? ["--json"] : []), cwd: project, env: env)
        }
        let runs = deployers.map { $0.finish() }
        var appliedBy: [String: Int] = [:]
        var waitedUpToDate = 0, refusedByLock = 0
        for (i, run) in runs.enumerated() {
            assertNoSecret(run)
            let context = "deployer \(i + 1)/\(count), exit \(run.code):\n\(run.all)"
            if i % 2 == 0 {
                let doc = S.doc(run)
                let applied = doc["applied"] as? [String] ?? []
                for name in applied { appliedBy[name, default: 0] += 1 }
                XCTAssertNil(doc["failed"] as? [String: Any], context)
                if run.code == 1 {
                    XCTAssertEqual(S.gate(doc), "lock", context)
                    XCTAssertNotNil(S.refusal(doc).range(of: #"pid \d+ \(evermed-ops"#, options: .regularExpression),
                                    "names the holder, another evermed-ops: \(context)")
                    refusedByLock += 1
                } else {
                    XCTAssertEqual(run.code, 0, context)
                    XCTAssertNil(doc["refused"] as? [String: Any], context)
                    if applied.isEmpty { waitedUpToDate += 1 }
                }
            } else {
                let applied = run.stdout.split(separator: "\n").compactMap { line -> String? in
                    line.hasPrefix("  applied  ") ? String(line.dropFirst("  applied  ".count)) : nil
                }
                for name in applied { appliedBy[name, default: 0] += 1 }
                XCTAssertFalse(run.stdout.contains("failed "), context)
                if run.code == 1 {
                    XCTAssertTrue(run.stdout.contains("refused by the lock gate"), context)
                    XCTAssertNotNil(run.stdout.range(of: #"pid \d+"#, options: .regularExpression), context)
                    refusedByLock += 1
                } else {
                    XCTAssertEqual(run.code, 0, context)
                    if applied.isEmpty {
                        XCTAssertTrue(run.stdout.contains("is up to date"), context)
                        waitedUpToDate += 1
                    }
                }
            }
        }
        XCTAssertEqual(appliedBy, Dictionary(uniqueKeysWithValues: migrations.map { ($0.0, 1) }),
                       "each migration applied exactly once across the deployers")
        XCTAssertGreaterThanOrEqual(waitedUpToDate + refusedByLock, 1)
        print("\(count) deployers, lock_wait \(lockWait): exits \(runs.map(\.code)), up to date after waiting: \(waitedUpToDate), refused by lock: \(refusedByLock)")
        try assertAllOrNothing(db, migrations, rows: rows, "\(count) deployers")
        XCTAssertEqual(try S.historyRows(db).count, migrations.count, "no failed rows")
        XCTAssertEqual(try S.lockHolders(db), [])
        let check = try S.ops(["check", "local", "--json"], project, env)
        XCTAssertEqual(check.code, 0, check.all)
        let audit = try S.auditLines(project)
        XCTAssertEqual(audit.filter { $0["action"] as? String == "apply" }.count, migrations.count, "\(audit)")
    }

    func testDeploy_TwoDeployersAtOnce_EachMigrationAppliedOnce() throws {
        try concurrentDeployers(2, lockWait: "30s")
    }

    func testDeploy_EightDeployersAtOnce_EachMigrationAppliedOnce() throws {
        try concurrentDeployers(8, lockWait: "30s")
    }

    /// With a lock_wait shorter than a deploy, the deployers that cannot wait refuse naming the holder.
    func testDeploy_EightDeployersShortLockWait_OthersRefuseNamingHolder() throws {
        try concurrentDeployers(8, lockWait: "100ms")
    }
}
