@testable import OpsPostgres
import XCTest

final class IntegerMapTests: XCTestCase {
    func testInsertReadReplace_GrowsPastItsCapacity() {
        var map = IntegerMap<UInt64, String>(capacity: 2)
        for k in 0..<5_000 as Range<UInt64> { map[k * 7919] = "v\(k)" }
        XCTAssertEqual(map.count, 5_000)
        for k in 0..<5_000 as Range<UInt64> { XCTAssertEqual(map[k * 7919], "v\(k)") }
        XCTAssertNil(map[1], "never inserted")
        map[7919] = "replaced"
        XCTAssertEqual(map[7919], "replaced")
        XCTAssertEqual(map.count, 5_000, "a replaced value is not a new entry")
    }

    func testColumnKeys_OfManyRelationsDoNotCollideIntoWrongValues() {
        var map = IntegerMap<UInt64, Int>()
        for relid in 16_384..<16_584 as Range<UInt32> {
            for attnum in 1...12 as ClosedRange<Int16> { map[CatalogRows.columnKey(relid, attnum)] = Int(relid) * 100 + Int(attnum) }
        }
        XCTAssertEqual(map[CatalogRows.columnKey(16_500, 7)], 1_650_007)
        XCTAssertNil(map[CatalogRows.columnKey(16_500, 13)])
        XCTAssertNil(map[CatalogRows.columnKey(99, 1)])
    }

    func testForEach_VisitsEveryKeyOnceWithItsValue() {
        var map = IntegerMap<UInt32, String>(capacity: 1)
        for k in 1...300 as ClosedRange<UInt32> { map[k * 31] = "v\(k)" }
        map[31] = "replaced"
        var seen: [UInt32: String] = [:]
        map.forEach { key, value in XCTAssertNil(seen.updateValue(value, forKey: key), "\(key) twice") }
        XCTAssertEqual(seen.count, 300)
        XCTAssertEqual(seen[31], "replaced")
        XCTAssertEqual(seen[31 * 300], "v300")
    }

    func testDictionaryLiteral() {
        let map: IntegerMap<UInt32, String> = [10: "users", 20: "orders"]
        XCTAssertEqual(map[20], "orders")
        XCTAssertNil(map[30])
        XCTAssertTrue(IntegerMap<UInt32, String>().isEmpty)
    }
}
