import Foundation
import XCTest
@testable import OpsCore

/// Fixture-driven: each case is a folder under `Fixtures/` (see `DriftFixture`).
final class SchemaDiffTests: XCTestCase {
    static let cases = [
        "identical", "missing-table", "unexpected-table", "missing-column", "unexpected-column",
        "column-type-changed", "column-nullable-changed", "column-default-changed", "column-identity-changed",
        "column-generated-changed", "column-collation-changed", "column-several-fields-changed",
        "index-definition-changed", "constraint-missing", "constraint-unexpected", "constraint-changed",
        "enum-values-changed", "view-definition-changed", "materialized-view-definition-changed",
        "materialized-view-missing", "function-unexpected", "function-missing", "function-changed",
        "sequence-changed", "trigger-changed", "extension-version-changed", "schema-missing", "many-kinds-ordered",
    ]

    @discardableResult
    private func assertDrift(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [SchemaChange] {
        let fixture = try DriftFixture.load(name)
        let drift = SchemaDiff.drift(expected: fixture.expected, actual: fixture.actual)
        XCTAssertEqual(drift, fixture.drift, "\(name): got \(Self.json(drift))", file: file, line: line)
        return drift
    }

    static func json(_ changes: [SchemaChange]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(changes)).flatMap { String(data: $0, encoding: .utf8) } ?? "?"
    }

    func testFixtures_EveryFolderHasATest() throws {
        XCTAssertEqual(try DriftFixture.allNames(), Self.cases.sorted())
    }

    func testDrift_IdenticalSchemas_NoChange() throws {
        let fixture = try DriftFixture.load("identical")
        XCTAssertGreaterThan(fixture.expected.count, 30, "the base schema fixture did not load")
        XCTAssertEqual(SchemaDiff.drift(expected: fixture.expected, actual: fixture.actual), [])
        XCTAssertEqual(SchemaDiff.diff(from: fixture.expected, to: fixture.actual), [])
    }

    func testDrift_MissingTable_ReportsTableOnly() throws {
        let drift = try assertDrift("missing-table")
        XCTAssertFalse(drift.contains { $0.name.hasPrefix("public.Post.") }, "children of the missing table listed")
    }

    func testDrift_UnexpectedTable_ReportsTableOnly() throws {
        let drift = try assertDrift("unexpected-table")
        XCTAssertEqual(drift.count, 1)
    }

    func testDrift_MissingColumn_ReportsColumn() throws { try assertDrift("missing-column") }
    func testDrift_UnexpectedColumn_ReportsColumn() throws { try assertDrift("unexpected-column") }
    func testDrift_ColumnTypeChanged_ReportsField() throws { try assertDrift("column-type-changed") }
    func testDrift_ColumnNullableChanged_ReportsField() throws { try assertDrift("column-nullable-changed") }
    func testDrift_ColumnIdentityChanged_ReportsField() throws { try assertDrift("column-identity-changed") }
    func testDrift_ColumnGeneratedChanged_ReportsField() throws { try assertDrift("column-generated-changed") }

    func testDrift_ColumnDefaultChangedAndDropped_ReportsFieldWithNilActual() throws {
        let drift = try assertDrift("column-default-changed")
        XCTAssertEqual(drift.first?.expected, "CURRENT_TIMESTAMP")
        XCTAssertNil(drift.first?.actual)
    }

    func testDrift_ColumnCollationAdded_ReportsFieldWithNilExpected() throws {
        let drift = try assertDrift("column-collation-changed")
        XCTAssertNil(drift.first?.expected)
        XCTAssertEqual(drift.first?.actual, "C")
    }

    func testDrift_ColumnSeveralFieldsChanged_ReportsInFieldOrderThenExtraByName() throws {
        let drift = try assertDrift("column-several-fields-changed")
        XCTAssertEqual(drift.map(\.field), ["type", "nullable", "default", "comment"])
    }

    func testDrift_IndexDefinitionChanged_ReportsField() throws { try assertDrift("index-definition-changed") }
    func testDrift_ConstraintMissing_Reported() throws { try assertDrift("constraint-missing") }
    func testDrift_ConstraintUnexpected_Reported() throws { try assertDrift("constraint-unexpected") }
    func testDrift_ConstraintChanged_ReportsDefinition() throws { try assertDrift("constraint-changed") }
    func testDrift_EnumValuesChanged_ReportsValues() throws { try assertDrift("enum-values-changed") }
    func testDrift_ViewDefinitionChanged_ReportsDefinition() throws { try assertDrift("view-definition-changed") }

    func testDrift_MaterializedViewDefinitionChanged_ReportsDefinition() throws {
        let drift = try assertDrift("materialized-view-definition-changed")
        XCTAssertEqual(drift.first?.kind, .materializedView)
    }

    func testDrift_MaterializedViewMissing_ItsIndexNotListed() throws {
        // Indexes sort (kind order) before materialized views; they are still covered by their parent.
        let drift = try assertDrift("materialized-view-missing")
        XCTAssertFalse(drift.contains { $0.kind == .index })
    }

    func testDrift_FunctionUnexpected_Reported() throws { try assertDrift("function-unexpected") }
    func testDrift_FunctionMissing_Reported() throws { try assertDrift("function-missing") }
    func testDrift_FunctionChanged_ReportsDefinition() throws { try assertDrift("function-changed") }

    func testDrift_SequenceChanged_ReportsInFieldOrder() throws {
        let drift = try assertDrift("sequence-changed")
        XCTAssertEqual(drift.map(\.field), ["increment", "cache"])
    }

    func testDrift_TriggerChanged_ReportsDefinitionAndEnabled() throws {
        let drift = try assertDrift("trigger-changed")
        XCTAssertEqual(drift.map(\.field), ["definition", "enabled"])
    }

    func testDrift_ExtensionVersionChanged_ReportsVersion() throws { try assertDrift("extension-version-changed") }

    func testDrift_SchemaMissing_CoversItsObjectsTransitively() throws {
        let drift = try assertDrift("schema-missing")
        XCTAssertEqual(drift.count, 1)
    }

    func testDrift_ManyKinds_SortedByKindThenName() throws {
        let drift = try assertDrift("many-kinds-ordered")
        let keys = drift.map { ObjectKey($0.kind, $0.name) }
        XCTAssertEqual(keys, keys.sorted())
    }

    // MARK: - Properties over every fixture

    func testDrift_SwappedSides_SwapsMissingUnexpectedAndValues() throws {
        for name in Self.cases {
            let f = try DriftFixture.load(name)
            let swapped = f.drift.map { c -> SchemaChange in
                var s = c
                s.change = c.change == .missing ? .unexpected : c.change == .unexpected ? .missing : c.change
                (s.expected, s.actual) = (c.actual, c.expected)
                return s
            }
            XCTAssertEqual(SchemaDiff.drift(expected: f.actual, actual: f.expected), swapped, name)
        }
    }

    func testDiff_EveryFixture_RemovedAddedChanged() throws {
        for name in Self.cases {
            let f = try DriftFixture.load(name)
            let expected = f.drift.map { c -> SchemaChange in
                var d = c
                if c.change == .missing { d.change = .removed }
                if c.change == .unexpected { d.change = .added }
                return d
            }
            XCTAssertEqual(SchemaDiff.diff(from: f.expected, to: f.actual), expected, name)
        }
    }

    func testDrift_InputOrder_DoesNotChangeOutput() throws {
        let f = try DriftFixture.load("many-kinds-ordered")
        let shuffled = SchemaSnapshot(f.actual.sorted.reversed())
        XCTAssertEqual(SchemaDiff.drift(expected: f.expected, actual: shuffled), f.drift)
    }

    // MARK: - diff(from:to:)

    func testDiff_AddedRemovedChanged_UsesFromAsExpectedAndToAsActual() {
        let from = SchemaSnapshot([
            SchemaObject(kind: .schema, name: "public"),
            SchemaObject(kind: .table, name: "public.old", parent: "public"),
            SchemaObject(kind: .column, name: "public.old.id", parent: "public.old", fields: ["type": "integer"]),
            SchemaObject(kind: .enum, name: "public.Role", parent: "public", fields: ["values": "A, B"]),
        ])
        let to = SchemaSnapshot([
            SchemaObject(kind: .schema, name: "public"),
            SchemaObject(kind: .table, name: "public.new", parent: "public"),
            SchemaObject(kind: .column, name: "public.new.id", parent: "public.new", fields: ["type": "integer"]),
            SchemaObject(kind: .enum, name: "public.Role", parent: "public", fields: ["values": "A, B, C"]),
        ])
        XCTAssertEqual(SchemaDiff.diff(from: from, to: to), [
            SchemaChange(kind: .enum, name: "public.Role", change: .changed, field: "values",
                         expected: "A, B", actual: "A, B, C"),
            SchemaChange(kind: .table, name: "public.new", change: .added),
            SchemaChange(kind: .table, name: "public.old", change: .removed),
        ])
    }

    func testDiff_SameNameDifferentKind_NotConfused() {
        // A constraint and the index behind it share a name; only the index is gone.
        let table = SchemaObject(kind: .table, name: "public.t", parent: "public")
        let constraint = SchemaObject(kind: .constraint, name: "public.t.t_key", parent: "public.t",
                                      fields: ["type": "unique", "definition": "UNIQUE (a)"])
        let index = SchemaObject(kind: .index, name: "public.t.t_key", parent: "public.t",
                                 fields: ["definition": "CREATE UNIQUE INDEX t_key ON public.t USING btree (a)"])
        XCTAssertEqual(SchemaDiff.diff(from: SchemaSnapshot([table, constraint, index]),
                                       to: SchemaSnapshot([table, constraint])),
                       [SchemaChange(kind: .index, name: "public.t.t_key", change: .removed)])
    }

    /// Cut into pieces (compared apart, as `diff` does on two threads) the comparison finds exactly what one walk
    /// finds, in the same order — changed fields, added and removed objects, children covered by a whole table.
    func testPieces_SameChangesAsOneWalk() {
        func side(_ range: Range<Int>, type: (Int) -> String) -> SchemaSnapshot {
            SchemaSnapshot(range.flatMap { t -> [SchemaObject] in
                [SchemaObject(kind: .table, name: "public.t\(t)", parent: "public")]
                    + (0..<4).map { c in SchemaObject(kind: .column, name: "public.t\(t).c\(c)", parent: "public.t\(t)",
                                                      fields: ["type": type(t * 4 + c)]) }
            })
        }
        let from = side(0..<900) { _ in "integer" }
        let to = side(100..<1000) { $0 % 97 == 0 ? "bigint" : "integer" }
        let whole = SchemaDiff.diff(from: from, to: to)
        XCTAssertFalse(whole.isEmpty)
        for count in [1, 2, 3, 7, 5000] {
            let pieces = SchemaDiff.pieces(from, to, count: count)
            XCTAssertLessThanOrEqual(pieces.count, max(count, 1))
            XCTAssertEqual(SchemaDiff.diff(pieces.map { SchemaDiff.compare(from, to, piece: $0) }), whole, "\(count) pieces")
        }
        XCTAssertEqual(whole.filter { $0.change == .removed }.count, 100, "tables only: their columns are covered")
        XCTAssertEqual(whole.filter { $0.change == .added }.count, 100)
    }
}
