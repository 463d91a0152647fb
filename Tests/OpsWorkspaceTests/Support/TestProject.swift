import Foundation
import XCTest
@testable import OpsWorkspace

/// A throwaway project directory for one test, removed when the test ends.
final class TestProject {
    let root: String

    /// The secret every test sets, to check it never reaches a message.
    static let secret = "s3cretpw"
    static let environment = ["STAGING_DATABASE_URL": "postgresql://u:\(secret)@h/db",
                              "DATABASE_URL": "postgresql://u:\(secret)@localhost/dev"]

    init() {
        let base = FileManager.default.temporaryDirectory.path
        root = (base as NSString).appendingPathComponent("ws-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String { write(relative, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) -> String {
        let full = path(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    @discardableResult
    func mkdir(_ relative: String) -> String {
        try! FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
        return path(relative)
    }

    /// Loads the workspace from `cwd` (relative to the project root).
    func load(cwd: String = "", config: String? = nil,
              environment: [String: String] = TestProject.environment) throws -> Workspace {
        try Workspace.load(configPath: config, cwd: path(cwd), environment: environment)
    }

    /// The WorkspaceError that loading throws; fails the test when it does not throw one.
    func loadError(cwd: String = "", config: String? = nil,
                   environment: [String: String] = TestProject.environment,
                   file: StaticString = #filePath, line: UInt = #line) -> WorkspaceError? {
        do {
            _ = try load(cwd: cwd, config: config, environment: environment)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as WorkspaceError {
            return error
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
        }
        return nil
    }
}

/// Asserts the message starts with `prefix` (file:line), contains each of `parts`, and leaks no secret.
func assertMessage(_ error: Error?, startsWith prefix: String, contains parts: [String] = [],
                   file: StaticString = #filePath, line: UInt = #line) {
    guard let error else { return XCTFail("no error", file: file, line: line) }
    let message = String(describing: error)
    XCTAssertTrue(message.hasPrefix(prefix), "expected prefix \(prefix) in: \(message)", file: file, line: line)
    for part in parts {
        XCTAssertTrue(message.contains(part), "expected \"\(part)\" in: \(message)", file: file, line: line)
    }
    assertNoSecret(message, file: file, line: line)
    assertNoSecret(String(reflecting: error), file: file, line: line)
}

func assertNoSecret(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(text.contains(TestProject.secret), "secret leaked in: \(text)", file: file, line: line)
}
