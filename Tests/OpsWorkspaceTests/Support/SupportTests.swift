import XCTest
@testable import OpsWorkspace
import OpsCore

final class SupportTests: XCTestCase {
    func testDuration_Units() {
        XCTAssertEqual(DurationText.seconds("10s"), 10)
        XCTAssertEqual(DurationText.seconds("500ms"), 0.5)
        XCTAssertEqual(DurationText.seconds("2m"), 120)
        XCTAssertEqual(DurationText.seconds("1h"), 3600)
        XCTAssertEqual(DurationText.seconds("7"), 7)
        XCTAssertEqual(DurationText.seconds("1.5"), 1.5)
        XCTAssertEqual(DurationText.seconds(" 3 s "), 3)
        XCTAssertEqual(DurationText.seconds("10min"), 600)
        for bad in ["", "s", "-1s", "ten", "1e3", "inf", "10 seconds", "1.2.3s", "5d"] {
            XCTAssertNil(DurationText.seconds(bad), bad)
        }
    }

    func testVariableExpander_Forms() throws {
        let env = ["A": "x", "EMPTY": ""]
        XCTAssertEqual(try VariableExpander.expand("p-${A}-${B:-def}-${EMPTY:-e}-$A", variables: env).get(),
                       .init(value: "p-x-def-e-$A", variables: ["A", "B", "EMPTY"]))
        XCTAssertEqual(try VariableExpander.expand("${EMPTY}", variables: env).get().value, "")
        XCTAssertEqual(try VariableExpander.expand("${A:-}", variables: env).get().value, "x")
        XCTAssertThrowsError(try VariableExpander.expand("${MISSING}", variables: env).get()) {
            XCTAssertEqual($0 as? VariableExpander.Failure, .unset("MISSING"))
        }
        XCTAssertThrowsError(try VariableExpander.expand("a${A", variables: env).get()) {
            XCTAssertEqual($0 as? VariableExpander.Failure, .unterminated)
        }
    }

    func testSuggestion_Closest() {
        XCTAssertEqual(Suggestion.closest(to: "stagign", in: ["local", "staging"]), "staging")
        XCTAssertEqual(Suggestion.closest(to: "prod", in: ["local", "staging", "production"]), "production")
        XCTAssertEqual(Suggestion.closest(to: "LOCAL", in: ["local"]), "local")
        XCTAssertNil(Suggestion.closest(to: "zzzzzz", in: ["local", "staging"]))
        XCTAssertEqual(Suggestion.distance(Array("kitten"), Array("sitting")), 3)
    }

    func testUTF8Check_FindsFirstInvalidByte() {
        XCTAssertNil(UTF8Check.firstInvalidOffset(Array("héllo €𝄞".utf8)))
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0x61, 0xC0, 0x80]), 1)  // overlong
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0xED, 0xA0, 0x80]), 0)  // surrogate
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0x61, 0xE2, 0x82]), 1)  // truncated
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0xF4, 0x90, 0x80, 0x80]), 0)  // > U+10FFFF
        XCTAssertEqual(UTF8Check.line(ofOffset: 4, in: Array("a\nb\nc".utf8)), 3)
    }

    func testMigrationName_Rule() {
        for good in ["20251011000000_fix_personal_model_schema", "1_a", "0042_Add-Users_2"] {
            XCTAssertTrue(MigrationName.isValid(good), good)
        }
        for bad in ["init", "_x", "2025", "2025_", "2025-add", "2025_add users", "2025_é", "x2025_a"] {
            XCTAssertFalse(MigrationName.isValid(bad), bad)
        }
        XCTAssertEqual(MigrationName.suggestedRename(for: "20251011-Add Users!"), "20251011_add_users")
        XCTAssertEqual(MigrationName.suggestedRename(for: "add users"), "YYYYMMDDHHMMSS_add_users")
    }

    func testRelativePath() {
        XCTAssertEqual(FileSystem.relative("/a/b/c", from: "/a/b"), "c")
        XCTAssertEqual(FileSystem.relative("/a/x.yml", from: "/a/b/c"), "../../x.yml")
        XCTAssertEqual(FileSystem.relative("/a/b", from: "/a/b"), ".")
        XCTAssertEqual(FileSystem.relative("/x.yml", from: "/a/b/c/d/e"), "/x.yml")
    }
}
