import XCTest
@testable import OpsCore

/// Issue 7: `describe local 'x"; drop table y; --'` showed table public.y. A table name is one or two SQL
/// identifiers; anything else is not a name.
final class TableNameTests: XCTestCase {
    func testParse_Identifiers() {
        XCTAssertEqual(TableName.parse("users"), TableName(table: "users"))
        XCTAssertEqual(TableName.parse("sales.orders"), TableName(schema: "sales", table: "orders"))
        XCTAssertEqual(TableName.parse("\"My Table\""), TableName(table: "My Table", quoted: true))
        XCTAssertEqual(TableName.parse("\"s.x\".\"a \"\"b\"\"\""), TableName(schema: "s.x", table: "a \"b\"", quoted: true))
        XCTAssertEqual(TableName.parse("User"), TableName(table: "User"))
    }

    func testParse_NotANames() {
        for text in ["x\"; drop table y; --", "my table", "a.b.c", "\"unclosed", "\"\"", "", ".x", "x.", "a\nb", "users;"] {
            XCTAssertNil(TableName.parse(text), text)
        }
    }

    func testResolve_ExactThenCaseInsensitiveForUnquoted() {
        let tables = ["public.User", "public.orders", "public.Orders", "sales.orders", "public.My Table"]
        XCTAssertEqual(TableName.parse("user")?.resolve(in: tables), "public.User")
        XCTAssertEqual(TableName.parse("orders")?.resolve(in: tables), "public.orders")
        XCTAssertNil(TableName.parse("ORDERS")?.resolve(in: tables), "two tables match ignoring case: not guessed")
        XCTAssertEqual(TableName.parse("\"My Table\"")?.resolve(in: tables), "public.My Table")
        XCTAssertNil(TableName.parse("\"user\"")?.resolve(in: tables), "quoted: exact spelling only")
        XCTAssertEqual(TableName.parse("sales.orders")?.resolve(in: tables), "sales.orders")
    }

    func testDescription_HostileName_NotAnotherTable() {
        let snapshot = SchemaSnapshot([SchemaObject(kind: .table, name: "public.y", parent: "public")])
        XCTAssertNil(TableDescription.make(snapshot, table: "x\"; drop table y; --"))
        XCTAssertNotNil(TableDescription.make(snapshot, table: "y"))
    }
}
