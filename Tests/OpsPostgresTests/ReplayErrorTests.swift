import XCTest
@testable import OpsPostgres

final class ReplayErrorTests: XCTestCase {
    func testLine_FirstCharacter_IsLine1() {
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 1, in: "SELECT 1;\nSELECT 2;"), 1)
    }

    func testLine_AfterNewlines() {
        let script = "a\nbb\n\nccc"
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 2, in: script), 1)  // the first newline itself
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 3, in: script), 2)
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 6, in: script), 3)
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 7, in: script), 4)
    }

    func testLine_CountsCharactersNotBytes_AndCRLF() {
        // "é" is two UTF-8 bytes but one character for the server; "\r\n" is two characters.
        let script = "é\r\nx"
        XCTAssertEqual(ReplayError.line(ofCharacterPosition: 4, in: script), 2)
    }

    func testLine_OutOfRange_IsNil() {
        XCTAssertNil(ReplayError.line(ofCharacterPosition: 0, in: "abc"))
        XCTAssertNil(ReplayError.line(ofCharacterPosition: 4, in: "abc"))
    }

    func testDescription_WithoutLine() {
        let e = ReplayError(migrationName: "m", path: "p.sql", sqlstate: nil, message: "boom", line: nil)
        XCTAssertEqual(e.description, "migration m (p.sql) failed while replaying on the shadow database: boom. "
                       + "Fix the SQL in that file, or check that earlier migrations create what it needs.")
    }
}
