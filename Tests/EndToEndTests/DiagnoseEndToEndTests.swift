import Foundation
import XCTest

/// Issue 9, part 1: `diagnose` from facts alone, through the binary against the test cluster.
final class DiagnoseEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// The demo's incident: the failed migration explained with its evidence, and the right plan — staging first,
    /// the leftovers, resolve, then production with a backup — which, followed, leaves every environment in sync.
    func testDiagnoseProduction_TheIncident_PlanFollowedEndsInSync() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let failed = "20250925000000_add_personal_models"
        let run = try S.ops(["-c", "why is production broken?", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(doc["environment"] as? String, "production")
        XCTAssertTrue((doc["summary"] as? String)?.contains("migration \(failed) failed") == true, run.stdout)
        let causes = try XCTUnwrap(doc["causes"] as? [[String: Any]])
        XCTAssertEqual(causes.first?["rule"] as? String, "failed_migration")
        let evidence = causes.first?["evidence"] as? [String] ?? []
        XCTAssertTrue(evidence.contains { $0.contains("ERROR: column \"userId\" does not exist") }, "\(evidence)")
        XCTAssertTrue(evidence.contains("present in the live schema: table public.personal_models"), "\(evidence)")
        let plan = try XCTUnwrap(doc["plan"] as? [[String: Any]])
        XCTAssertEqual(plan.compactMap { $0["command"] as? String }, [
            "deploy staging", "psql (production): DROP TABLE IF EXISTS public.personal_models;",
            "resolve production \(failed) --rolled-back", "deploy production --backup-to backups",
        ])
        XCTAssertEqual(plan.compactMap { $0["mutating"] as? Bool }, [true, true, true, true])
        XCTAssertEqual(doc["verify"] as? String, "check all")

        // Following the plan (non-interactively, as a script must: --yes and the protected name) ends in sync.
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], project, env).code, 0)
        try S.psql(prefix + "production", "DROP TABLE IF EXISTS public.personal_models")
        XCTAssertEqual(try S.ops(["resolve", "production", failed, "--rolled-back", "--yes", "--confirm", "production"],
                                 project, env).code, 0)
        XCTAssertEqual(try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--backup-to", "backups"],
                                 project, env).code, 0)
        XCTAssertEqual(try S.ops(["check", "all"], project, env).code, 0)
        let after = try S.ops(["diagnose", "all"], project, env)
        XCTAssertEqual(after.code, 0, after.all)
        XCTAssertTrue(after.stdout.contains("Every environment is in sync; nothing to repair."), after.all)
    }

    /// A modified migration: the applied text is found in git by its checksum, the change is shown as a diff,
    /// and the plan puts the applied text back.
    func testDiagnose_ModifiedMigration_AppliedVersionFoundInGit() throws {
        let (dir, env) = try SOPHarness.project(self, environments: ["staging"])
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], dir, env).code, 0)
        let commit = try SOPHarness.git(dir, "rev-parse", "--short=12", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let name = SOPHarness.migrations[1].0
        try S.writeMigration(dir, name, "ALTER TABLE \"Patient\" ADD COLUMN \"email\" VARCHAR(320);\n")
        let run = try S.ops(["diagnose", "staging"], dir, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("the applied text is commit \(commit)"), run.all)
        XCTAssertTrue(run.stdout.contains("- ALTER TABLE \"Patient\" ADD COLUMN \"email\" TEXT;"), run.all)
        XCTAssertTrue(run.stdout.contains("+ ALTER TABLE \"Patient\" ADD COLUMN \"email\" VARCHAR(320);"), run.all)
        XCTAssertTrue(run.stdout.contains("git show \(commit):db/migrations/\(name)/migration.sql > db/migrations/\(name)/migration.sql"),
                      run.all)
    }
}
