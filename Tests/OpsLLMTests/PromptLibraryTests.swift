import XCTest
@testable import OpsLLM

final class PromptLibraryTests: XCTestCase {
    func testShippedTemplatesRender_ProjectOverridesByName_BrokenAndMissingAreClearErrors() throws {
        let shipped = PromptLibrary()
        XCTAssertEqual(Set(shipped.templates.keys), ["ask", "database-architect", "diagnose", "route"])
        let text = try shipped.render("diagnose", ["environment": "production", "summary": "S", "verify": "check all",
                                                    "causes": [["rule": "failed_migration", "message": "M", "evidence": ["E1"]]],
                                                    "plan": [["index": 1, "command": "deploy staging", "why": "W", "mutating": true]]])
        XCTAssertTrue(text.contains("- [failed_migration] M\n    - E1"), text)
        XCTAssertTrue(text.contains("1. deploy staging (mutating) — W"), text)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "Own: {{line}}".write(to: dir.appendingPathComponent("route.md"), atomically: true, encoding: .utf8)
        try "{{#causes}} never closed".write(to: dir.appendingPathComponent("diagnose.md"), atomically: true, encoding: .utf8)
        let project = PromptLibrary(projectDirectory: dir.path)
        XCTAssertEqual(try project.render("route", ["line": "x"]), "Own: x")
        XCTAssertThrowsError(try project.render("diagnose", [:])) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("The prompt template prompts/diagnose.md does not parse"), "\(error)")
        }
        XCTAssertThrowsError(try project.render("nope", [:])) { error in
            XCTAssertTrue(String(describing: error).contains("There is no prompt template nope.md"), "\(error)")
        }
    }
}
