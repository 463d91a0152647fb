import XCTest
@testable import OpsPostgres

/// Columns found by table and attnum without a map of every column (`ColumnSlots`).
final class ColumnSlotsTests: XCTestCase {
    private func column(_ relid: UInt32, _ attnum: Int16) -> CatalogRows.Column {
        .init(schema: "", table: "", name: "c\(attnum)", type: "text", notNull: false, defaultExpression: nil,
              generated: nil, collation: nil, relid: relid, attnum: attnum)
    }

    func testFindsEachColumn_TablesSplitAndGapsAllowed() {
        // Table 10's columns come in two runs (a column added later lands elsewhere in pg_attribute); 3 was dropped.
        // Table 30's second run holds a lower attnum than its first: its run is as long as its highest.
        let columns = [column(10, 1), column(10, 2), column(20, 1), column(10, 4), column(20, 2), column(30, 5),
                       column(30, 2)]
        let slots = ColumnSlots(columns)
        for (i, c) in columns.enumerated() {
            XCTAssertEqual(slots[c.relid, c.attnum], i, "\(c.relid).\(c.attnum)")
        }
        XCTAssertNil(slots[10, 3], "a gap (a dropped column)")
        XCTAssertNil(slots[10, 5], "past the table's highest attnum")
        XCTAssertNil(slots[30, 1], "a gap below the columns read")
        XCTAssertNil(slots[40, 1], "a table not read")
        XCTAssertNil(slots[10, 0], "a system attnum")
        XCTAssertNil(slots[10, -1])
    }

    func testNoColumns() {
        XCTAssertNil(ColumnSlots([])[10, 1])
    }
}
