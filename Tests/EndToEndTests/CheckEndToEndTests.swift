import Foundation
import XCTest

/// `evermed-ops check`: reconciliation plus drift against a replayed shadow database, and its cache.
final class CheckEndToEndTests: XCTestCase {
    func testCheck_Local_InSync_ExitsZero() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["check", "local", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 0, run.all)
        let doc = try BinaryHarness.json(run.stdout)
        XCTAssertEqual(doc["environment"] as? String, "local")
        XCTAssertEqual(doc["in_sync"] as? Bool, true)
        XCTAssertEqual((doc["drift"] as? [Any])?.count, 0)
        assertNoSecret(run)
    }

    func testCheck_Production_FailedMigrationLeftoversShowAsDrift() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["check", "production", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = try BinaryHarness.json(run.stdout)
        XCTAssertEqual(doc["in_sync"] as? Bool, false)
        let lists = try XCTUnwrap(doc["migrations"] as? [String: [String]])
        XCTAssertEqual(lists["failed"], ["20250925000000_add_personal_models"])
        XCTAssertEqual(lists["pending"]?.count, 2)
        XCTAssertEqual(lists["applied"]?.count, 4)
        let drift = try XCTUnwrap(doc["drift"] as? [[String: Any]])
        XCTAssertTrue(drift.contains { $0["kind"] as? String == "table" && $0["name"] as? String == "public.personal_models"
                                       && $0["change"] as? String == "unexpected" }, "\(drift)")
        assertNoSecret(run)
    }

    func testCheck_All_ReportsEveryEnvironment() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["check", "all", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let envs = try XCTUnwrap(try BinaryHarness.json(run.stdout)["environments"] as? [[String: Any]])
        XCTAssertEqual(envs.map { $0["environment"] as? String }, ["local", "staging", "production"])
        XCTAssertEqual(envs.map { $0["in_sync"] as? Bool }, [true, false, false])
    }

    func testCheck_SecondRun_UsesCachedReplay() throws {
        let project = try CrisisProject.copy(self)
        let first = try BinaryHarness.run(["check", "staging", "-v"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(first.code, 1, first.all)
        XCTAssertTrue(first.stderr.contains("replaying 4 migrations"), first.stderr)
        let second = try BinaryHarness.run(["check", "staging", "-v"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(second.code, 1)
        XCTAssertFalse(second.stderr.contains("replaying"), second.stderr)
        XCTAssertTrue(second.stderr.contains("cached schema of 4"), second.stderr)
        XCTAssertEqual(first.stdout, second.stdout, "the cached schema gives the same verdict")
    }

    func testCheck_LiveChangeIsDrift_WithFieldExpectedAndActual() throws {
        let project = try CrisisProject.copy(self)
        // A second copy of local that someone altered by hand.
        let server = try BinaryHarness.testServer()
        let db = "e2e_drifted_\(UInt32.random(in: 0...UInt32.max))"
        let setup = """
        psql -X -q -v ON_ERROR_STOP=1 "$EVERMED_TEST_PG" -c 'CREATE DATABASE \(db) TEMPLATE e2e_local' && \
        psql -X -q -v ON_ERROR_STOP=1 "$EVERMED_TEST_PG dbname=\(db)" \
          -c 'ALTER TABLE "users" ALTER COLUMN "email" TYPE varchar(255)' \
          -c 'CREATE TABLE "hand_made" ("id" int)' -c 'DROP INDEX "users_email_key"'
        """
        let made = try BinaryHarness.shell(setup, env: ["EVERMED_TEST_PG": server])
        XCTAssertEqual(made.code, 0, made.output)
        addTeardownBlock {
            _ = try? BinaryHarness.shell("psql -X -q \"$EVERMED_TEST_PG\" -c 'DROP DATABASE IF EXISTS \(db) WITH (FORCE)'",
                                         env: ["EVERMED_TEST_PG": server])
        }
        var env = CrisisProject.environment
        env["DATABASE_URL"] = CrisisProject.url("local").replacingOccurrences(of: "e2e_local", with: db)
        let run = try BinaryHarness.run(["check", "local", "--json"], cwd: project, env: env)
        XCTAssertEqual(run.code, 1, run.all)
        let drift = try XCTUnwrap(try BinaryHarness.json(run.stdout)["drift"] as? [[String: Any]])
        let email = drift.first { $0["name"] as? String == "public.users.email" }
        XCTAssertEqual(email?["change"] as? String, "changed")
        XCTAssertEqual(email?["field"] as? String, "type")
        XCTAssertEqual(email?["expected"] as? String, "text")
        XCTAssertEqual(email?["actual"] as? String, "character varying(255)")
        XCTAssertTrue(drift.contains { $0["name"] as? String == "public.hand_made" && $0["change"] as? String == "unexpected" })
        XCTAssertTrue(drift.contains { $0["name"] as? String == "public.users.users_email_key" && $0["change"] as? String == "missing" },
                      "\(drift)")
    }
}

/// `evermed-ops diff`: two sides, concurrently read, exit 1 when they differ.
final class DiffEndToEndTests: XCTestCase {
    func testDiff_StagingToProduction_ShowsLeftoverTableAdded() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["diff", "staging", "production", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = try BinaryHarness.json(run.stdout)
        XCTAssertEqual(doc["from"] as? String, "staging")
        XCTAssertEqual(doc["to"] as? String, "production")
        let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
        XCTAssertTrue(changes.contains { $0["name"] as? String == "public.personal_models" && $0["change"] as? String == "added" })
    }

    func testDiff_LocalToMigrations_NoDifferences_ExitsZero() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["diff", "local", "migrations"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertTrue(run.stdout.contains("no differences"), run.stdout)
    }

    func testDiff_StagingToMigrations_ListsWhatDeployWouldAdd() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["diff", "staging", "migrations", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let changes = try XCTUnwrap(try BinaryHarness.json(run.stdout)["changes"] as? [[String: Any]])
        let names = Set(changes.compactMap { $0["name"] as? String })
        XCTAssertTrue(names.contains("public.personal_models"), "\(names)")
        XCTAssertTrue(names.contains("public.analytics_events.eventType"), "\(names)")
    }
}
