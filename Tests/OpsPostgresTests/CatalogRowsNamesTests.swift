import XCTest
import OpsCore
@testable import OpsPostgres

/// Rows read by table oid get their names on the client (`CatalogRows.nameRelations`), without a database.
final class CatalogRowsNamesTests: XCTestCase {
    private func column(_ name: String, relid: UInt32, collation: UInt32 = 0, typeCollation: UInt32 = 0) -> CatalogRows.Column {
        .init(schema: "", table: "", name: name, type: "text", notNull: false, defaultExpression: nil,
              generated: nil, collation: nil, relid: relid, collationOID: collation, typeCollationOID: typeCollation)
    }

    func testNames_ComeFromTablesPartitionsAndMaterializedViews() {
        var rows = CatalogRows()
        rows.tables = [.init(schema: "public", name: "users", persistence: "p", rowSecurity: false, oid: 10)]
        rows.partitions = [.init(schema: "public", name: "m_2024", parentSchema: "public", parent: "m", bound: "…", oid: 20)]
        rows.views = [.init(schema: "app", name: "stats", materialized: true, definition: "SELECT 1", oid: 30),
                      .init(schema: "app", name: "plain", materialized: false, definition: "SELECT 1", oid: 40)]
        rows.columns = [column("email", relid: 10)]
        rows.indexes = [.init(schema: "", table: "", name: "m_2024_idx", definition: "…", relid: 20),
                        .init(schema: "", table: "", name: "stats_idx", definition: "…", relid: 30)]
        rows.constraints = [.init(schema: "", table: "", name: "users_pkey", type: "p", definition: "…", relid: 10)]
        let names = rows.nameRelations()
        XCTAssertEqual(rows.columns.map { "\($0.schema).\($0.table).\($0.name)" }, ["public.users.email"])
        XCTAssertEqual(rows.indexes.map { "\($0.schema).\($0.table)" }, ["public.m_2024", "app.stats"])
        XCTAssertEqual(rows.constraints.map { "\($0.schema).\($0.table)" }, ["public.users"])
        XCTAssertNil(names[40], "a plain view has no indexes")
        XCTAssertEqual(SchemaBuilder.snapshot(from: rows)[.index, "app.stats.stats_idx"]?.parent, "app.stats")
    }

    func testCollation_NamedOnlyWhenNotTheTypes_QualifiedOutsidePgCatalog() {
        var rows = CatalogRows()
        rows.tables = [.init(schema: "public", name: "t", persistence: "p", rowSecurity: false, oid: 10)]
        rows.lookups.collations = [100: (nil, "C"), 200: ("public", "german"), 300: (nil, "default")]
        rows.columns = [column("a", relid: 10, collation: 100, typeCollation: 300),
                        column("b", relid: 10, collation: 200, typeCollation: 300),
                        column("c", relid: 10, collation: 300, typeCollation: 300),
                        column("d", relid: 10)]
        rows.nameRelations()
        XCTAssertEqual(rows.columns.map(\.collation), ["C", "public.german", nil, nil])
    }

    func testUnknownRelation_Dropped_PreNamedRowsKept() {
        var rows = CatalogRows()
        rows.columns = [column("orphan", relid: 99),
                        .init(schema: "s", table: "t", name: "kept", type: "text", notNull: false, defaultExpression: nil,
                              generated: nil, collation: "C")]
        rows.indexes = [.init(schema: "", table: "", name: "orphan_idx", definition: "…", relid: 99)]
        rows.nameRelations()
        XCTAssertEqual(rows.columns.map(\.name), ["kept"])
        XCTAssertEqual(rows.columns.first?.collation, "C", "a row named already is left as it is")
        XCTAssertTrue(rows.indexes.isEmpty)
    }
}
