import XCTest
import OpsCore
@testable import OpsPostgres

final class ReplayErrorTests: XCTestCase {
    func statement(_ sql: String, _ index: Int = 0) -> SQLScript.Statement { SQLScript(sql).executable[index] }

    func testLine_FirstCharacter_IsLine1() {
        XCTAssertEqual(statement("SELECT 1;\nSELECT 2;").line(ofPosition: 1), 1)
    }

    func testLine_AfterNewlines() {
        let s = statement("a\nbb\n\nccc")
        XCTAssertEqual(s.line(ofPosition: 2), 1)  // the first newline itself
        XCTAssertEqual(s.line(ofPosition: 3), 2)
        XCTAssertEqual(s.line(ofPosition: 6), 3)
        XCTAssertEqual(s.line(ofPosition: 7), 4)
    }

    func testLine_CountsCharactersNotBytes_AndCRLF() {
        // "é" is two UTF-8 bytes but one character for the server; "\r\n" is two characters.
        XCTAssertEqual(statement("é\r\nx").line(ofPosition: 4), 2)
    }

    func testLine_SecondStatement_CountsFromTheFileStart() {
        let s = statement("SELECT 1;\r\n-- note\r\nSELECT nope;", 1)
        XCTAssertEqual(s.line, 3)
        XCTAssertEqual(s.line(ofPosition: s.text.unicodeScalars.count - 3), 3)
    }

    func testDescription_WithoutLine() {
        let e = ReplayError(migrationName: "m", path: "p.sql", sqlstate: nil, message: "boom", line: nil)
        XCTAssertEqual(e.description, "migration m (p.sql) failed while replaying on the shadow database: boom. "
                       + "Fix the SQL in that file, or check that earlier migrations create what it needs.")
    }
}
