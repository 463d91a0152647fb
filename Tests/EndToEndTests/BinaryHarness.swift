import Foundation
import XCTest

/// Runs the built `evermed-ops` binary the way a user would: in a project directory, with an environment,
/// capturing stdout, stderr and the exit code.
struct BinaryHarness {
    struct Run {
        var stdout: String
        var stderr: String
        var code: Int32
        var all: String { stdout + stderr }
    }

    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `EVERMED_OPS_BIN` (set by `make test`), else the debug build next to the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["EVERMED_OPS_BIN"] { return path }
        return repoRoot.appendingPathComponent(".build/debug/evermed-ops").path
    }

    /// Superuser conninfo of the throwaway test cluster started by `make test`.
    static func testServer() throws -> String {
        guard let conninfo = ProcessInfo.processInfo.environment["EVERMED_TEST_PG"] else {
            XCTFail("EVERMED_TEST_PG is not set: run the tests through 'make test', which starts a throwaway PostgreSQL")
            throw NSError(domain: "EVERMED_TEST_PG unset", code: 1)
        }
        return conninfo
    }

    static func env(_ key: String) -> String { ProcessInfo.processInfo.environment[key] ?? "" }

    /// The test's environment without the variables that would point the binary at real databases, plus `extra`.
    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL", "SHADOW_DATABASE_URL", "NO_COLOR"] {
            environment[key] = nil
        }
        for (k, v) in extra { environment[k] = v }
        return environment
    }

    static func run(_ args: [String], cwd: URL, env extra: [String: String] = [:], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        process.currentDirectoryURL = cwd
        process.environment = childEnvironment(extra)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                   code: process.terminationStatus)
    }

    static func shell(_ command: String, env extra: [String: String] = [:]) throws -> (output: String, code: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = repoRoot
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Runs `executable` with `args` in `cwd` (stdin empty), stdout and stderr together: for the commands a
    /// test runs around the binary (bash, util-linux `script`).
    static func process(_ executable: String, _ args: [String], cwd: URL, environment: [String: String]) throws
        -> (output: String, code: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.currentDirectoryURL = cwd
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let dict = object as? [String: Any] else { throw NSError(domain: "json", code: 1) }
        return dict
    }

    /// A fresh temporary project directory, removed by the caller's `addTeardownBlock`.
    static func tempDir(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evermed-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}
