import XCTest
import OpsCore
@testable import OpsPostgres

/// The pure rows → schema rules, without a database.
final class SchemaBuilderTests: XCTestCase {
    func testBuild_ColumnFields_AbsentWhenNone() {
        var rows = CatalogRows()
        rows.columns = [.init(schema: "public", table: "t", name: "a", type: "text", notNull: false,
                              defaultExpression: nil, generated: nil, collation: nil)]
        let c = SchemaBuilder.snapshot(from: rows)[.column, "public.t.a"]
        XCTAssertEqual(c, SchemaObject(kind: .column, name: "public.t.a", parent: "public.t",
                                       fields: ["type": "text", "nullable": "true"], ordinal: 0))
    }

    func testBuild_CodesBecomeWords() {
        var rows = CatalogRows()
        rows.constraints = [.init(schema: "s", table: "t", name: "x", type: "x", definition: "EXCLUDE …")]
        rows.triggers = [.init(schema: "s", table: "t", name: "g", definition: "CREATE TRIGGER …", enabled: "R")]
        rows.tables = [.init(schema: "s", name: "t", persistence: "u", rowSecurity: true)]
        rows.views = [.init(schema: "s", name: "m", materialized: true, definition: "SELECT 1")]
        rows.functions = [.init(schema: "s", name: "f", arguments: "integer, text", definition: "…")]
        let s = SchemaBuilder.snapshot(from: rows)
        XCTAssertEqual(s[.constraint, "s.t.x"]?.fields["type"], "exclusion")
        XCTAssertEqual(s[.trigger, "s.t.g"]?.fields["enabled"], "replica")
        XCTAssertEqual(s[.table, "s.t"]?.fields, ["persistence": "unlogged", "row_security": "enabled"])
        XCTAssertEqual(s[.materializedView, "s.m"]?.parent, "s")
        XCTAssertNotNil(s[.function, "s.f(integer, text)"])
    }
}
