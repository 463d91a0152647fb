import Foundation
import XCTest

/// Ctrl-C while a shadow database is being replayed: the process exits 130 and leaves no shadow behind.
final class InterruptEndToEndTests: XCTestCase {
    func shadowDatabases(_ server: String) throws -> [String] {
        let list = try BinaryHarness.shell(
            "psql -X -A -t \"$EVERMED_TEST_PG\" -c \"select datname from pg_database where datname like 'evermed_shadow_%'\"",
            env: ["EVERMED_TEST_PG": server])
        XCTAssertEqual(list.code, 0, list.output)
        return list.output.split(separator: "\n").map(String.init)
    }

    func testSIGINT_DuringReplay_DropsShadowAndExits130() throws {
        let server = try BinaryHarness.testServer()
        let project = try CrisisProject.copy(self)
        let slow = CrisisProject.migrationsDir(project).appendingPathComponent("20251020000000_slow")
        try FileManager.default.createDirectory(at: slow, withIntermediateDirectories: true)
        try "SELECT pg_sleep(30);\n".write(to: slow.appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)
        let before = try shadowDatabases(server)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryHarness.binary)
        process.arguments = ["diff", "local", "migrations"]
        process.currentDirectoryURL = project
        var env = ProcessInfo.processInfo.environment
        for (k, v) in CrisisProject.environment { env[k] = v }
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()

        // Wait until the shadow database exists (the replay is sleeping inside it), then press Ctrl-C.
        var appeared = false
        for _ in 0..<100 where !appeared {
            Thread.sleep(forTimeInterval: 0.1)
            appeared = try shadowDatabases(server).count > before.count
        }
        XCTAssertTrue(appeared, "the shadow database never appeared")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("interrupted"), stderr)
        XCTAssertEqual(try shadowDatabases(server), before, "no shadow database is left behind")
    }
}
