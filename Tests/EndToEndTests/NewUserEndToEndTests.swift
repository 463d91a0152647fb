import Foundation
import XCTest

/// Issue 8, part F: what a new user found wrong when trying the console, each now checked through the binary.
final class NewUserEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    /// After `resolve production M --rolled-back` with the failed migration's leftovers still there, the advice
    /// said "deploy staging (first)" (staging was current), `check` called it plain drift, and `deploy` offered
    /// --allow-drift — which runs the migration into its own leftovers (42701).
    func testRolledBackWithLeftovers_EveryPieceOfAdviceSaysRemoveThemFirst() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let env = S.crisisEnvironment(prefix)
        let failed = "20250925000000_add_personal_models"
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], project, env).code, 0)
        let resolve = try S.ops(["resolve", "production", failed, "--rolled-back", "--yes", "--confirm", "production"], project, env)
        XCTAssertEqual(resolve.code, 0, resolve.all)
        XCTAssertTrue(resolve.stdout.contains("state before: failed"), resolve.all)
        XCTAssertFalse(resolve.stdout.contains("state now: failed"), resolve.all)

        let next = try S.ops(["next", "--json"], project, env)
        let findings = try XCTUnwrap(S.doc(next)["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.first?["rule"] as? String, "rolled_back_leftovers", next.all)
        XCTAssertTrue((findings.first?["message"] as? String)?.contains("table public.personal_models") == true)
        XCTAssertFalse(findings.contains { $0["command"] as? String == "deploy staging" }, "staging is current: \(next.all)")
        XCTAssertFalse(findings.contains { $0["command"] as? String == "deploy production" }, "not into the leftovers: \(next.all)")
        XCTAssertFalse(findings.contains { $0["rule"] as? String == "drift" }, "the leftovers are not plain drift: \(next.all)")

        for args in [["status", "production"], ["check", "production"]] {
            let run = try S.ops(args, project, env)
            XCTAssertTrue(run.stdout.contains("is marked rolled back but its leftovers remain"), "\(args): \(run.all)")
            XCTAssertTrue(run.stdout.contains("DROP TABLE IF EXISTS public.personal_models;"), "\(args): \(run.all)")
            XCTAssertFalse(run.stdout.contains("evermed-ops deploy staging"), "\(args): \(run.all)")
        }
        let deploy = try S.ops(["deploy", "production", "--dry-run", "--allow-drift", "--json"], project, env)
        XCTAssertEqual(deploy.code, 1, deploy.all)
        XCTAssertTrue(S.refusal(S.doc(deploy)).contains("leftovers are still there"), deploy.all)
        XCTAssertFalse(deploy.all.contains("--allow-drift)"), "no way out that runs into them: \(deploy.all)")

        try S.psql(prefix + "production", "DROP TABLE IF EXISTS public.personal_models")
        let after = try S.doc(try S.ops(["next", "--json"], project, env))["findings"] as? [[String: Any]] ?? []
        XCTAssertEqual(after.first?["rule"] as? String, "pending")
        XCTAssertEqual(after.first?["command"] as? String, "deploy production")
        XCTAssertEqual(try S.ops(["deploy", "production", "--yes", "--confirm", "production", "--confirm-backup"], project, env).code, 0)
        let audit = try S.ops(["audit", "--no-color"], project, env)
        let widest = audit.stdout.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, 140, audit.stdout)
        XCTAssertFalse(audit.stdout.contains("refused refused"), audit.stdout)
    }

    /// `describe table Patient on staging` answered "No table patient"; columns came alphabetically; indexes were
    /// CREATE INDEX statements; nobody said what references the table; an unknown name got no suggestion.
    func testDescribe_PascalCaseTable_TableOrder_PsqlIndexes_ReferencedBy_ClosestNames() throws {
        let (dir, env) = try SOPHarness.project(self, environments: ["staging"])
        try S.writeMigration(dir, "20250103000000_visits", """
            CREATE TABLE "Visit" ("id" SERIAL PRIMARY KEY, "patientId" INTEGER NOT NULL REFERENCES "Patient"("id"));
            CREATE UNIQUE INDEX "Patient_email_key" ON "Patient"("email");
            """)
        let dry = try S.ops(["deploy", "staging", "--dry-run"], dir, env)
        XCTAssertTrue(dry.stdout.contains("dry run: 3 migrations would be applied, in this order; nothing was changed."), dry.all)
        XCTAssertFalse(dry.all.contains("migration(s)"), dry.all)
        XCTAssertEqual(try S.ops(["deploy", "staging", "--yes"], dir, env).code, 0)
        let run = try S.ops(["-c", "describe table Patient on staging"], dir, env)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("Table \"public.Patient\""), run.all)
        let columns = run.stdout.split(separator: "\n").compactMap { line -> String? in
            let word = line.split(separator: " ").first.map(String.init)
            return ["id", "name", "email"].contains(word ?? "") ? word : nil
        }
        XCTAssertEqual(columns, ["id", "name", "email"], "table order, not alphabetical: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("\"Patient_pkey\" PRIMARY KEY, btree (id)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\"Patient_email_key\" UNIQUE, btree (email)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Referenced by:"), run.stdout)
        XCTAssertTrue(run.stdout.contains("TABLE \"Visit\" CONSTRAINT \"Visit_patientId_fkey\" FOREIGN KEY (\"patientId\")"), run.stdout)
        let typo = try S.ops(["describe", "staging", "Patints"], dir, env)
        XCTAssertEqual(typo.code, 1)
        XCTAssertTrue(typo.stdout.contains("Did you mean `describe staging Patient`?"), typo.all)
    }
}
