import Foundation
import XCTest

/// `resolve --applied` and `baseline`: the commands that change only `_prisma_migrations`, on each test's own
/// databases. They are confirmed, locked, audited and listed by `audit --json`.
final class HistoryChangeEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    let m = MutatingHarness.crisisMigrations

    /// Production's failed migration is finished by hand; `resolve --applied` records it (Prisma semantics:
    /// the failed row is marked rolled back and a finished row added), and the next deploys continue from there.
    func testResolveApplied_MigrationFinishedByHand_RecordedAuditedAndDeployContinues() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let production = prefix + "production"

        // Finish it by hand: drop the half-made table and run the whole file.
        try S.psql(production, "DROP TABLE personal_models")
        try S.psqlFile(production, S.migrationFile(project, m[4]).path)

        var run = try S.ops(["resolve", "production", m[4], "--applied", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", run.stdout)
        XCTAssertTrue(((S.doc(run)["refused"] as? [String: Any])?["fix"] as? String ?? "").contains("--confirm production"), run.stdout)

        run = try S.ops(["resolve", "production", m[4], "--applied", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(doc["done"] as? Bool, true, run.stdout)
        XCTAssertEqual(doc["mode"] as? String, "applied")
        XCTAssertEqual(doc["state_before"] as? String, "failed")
        let evidence = try XCTUnwrap(doc["evidence"] as? [String: Any], run.stdout)
        XCTAssertEqual(evidence["recommendation"] as? String, "applied", "every object of the file exists: \(run.stdout)")
        XCTAssertTrue((evidence["items"] as? [[String: Any]] ?? []).allSatisfy { $0["present"] as? Bool == true }, run.stdout)

        let rows = try S.psql(production, """
            SELECT (finished_at IS NOT NULL) || ' ' || (rolled_back_at IS NOT NULL) || ' ' || (coalesce(logs, '<null>') = '')
                   || ' ' || checksum FROM "_prisma_migrations" WHERE migration_name = '\(m[4])' ORDER BY started_at
            """).split(separator: "\n").map(String.init)
        let checksum = try BinaryHarness.shell("sha256sum '\(S.migrationFile(project, m[4]).path)' | cut -d' ' -f1").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(rows.count, 2, "\(rows)")
        XCTAssertTrue(rows.first?.hasPrefix("false true") == true, "Prisma's failed row is rolled back: \(rows)")
        XCTAssertEqual(rows.last, "true false true \(checksum)", "a finished row with the file's checksum and empty logs")

        run = try S.ops(["check", "production", "--json"], project, env)
        let check = S.doc(run)
        XCTAssertEqual((check["drift"] as? [Any])?.count, 0, "the hand-finished migration matches its file: \(run.stdout)")
        let lists = check["migrations"] as? [String: [String]] ?? [:]
        XCTAssertEqual(lists["applied"], Array(m[...4]), run.stdout)
        XCTAssertEqual(lists["pending"], Array(m[5...]), run.stdout)
        XCTAssertEqual(lists["failed"], [], run.stdout)

        // Prisma's refusals: already applied (P3008), never applied so nothing to roll back (P3011).
        run = try S.ops(["resolve", "production", m[4], "--applied", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(S.refusal(S.doc(run)).contains("P3008"), run.stdout)
        run = try S.ops(["resolve", "production", m[5], "--rolled-back", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(S.refusal(S.doc(run)).contains("P3011"), run.stdout)
        run = try S.ops(["resolve", "production", m[4], "--applied", "--rolled-back"], project, env)
        XCTAssertEqual(run.code, 2, "usage error: \(run.all)")

        // Deploys continue from the resolved history: staging first, then production gets 6 and 7 only.
        run = try S.ops(["deploy", "staging", "--yes"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["applied"] as? [String], Array(m[5...]), run.stdout)
        XCTAssertEqual(S.doc(run)["in_sync"] as? Bool, true, run.stdout)

        let audit = try S.auditJSON(project, env)
        XCTAssertTrue(audit.contains { $0["action"] as? String == "resolve" && $0["outcome"] as? String == "ok"
                                       && ($0["migrations"] as? [String]) == [m[4]] && $0["detail"] as? String == "marked applied"
                                       && $0["environment"] as? String == "production" }, "\(audit)")
        XCTAssertTrue(audit.contains { $0["action"] as? String == "refused" && $0["gate"] as? String == "confirmation"
                                       && $0["environment"] as? String == "production" }, "\(audit)")
        // ISO-8601 UTC with milliseconds, within the last hour (the digits are written by hand).
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for record in audit {
            let time = record["time"] as? String ?? ""
            XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression), time)
            XCTAssertLessThan(abs(iso.date(from: time)?.timeIntervalSinceNow ?? .infinity), 3600, time)
            XCTAssertFalse((record["user"] as? String ?? "").isEmpty)
            XCTAssertTrue((record["target"] as? String ?? "").hasSuffix("/\(prefix)\(record["environment"] as? String ?? "")"), "\(record)")
        }
        let production_ = try S.ops(["audit", "production", "--json"], project, env)
        let onlyProduction = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(production_.stdout.utf8)) as? [[String: Any]])
        XCTAssertTrue(onlyProduction.allSatisfy { $0["environment"] as? String == "production" })
        XCTAssertEqual(onlyProduction.count, audit.filter { $0["environment"] as? String == "production" }.count)
        let human = try S.ops(["audit"], project, env)
        XCTAssertEqual(human.code, 0, human.all)
        XCTAssertTrue(human.stdout.contains("marked applied"), human.stdout)
        _ = try S.auditLines(project)
    }

    /// Databases made by running the migrations' SQL by hand, with no history: `baseline` records them when the
    /// schema matches; a hand-made difference refuses with drift until `--force`; protected needs `--confirm`.
    func testBaseline_HandBuiltDatabase_RecordsMatchingAndRefusesDriftUntilForce() throws {
        let prefix = S.prefix("b")
        let local = prefix + "local", production = prefix + "production", staging = prefix + "staging"
        for db in [local, production, staging] { try S.createDatabase(self, db) }
        let project = try S.crisisProject(self)
        let env = ["DATABASE_URL": S.url(local), "STAGING_DATABASE_URL": S.url(staging),
                   "PRODUCTION_DATABASE_URL": S.url(production)]
        for db in [local, production] {
            for name in m { try S.psqlFile(db, S.migrationFile(project, name).path) }
        }
        try S.psql(production, "CREATE TABLE hand_made (id integer)")

        // local matches the replayed migrations: confirmation (--yes) is all it needs.
        var run = try S.ops(["baseline", "local", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", run.stdout)
        XCTAssertFalse(try S.exists(local, "_prisma_migrations"), "a refusal writes nothing")
        run = try S.ops(["baseline", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(doc["done"] as? Bool, true, run.stdout)
        XCTAssertEqual(doc["migrations"] as? [String], m, run.stdout)
        XCTAssertEqual((doc["drift"] as? [Any])?.count, 0, run.stdout)
        let rows = try S.historyRows(local)
        XCTAssertEqual(rows.map(\.name), m, "recorded in name order")
        XCTAssertTrue(rows.allSatisfy { $0.finished && !$0.rolledBack })
        XCTAssertEqual(try S.psql(local, "SELECT count(*) FROM \"_prisma_migrations\" WHERE logs = '' AND applied_steps_count = 0"), "7",
                       "rows shaped like Prisma's migrate resolve --applied")
        run = try S.ops(["status", "local", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        run = try S.ops(["check", "local", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["in_sync"] as? Bool, true, run.stdout)
        run = try S.ops(["baseline", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["migrations"] as? [String], [], "nothing left to record: \(run.stdout)")
        XCTAssertEqual(S.doc(run)["already_recorded"] as? [String], m, run.stdout)
        XCTAssertEqual(try S.historyRows(local).count, 7)

        // production has a hand-made table the migrations do not explain: drift refuses, --force records.
        run = try S.ops(["baseline", "production", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "drift", run.stdout)
        let drift = doc["drift"] as? [[String: Any]] ?? []
        XCTAssertTrue(drift.contains { $0["name"] as? String == "public.hand_made" && $0["change"] as? String == "unexpected" }, "\(drift)")
        XCTAssertEqual(doc["done"] as? Bool, false)
        XCTAssertFalse(try S.exists(production, "_prisma_migrations"))
        run = try S.ops(["baseline", "production", "--force", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", "protected: --force is not a confirmation: \(run.stdout)")
        XCTAssertFalse(try S.exists(production, "_prisma_migrations"))
        run = try S.ops(["baseline", "production", "--force", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["done"] as? Bool, true, run.stdout)
        XCTAssertEqual(try S.historyRows(production).map(\.name), m)
        run = try S.ops(["check", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 1, "the forced difference is still drift: \(run.all)")

        // Human form of a refusal, on a third hand-built database.
        try S.psqlFile(staging, S.migrationFile(project, m[0]).path)
        run = try S.ops(["baseline", "staging", "--to", m[0], "--yes"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("recorded 1 migration as applied in staging"), run.stdout)
        XCTAssertEqual(try S.historyRows(staging).map(\.name), [m[0]])
        run = try S.ops(["baseline", "staging", "--to", "20990101000000_nope", "--yes"], project, env)
        XCTAssertEqual(run.code, 2, "an unknown migration is an error: \(run.all)")
        XCTAssertTrue(run.stderr.contains("20990101000000_nope"), run.stderr)

        let audit = try S.auditJSON(project, env)
        let baselines = audit.filter { $0["action"] as? String == "baseline" }
        XCTAssertEqual(baselines.compactMap { $0["environment"] as? String }, ["local", "production", "staging"], "\(audit)")
        XCTAssertTrue(baselines.allSatisfy { $0["outcome"] as? String == "ok" })
        XCTAssertEqual(baselines.first?["migrations"] as? [String], m)
        XCTAssertEqual(baselines[1]["detail"] as? String, "forced past 1 drift item(s)", "\(baselines[1])")
        XCTAssertNil(baselines[0]["detail"] as? String)
        _ = try S.auditLines(project)
    }
}
