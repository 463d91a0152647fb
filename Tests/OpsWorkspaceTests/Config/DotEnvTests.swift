import XCTest
@testable import OpsWorkspace

final class DotEnvTests: XCTestCase {
    func testDotEnv_Forms() throws {
        let text = "\u{FEFF}# top\r\nA=1\r\nexport B = two words # note\nC='single #not comment'\n"
            + "D=\"dq \\\"x\\\" \\n y\"\nE=\nF=pass#word\n  G=  spaced  \nA=override\n"
        let vars = try DotEnv.parse(text, file: ".env")
        XCTAssertEqual(vars["A"], "override")
        XCTAssertEqual(vars["B"], "two words")
        XCTAssertEqual(vars["C"], "single #not comment")
        XCTAssertEqual(vars["D"], "dq \"x\" \n y")
        XCTAssertEqual(vars["E"], "")
        XCTAssertEqual(vars["F"], "pass#word")
        XCTAssertEqual(vars["G"], "spaced")
        XCTAssertEqual(vars.count, 7)
    }

    func testDotEnv_BadLines_NameLine() {
        for (text, line) in [("A=1\nnot an assignment\n", 2), ("A='open\n", 1), ("1A=x\n", 1), ("A=\"x\" junk\n", 1)] {
            XCTAssertThrowsError(try DotEnv.parse(text, file: ".env")) { error in
                XCTAssertEqual(error as? WorkspaceError, .dotEnvSyntax(file: ".env", line: line), text)
            }
        }
    }
}
