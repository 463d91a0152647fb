import Foundation
import XCTest

/// The demo's three databases (built once per test run by scripts/demo-setup.sh with prefix `e2e_`) and a
/// fresh copy of the example project pointing at them.
enum CrisisProject {
    static let prefix = "e2e_"
    nonisolated(unsafe) private static var databasesReady = false

    static var password: String { BinaryHarness.env("EVERMED_TEST_PG_PASSWORD") }

    static func url(_ env: String, password: String? = nil, port: String? = nil) -> String {
        let pw = password ?? self.password
        let p = port ?? BinaryHarness.env("EVERMED_TEST_PG_PORT")
        return "postgresql://postgres:\(pw)@127.0.0.1:\(p)/\(prefix)\(env)"
    }

    static var environment: [String: String] {
        ["DATABASE_URL": url("local"), "STAGING_DATABASE_URL": url("staging"), "PRODUCTION_DATABASE_URL": url("production")]
    }

    /// Creates the databases on first use; later calls reuse them (every test here only reads them).
    static func ensureDatabases() throws {
        if databasesReady { return }
        let server = try BinaryHarness.testServer()
        let result = try BinaryHarness.shell("scripts/demo-setup.sh \"$EVERMED_TEST_PG\" \(prefix)", env: ["EVERMED_TEST_PG": server])
        XCTAssertEqual(result.code, 0, "demo-setup.sh failed: \(result.output)")
        databasesReady = result.code == 0
    }

    /// A temp copy of examples/evermed (config + migrations), ready to run the binary in.
    static func copy(_ test: XCTestCase) throws -> URL {
        try ensureDatabases()
        let dir = try BinaryHarness.tempDir(test)
        let source = BinaryHarness.repoRoot.appendingPathComponent("examples/evermed")
        for item in ["evermed-ops.yml", "db"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    static func migrationsDir(_ project: URL) -> URL { project.appendingPathComponent("db/migrations") }
}

/// Assertions shared by the end-to-end tests.
func assertNoSecret(_ run: BinaryHarness.Run, _ secrets: [String] = [CrisisProject.password],
                    file: StaticString = #filePath, line: UInt = #line) {
    for secret in secrets where !secret.isEmpty {
        XCTAssertFalse(run.all.contains(secret), "a secret leaked into the output:\n\(run.all)", file: file, line: line)
    }
    XCTAssertFalse(run.all.contains("postgresql://postgres:"), "a credentialed URL leaked:\n\(run.all)", file: file, line: line)
}
