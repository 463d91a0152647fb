import Foundation
import XCTest

/// Bad input gets one clear paragraph naming the thing, exit code 2, and never a secret.
final class ErrorEndToEndTests: XCTestCase {
    func testUnknownEnvironment_ListsTheKnownOnes() throws {
        let project = try CrisisProject.copy(self)
        let run = try BinaryHarness.run(["check", "stagign"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("stagign"), run.stderr)
        XCTAssertTrue(run.stderr.contains("staging"), "suggests the close name: \(run.stderr)")
        assertNoSecret(run)
    }

    func testConfigSyntaxError_NamesFileAndLine() throws {
        let project = try CrisisProject.copy(self)
        try "migrations: db/migrations\nenvironments:\n  local: { url: \"${DATABASE_URL}\"\n  staging: [\n"
            .write(to: project.appendingPathComponent("evermed-ops.yml"), atomically: true, encoding: .utf8)
        let run = try BinaryHarness.run(["status"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("evermed-ops.yml:"), run.stderr)
        XCTAssertNotNil(run.stderr.range(of: #"evermed-ops\.yml:\d+"#, options: .regularExpression), run.stderr)
        XCTAssertFalse(run.stderr.contains("Fatal error"), run.stderr)
        assertNoSecret(run)
    }

    func testMalformedFolderName_NamesTheFolder() throws {
        let project = try CrisisProject.copy(self)
        let bad = CrisisProject.migrationsDir(project).appendingPathComponent("add-users-table")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try "SELECT 1;".write(to: bad.appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)
        let run = try BinaryHarness.run(["status"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("add-users-table"), run.stderr)
    }

    func testNonUTF8Migration_NamesFileAndLine() throws {
        let project = try CrisisProject.copy(self)
        let dir = CrisisProject.migrationsDir(project).appendingPathComponent("20251020000000_latin1")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bytes: [UInt8] = Array("-- one\n-- two\nSELECT 'caf".utf8) + [0xE9] + Array("';\n".utf8)
        try Data(bytes).write(to: dir.appendingPathComponent("migration.sql"))
        let run = try BinaryHarness.run(["status"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("20251020000000_latin1/migration.sql:3"), run.stderr)
    }

    func testReplayError_NamesMigrationSQLStateAndLine() throws {
        let project = try CrisisProject.copy(self)
        let dir = CrisisProject.migrationsDir(project).appendingPathComponent("20251020000000_broken")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "-- a migration with a typo\n\nALTER TABLE \"userz\" ADD COLUMN \"x\" int;\n"
            .write(to: dir.appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)
        let run = try BinaryHarness.run(["diff", "local", "migrations"], cwd: project, env: CrisisProject.environment)
        XCTAssertEqual(run.code, 2, run.all)
        XCTAssertTrue(run.stderr.contains("20251020000000_broken"), run.stderr)
        XCTAssertTrue(run.stderr.contains("42P01"), run.stderr)
        XCTAssertTrue(run.stderr.contains("migration.sql:3"), run.stderr)
        assertNoSecret(run)
    }

    func testNoConfigAndNoVariables_ExplainsHowToStart() throws {
        let dir = try BinaryHarness.tempDir(self)
        let run = try BinaryHarness.run(["status"], cwd: dir)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("evermed-ops.yml"), run.stderr)
    }

    func testUsageError_ExitsTwo_HelpAndVersionExitZero() throws {
        let dir = try BinaryHarness.tempDir(self)
        XCTAssertEqual(try BinaryHarness.run(["check"], cwd: dir).code, 2)
        XCTAssertEqual(try BinaryHarness.run(["frobnicate"], cwd: dir).code, 2)
        let help = try BinaryHarness.run(["--help"], cwd: dir)
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue(help.stdout.contains("status"), help.stdout)
        let version = try BinaryHarness.run(["--version"], cwd: dir)
        XCTAssertEqual(version.code, 0)
        XCTAssertTrue(version.stdout.contains("0."), version.stdout)
    }

    func testSecretsInConfigAndEnv_NeverPrinted() throws {
        let project = try CrisisProject.copy(self)
        // An env var referenced by the config is missing: the message names the variable, not any value.
        var env = CrisisProject.environment
        env["STAGING_DATABASE_URL"] = nil
        let run = try BinaryHarness.run(["check", "staging"], cwd: project, env: env)
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.stderr.contains("STAGING_DATABASE_URL"), run.stderr)
        let all = try BinaryHarness.run(["status", "--json"], cwd: project, env: env)
        XCTAssertEqual(all.code, 2, "one environment cannot be read")
        assertNoSecret(run)
        assertNoSecret(all)
    }
}
