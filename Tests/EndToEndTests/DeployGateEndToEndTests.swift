import Foundation
import XCTest

/// `deploy`'s gates, on each test's own copy of the crisis databases: every gate refuses (exit 1, JSON
/// `refused.gate`) and then passes once its cause is cleared.
final class DeployGateEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    let m = MutatingHarness.crisisMigrations

    /// The crisis, end to end: production's Prisma-written failed row blocks it; it is resolved, its leftover
    /// dropped, staging deployed first, and production deployed behind a pg_dump backup. Covers the gates
    /// failed_migrations, confirmation, drift, promote_from_behind and backup, the Prisma-written history
    /// being continued, the backup file, and secrets in output and audit log.
    func testCrisis_ProductionRecoversThroughEveryGate_BehindABackup() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let production = prefix + "production", staging = prefix + "staging"
        let prismaRowsBefore = try S.psql(production, "SELECT id || ' ' || checksum || ' ' || migration_name FROM \"_prisma_migrations\" ORDER BY id")

        // 1. failed_migrations: the row Prisma left failed blocks every deploy, whatever flags are given.
        var run = try S.ops(["deploy", "production", "--confirm-backup", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "failed_migrations", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains(m[4]), run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("column \"userId\" does not exist"), "the Prisma log's ERROR line: \(run.stdout)")
        XCTAssertEqual(doc["applied"] as? [String], [])
        run = try S.ops(["deploy", "production", "--confirm-backup"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("refused by the failed_migrations gate"), run.stdout)
        XCTAssertTrue(run.stdout.contains("evermed-ops resolve production \(m[4]) --rolled-back"), run.stdout)

        // 2. confirmation: resolving on a protected environment needs --yes and its name (issue 7: one rule).
        run = try S.ops(["resolve", "production", m[4], "--rolled-back", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", run.stdout)
        XCTAssertEqual((S.doc(run)["refused"] as? [String: Any])?["fix"] as? String,
                       "evermed-ops resolve production \(m[4]) --rolled-back --yes --confirm production", run.stdout)
        for partial in [["--confirm", "production"], ["--yes"], ["--yes", "--confirm", "staging"]] {
            run = try S.ops(["resolve", "production", m[4], "--rolled-back", "--json"] + partial, project, env)
            XCTAssertEqual(run.code, 1, "\(partial) alone does not confirm a protected environment: \(run.all)")
            XCTAssertEqual(S.gate(S.doc(run)), "confirmation", run.stdout)
        }
        run = try S.ops(["resolve", "production", m[4], "--rolled-back", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["done"] as? Bool, true, run.stdout)
        XCTAssertEqual(doc["state_before"] as? String, "failed", run.stdout)
        let evidence = try XCTUnwrap(doc["evidence"] as? [String: Any], run.stdout)
        let items = evidence["items"] as? [[String: Any]] ?? []
        XCTAssertTrue(items.contains { $0["name"] as? String == "public.personal_models" && $0["present"] as? Bool == true },
                      "the leftover table is shown as evidence: \(items)")
        XCTAssertEqual(try S.psql(production, "SELECT count(*) FROM \"_prisma_migrations\" WHERE migration_name = '\(m[4])' AND rolled_back_at IS NOT NULL AND finished_at IS NULL"), "1",
                       "Prisma's failed row is marked rolled back, not deleted")

        // 3. drift: the failed migration's leftover table is still there.
        run = try S.ops(["deploy", "production", "--confirm-backup", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "drift", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("public.personal_models"), run.stdout)
        try S.psql(production, "DROP TABLE personal_models")

        // 4. promote_from_behind: staging has not run 5-7 yet.
        run = try S.ops(["deploy", "production", "--confirm-backup", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "promote_from_behind", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("staging"), run.stdout)
        XCTAssertEqual((doc["refused"] as? [String: Any])?["fix"] as? String, "evermed-ops deploy staging", run.stdout)
        XCTAssertEqual(doc["plan"] as? [String], Array(m[4...]), "the rolled-back migration is planned again: \(run.stdout)")

        // 5. confirmation of a non-protected environment: --yes when not interactive.
        run = try S.ops(["deploy", "staging", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "confirmation", run.stdout)
        XCTAssertTrue(try S.historyRows(staging).count == 4, "a refusal writes nothing")
        run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], Array(m[4...]), run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, true, run.stdout)

        // 6. confirmation and backup: production is protected and this run is not interactive. A backup flag
        // alone (issue 7: `--confirm-backup </dev/null` applied) confirms nothing; --yes --confirm production
        // confirms the change, and the backup gate still wants a backup.
        for flags in [[], ["--confirm-backup"], ["--yes", "--confirm-backup"], ["--confirm", "production", "--confirm-backup"]] {
            run = try S.ops(["deploy", "production", "--json"] + flags, project, env, stdin: "")
            XCTAssertEqual(run.code, 1, "\(flags): \(run.all)")
            doc = S.doc(run)
            XCTAssertEqual(S.gate(doc), "confirmation", "\(flags): \(run.stdout)")
            XCTAssertEqual(doc["applied"] as? [String], [], run.stdout)
        }
        run = try S.ops(["deploy", "production", "--json"], project, env)
        XCTAssertEqual((S.doc(run)["refused"] as? [String: Any])?["fix"] as? String,
                       "evermed-ops deploy production --yes --confirm production --backup-to DIR   (pg_dump -Fc first), "
                       + "or --confirm-backup if you have one", run.stdout)
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "backup", run.stdout)
        XCTAssertTrue(((doc["refused"] as? [String: Any])?["fix"] as? String ?? "").contains("--backup-to"), run.stdout)
        XCTAssertEqual(try S.historyRows(production).filter(\.finished).count, 4, "every refusal wrote nothing")

        // 7. --backup-to DIR: pg_dump -Fc first, then the three migrations.
        let backups = project.appendingPathComponent("backups")
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--backup-to", "backups"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        let line = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("backup: ") }, run.stdout)
        let match = try XCTUnwrap(line.firstMatch(of: #/^backup: (?<path>\S+\.dump) \((?<size>\d+) (?<unit>bytes|KiB|MiB)\)$/#),
                                  "backup line: \(line)")
        let path = String(match.output.path)
        XCTAssertTrue(path.hasPrefix(backups.path + "/production-"), path)
        let files = try FileManager.default.contentsOfDirectory(atPath: backups.path)
        XCTAssertEqual(files.count, 1, "\(files)")
        XCTAssertEqual(backups.appendingPathComponent(files[0]).path, path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? -1
        let shown = Int(match.output.size)!
        switch match.output.unit {
        case "bytes": XCTAssertEqual(shown, bytes)
        case "KiB": XCTAssertEqual(shown, bytes / 1024)
        default: XCTAssertEqual(shown, bytes / (1 << 20))
        }
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "a dump holds every row")
        let list = try BinaryHarness.shell("pg_restore --list '\(path)'")
        XCTAssertEqual(list.code, 0, list.output)
        XCTAssertTrue(list.output.contains("TABLE public users"), list.output)
        XCTAssertFalse(list.output.contains("personal_models"), "the dump was taken before the deploy: \(list.output)")
        for name in m[4...] { XCTAssertTrue(run.stdout.contains("applied  \(name)"), run.stdout) }

        // The Prisma-written history was continued, not rewritten: its rows are all still there.
        let prismaRowsAfter = try S.psql(production, "SELECT id || ' ' || checksum || ' ' || migration_name FROM \"_prisma_migrations\" ORDER BY id")
        for row in prismaRowsBefore.split(separator: "\n") { XCTAssertTrue(prismaRowsAfter.contains(row), "lost \(row)") }
        let rows = try S.historyRows(production)
        XCTAssertEqual(rows.count, 8, "\(rows)")
        XCTAssertEqual(rows.filter { $0.finished }.map(\.name), m, "each migration finished exactly once, in order")
        XCTAssertEqual(rows.filter { $0.rolledBack }.map(\.name), [m[4]])
        XCTAssertTrue(try S.exists(production, "personal_models"))

        // JSON of the same deploy shape: a second deploy has nothing to do.
        run = try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--backup-to", "backups", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], [], run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, true, run.stdout)
        XCTAssertTrue(doc["backup"] is NSNull, "nothing to apply, so no backup: \(run.stdout)")

        run = try S.ops(["status", "--json"], project, env)
        XCTAssertEqual(run.code, 0, "every environment in sync: \(run.all)")
        run = try S.ops(["check", "production", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["in_sync"] as? Bool, true, run.stdout)

        // The audit trail: every refusal with its gate, the resolve, both deploys, the backup path.
        let audit = try S.auditLines(project)
        let gates = audit.filter { $0["action"] as? String == "refused" }.compactMap { $0["gate"] as? String }
        for gate in ["failed_migrations", "confirmation", "drift", "promote_from_behind", "backup"] {
            XCTAssertTrue(gates.contains(gate), "no refusal by \(gate) in \(gates)")
        }
        XCTAssertTrue(audit.contains { $0["action"] as? String == "resolve" && $0["environment"] as? String == "production"
                                       && ($0["migrations"] as? [String]) == [m[4]] && $0["outcome"] as? String == "ok" })
        let deploy = try XCTUnwrap(audit.last { $0["action"] as? String == "deploy" && $0["environment"] as? String == "production" })
        XCTAssertEqual(deploy["migrations"] as? [String], Array(m[4...]))
        XCTAssertEqual(deploy["outcome"] as? String, "applied")
        XCTAssertEqual(deploy["backup"] as? String, path)
        XCTAssertEqual(audit.filter { $0["action"] as? String == "apply" }.count, 6, "one line per applied migration")
        let listed = try S.auditJSON(project, env)
        XCTAssertEqual(listed.count, audit.count)
    }

    /// A hand-made change refuses a deploy (drift); --allow-drift applies anyway and is audited; once the
    /// change is reverted a deploy passes without the flag.
    func testDeploy_Drift_RefusesUntilAllowedOrReverted() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let staging = prefix + "staging", local = prefix + "local"

        try S.psql(staging, "ALTER TABLE users ADD COLUMN hand_added integer")
        var run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "drift", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("public.users.hand_added"), run.stdout)
        XCTAssertEqual(try S.historyRows(staging).count, 4, "nothing applied")
        XCTAssertFalse(try S.exists(staging, "personal_models"))

        run = try S.ops(["deploy", "staging", "--yes", "--allow-drift", "--json"], project, env)
        doc = S.doc(run)
        XCTAssertNil(doc["refused"] as? [String: Any], run.stdout)
        XCTAssertEqual(doc["applied"] as? [String], Array(m[4...]), run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, false, "the hand-made column is still drift: \(run.stdout)")
        XCTAssertEqual(run.code, 1, "applied but still not in sync (documented: exit 1): \(run.all)")
        let audit = try S.auditLines(project)
        let deploy = try XCTUnwrap(audit.last { $0["action"] as? String == "deploy" }, "\(audit)")
        XCTAssertEqual(deploy["allow_drift"] as? Bool, true, "\(deploy)")
        XCTAssertEqual(deploy["environment"] as? String, "staging")
        XCTAssertTrue(audit.contains { $0["gate"] as? String == "drift" && $0["environment"] as? String == "staging" })

        // Reverting the hand change clears the gate: a new migration deploys to local without the flag.
        try S.writeMigration(project, "20251101000000_add_notes", "CREATE TABLE \"notes\" (\"id\" TEXT PRIMARY KEY, \"body\" TEXT);\n")
        try S.psql(local, "CREATE INDEX hand_idx ON users (name)")
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertEqual(S.gate(S.doc(run)), "drift", run.stdout)
        XCTAssertFalse(try S.exists(local, "notes"))
        try S.psql(local, "DROP INDEX hand_idx")
        run = try S.ops(["deploy", "local", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], ["20251101000000_add_notes"], run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, true, run.stdout)
        XCTAssertTrue(try S.exists(local, "notes"))
        _ = try S.auditLines(project)
    }

    /// An applied migration edited locally refuses (modified) until the file is put back.
    func testDeploy_ModifiedAppliedMigration_RefusesUntilRestored() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let file = S.migrationFile(project, m[1])
        let original = try Data(contentsOf: file)
        try (String(decoding: original, as: UTF8.self) + "\nALTER TABLE \"feature_flags\" ADD COLUMN \"owner\" TEXT;\n")
            .write(to: file, atomically: true, encoding: .utf8)

        var run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "modified", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains(m[1]), run.stdout)
        XCTAssertEqual(try S.historyRows(prefix + "staging").count, 4)

        // A CRLF re-save of the original is not a modification (Prisma accepts it too).
        try Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: file)
        run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["applied"] as? [String], Array(m[4...]), run.stdout)
        _ = try S.auditLines(project)
    }

    /// A migration applied to the environment but absent from the folder refuses (missing_locally) until it is back.
    func testDeploy_MissingLocally_RefusesUntilTheFolderIsBack() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let folder = project.appendingPathComponent("db/migrations/\(m[3])")
        let aside = project.appendingPathComponent("aside")
        try FileManager.default.moveItem(at: folder, to: aside)

        var run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "missing_locally", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains(m[3]), run.stdout)
        XCTAssertEqual(try S.historyRows(prefix + "staging").count, 4)

        try FileManager.default.moveItem(at: aside, to: folder)
        run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(S.doc(run)["applied"] as? [String], Array(m[4...]), run.stdout)
    }

    /// Another session holds Prisma's advisory lock: the deploy waits lock_wait, then refuses naming the
    /// holder's pid; once the holder is gone the deploy passes.
    func testDeploy_LockHeldByAnotherSession_RefusesNamingHolderThenPasses() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self, extraConfig: "lock_wait: 1s")
        let env = S.crisisEnvironment(prefix)
        let staging = prefix + "staging"

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: S.psqlBinary)
        holder.arguments = ["-X", "-q", "-d", try S.conninfo(staging), "-c",
                            "select pg_advisory_lock(72707369); select pg_sleep(20)"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        addTeardownBlock { if holder.isRunning { holder.terminate() } }
        XCTAssertTrue(try S.waitUntil(10) { !(try S.lockHolders(staging)).isEmpty }, "the psql session never took the lock")
        let pid = try XCTUnwrap(try S.lockHolders(staging).first)

        let started = Date()
        var run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        var doc = S.doc(run)
        XCTAssertEqual(S.gate(doc), "lock", run.stdout)
        XCTAssertTrue(S.refusal(doc).contains("pid \(pid)"), "names the holder: \(run.stdout)")
        XCTAssertTrue(S.refusal(doc).contains("psql"), "and its application: \(run.stdout)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "waited about lock_wait, not for the holder")
        XCTAssertEqual(try S.historyRows(staging).count, 4, "nothing applied")
        XCTAssertEqual(try S.lockHolders(staging), [pid])

        // The holder ends (its session is terminated): the lock is free and the deploy passes.
        XCTAssertEqual(try S.psql("postgres", "SELECT pg_terminate_backend(\(pid))"), "t")
        holder.waitUntilExit()
        XCTAssertTrue(try S.waitUntil(5) { try S.lockHolders(staging).isEmpty })
        run = try S.ops(["deploy", "staging", "--yes", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        doc = S.doc(run)
        XCTAssertEqual(doc["applied"] as? [String], Array(m[4...]), run.stdout)
        XCTAssertEqual(try S.lockHolders(staging), [], "released after the deploy")
        let audit = try S.auditLines(project)
        XCTAssertTrue(audit.contains { $0["gate"] as? String == "lock" && ($0["detail"] as? String ?? "").contains("pid \(pid)") },
                      "\(audit)")
    }

    /// --dry-run changes nothing (history and schema identical) and prints each file's SQL and how it runs.
    func testDeploy_DryRun_ChangesNothingAndPrintsEachFilesSQL() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let staging = prefix + "staging"
        let before = try S.snapshot(staging)

        var run = try S.ops(["deploy", "staging", "--dry-run"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("dry run: 3 migrations would be applied, in this order"), run.stdout)
        for name in m[4...] {
            XCTAssertTrue(run.stdout.contains(name), run.stdout)
            let sql = try String(contentsOf: S.migrationFile(project, name), encoding: .utf8)
            for line in sql.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                XCTAssertTrue(run.stdout.contains("│ " + line), "the SQL line \"\(line)\" of \(name) is printed")
            }
        }
        XCTAssertTrue(run.stdout.contains("runs: one transaction with its history row"), run.stdout)

        run = try S.ops(["deploy", "staging", "--dry-run", "--json"], project, env)
        XCTAssertEqual(run.code, 0, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(doc["dry_run"] as? Bool, true)
        XCTAssertEqual(doc["plan"] as? [String], Array(m[4...]))
        XCTAssertEqual(doc["applied"] as? [String], [])

        // A protected environment's dry run needs no backup confirmation.
        run = try S.ops(["deploy", "production", "--dry-run", "--json"], project, env)
        XCTAssertEqual(run.code, 1, "production's failed migration still refuses: \(run.all)")
        XCTAssertEqual(S.gate(S.doc(run)), "failed_migrations")

        XCTAssertEqual(try S.snapshot(staging), before, "a dry run changes nothing")
        XCTAssertEqual(try S.lockHolders(staging), [])
        let audit = try S.auditLines(project)
        XCTAssertFalse(audit.contains { $0["action"] as? String == "deploy" || $0["action"] as? String == "apply" }, "\(audit)")
    }
}
