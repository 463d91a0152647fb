import Foundation
import XCTest

/// `evermed-ops status` on the crisis databases: the matrix, its JSON and its exit codes.
final class StatusEndToEndTests: XCTestCase {
    func environments(_ run: BinaryHarness.Run) throws -> [String: [String: Any]] {
        let doc = try BinaryHarness.json(run.stdout)
        let envs = try XCTUnwrap(doc["environments"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: envs.map { ($0["name"] as! String, $0) })
    }

    func states(_ env: [String: Any]) -> [String: String] {
        let items = env["migrations"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as! String, $0["state"] as! String) })
    }

    func testStatus_Json_ShowsStagingBehindAndProductionFailed() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["status", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let envs = try environments(run)
        XCTAssertEqual(Set(envs.keys), ["local", "staging", "production"])
        XCTAssertEqual(Set(states(envs["local"]!).values), ["applied"])
        let staging = states(envs["staging"]!)
        XCTAssertEqual(staging.filter { $0.value == "pending" }.count, 3)
        XCTAssertEqual(staging["20250917000000_add_analytics_events"], "applied")
        let production = states(envs["production"]!)
        XCTAssertEqual(production["20250925000000_add_personal_models"], "failed")
        XCTAssertEqual(production.filter { $0.value == "pending" }.keys.sorted(),
                       ["20251002000000_rename_analytics_event_columns", "20251011000000_fix_personal_model_schema"])
        XCTAssertEqual(envs["production"]?["reachable"] as? Bool, true)
        assertNoSecret(run)
    }

    func testStatus_Human_PrintsMatrixVerdictsAndNextCommand() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["status"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1)
        XCTAssertTrue(run.stdout.contains("staging is 3 migrations behind"), run.stdout)
        XCTAssertTrue(run.stdout.contains("evermed-ops deploy staging"), run.stdout)
        XCTAssertTrue(run.stdout.contains("production has a failed migration 20250925000000_add_personal_models"))
        XCTAssertFalse(run.stdout.contains("\u{1B}["), "no colour codes when stdout is not a TTY")
        assertNoSecret(run)
    }

    func testStatus_UnreachableEnvironment_IsAColumnWithItsError() throws {
        let project = try CrisisProject.copy(self)
        var env = CrisisProject.environment
        env["PRODUCTION_DATABASE_URL"] = CrisisProject.url("production", port: "1")
        let run = try BinaryHarness.run(["status", "--json"], cwd: project, env: env)
        XCTAssertEqual(run.code, 2, "an unreachable environment is an error exit")
        let envs = try environments(run)
        XCTAssertEqual(envs["production"]?["reachable"] as? Bool, false)
        let error = try XCTUnwrap(envs["production"]?["error"] as? String)
        XCTAssertTrue(error.contains("Cannot connect to production"), error)
        XCTAssertEqual(envs["staging"]?["reachable"] as? Bool, true, "the other environments are still read")
        assertNoSecret(run)
    }

    func testStatus_WrongPassword_SaysSoWithoutEchoingIt() throws {
        let project = try CrisisProject.copy(self)
        var env = CrisisProject.environment
        env["STAGING_DATABASE_URL"] = CrisisProject.url("staging", password: "wr0ngSecretPw")
        let run = try BinaryHarness.run(["status", "staging"], cwd: project, env: env)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.all.contains("password authentication failed"), run.all)
        XCTAssertTrue(run.all.contains("Check the user and password"), run.all)
        assertNoSecret(run, ["wr0ngSecretPw", CrisisProject.password])
    }

    func testStatus_ModifiedMissingAndOutOfOrder() throws {
        let project = try CrisisProject.copy(self)
        let dir = CrisisProject.migrationsDir(project)
        // Edit an applied migration, delete the newest one, and add one that sorts before applied ones.
        let edited = dir.appendingPathComponent("20250815000000_add_feature_flags/migration.sql")
        try (String(contentsOf: edited, encoding: .utf8) + "\n-- edited after it was applied\n")
            .write(to: edited, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("20251011000000_fix_personal_model_schema"))
        let late = dir.appendingPathComponent("20250820000000_add_late_index")
        try FileManager.default.createDirectory(at: late, withIntermediateDirectories: true)
        try "CREATE INDEX \"late_idx\" ON \"feature_flags\"(\"key\");\n"
            .write(to: late.appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)

        let run = try BinaryHarness.run(["status", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 1, run.all)
        let envs = try environments(run)
        let local = states(envs["local"]!)
        XCTAssertEqual(local["20250815000000_add_feature_flags"], "modified")
        XCTAssertEqual(local["20251011000000_fix_personal_model_schema"], "missing_locally")
        XCTAssertEqual(local["20250820000000_add_late_index"], "pending")
        let items = envs["local"]!["migrations"] as! [[String: Any]]
        let lateItem = items.first { $0["name"] as? String == "20250820000000_add_late_index" }
        XCTAssertEqual(lateItem?["out_of_order"] as? Bool, true)
        XCTAssertNil(states(envs["staging"]!)["20251011000000_fix_personal_model_schema"],
                     "staging never applied the deleted migration, so it has no cell")
    }

    func testStatus_CRLFCopyOfAppliedFile_IsStillApplied() throws {
        let project = try CrisisProject.copy(self)
        let file = CrisisProject.migrationsDir(project).appendingPathComponent("20250801000000_init/migration.sql")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try BinaryHarness.run(["status", "local", "--json"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 0, run.all)
        XCTAssertEqual(states(try environments(run)["local"]!)["20250801000000_init"], "applied")
    }
}
