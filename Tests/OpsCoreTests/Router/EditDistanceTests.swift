import XCTest
@testable import OpsCore

final class EditDistanceTests: XCTestCase {
    func testDistance_DamerauLevenshtein() {
        XCTAssertEqual(EditDistance.distance("check", "check"), 0)
        XCTAssertEqual(EditDistance.distance("chek", "check"), 1)
        XCTAssertEqual(EditDistance.distance("stagign", "staging"), 1, "a transposition costs 1")
        XCTAssertEqual(EditDistance.distance("lcoal", "local"), 1)
        XCTAssertEqual(EditDistance.distance("prodction", "production"), 1)
        XCTAssertEqual(EditDistance.distance("", "abc"), 3)
        XCTAssertEqual(EditDistance.distance("deploy", "status"), 6)
    }

    func testDistance_LimitStopsEarly() {
        XCTAssertGreaterThan(EditDistance.distance(Array("deploy".utf8), Array("status".utf8), limit: 2), 2)
        XCTAssertGreaterThan(EditDistance.distance(Array("a".utf8), Array("abcdef".utf8), limit: 2), 2)
    }

    func testTolerance() {
        XCTAssertEqual(EditDistance.tolerance(for: "do"), 0)
        XCTAssertEqual(EditDistance.tolerance(for: "chek"), 1)
        XCTAssertEqual(EditDistance.tolerance(for: "check"), 1)
        XCTAssertEqual(EditDistance.tolerance(for: "stagin"), 2)
    }
}
