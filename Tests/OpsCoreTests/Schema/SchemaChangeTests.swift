import Foundation
import XCTest
@testable import OpsCore

/// The JSON shape `check --json` and `diff --json` print.
final class SchemaChangeTests: XCTestCase {
    private func object(_ change: SchemaChange) throws -> [String: Any] {
        let data = try JSONEncoder().encode(change)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testEncode_WholeObjectChanges_OnlyKindNameChange() throws {
        for change in [SchemaChange.Change.missing, .unexpected, .added, .removed] {
            // Even if a caller filled them in, whole-object changes carry no field values.
            let c = SchemaChange(kind: .table, name: "public.Post", change: change, field: "x", expected: "a", actual: "b")
            let json = try object(c)
            XCTAssertEqual(Set(json.keys), ["kind", "name", "change"], "\(change)")
            XCTAssertEqual(json["kind"] as? String, "table")
            XCTAssertEqual(json["name"] as? String, "public.Post")
            XCTAssertEqual(json["change"] as? String, change.rawValue)
        }
    }

    func testEncode_Changed_HasFieldExpectedActual() throws {
        let json = try object(SchemaChange(kind: .column, name: "public.User.email", change: .changed,
                                           field: "type", expected: "text", actual: "character varying(255)"))
        XCTAssertEqual(Set(json.keys), ["kind", "name", "change", "field", "expected", "actual"])
        XCTAssertEqual(json["change"] as? String, "changed")
        XCTAssertEqual(json["field"] as? String, "type")
        XCTAssertEqual(json["expected"] as? String, "text")
        XCTAssertEqual(json["actual"] as? String, "character varying(255)")
    }

    func testEncode_ChangedWithNilValues_EncodesNull() throws {
        let c = SchemaChange(kind: .column, name: "public.User.createdAt", change: .changed,
                             field: "default", expected: "CURRENT_TIMESTAMP", actual: nil)
        let json = try object(c)
        XCTAssertTrue(json["actual"] is NSNull, "nil must be an explicit null, not an absent key")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(c), as: UTF8.self),
                       #"{"actual":null,"change":"changed","expected":"CURRENT_TIMESTAMP","field":"default","#
                           + #""kind":"column","name":"public.User.createdAt"}"#)
    }

    func testEncode_MaterializedViewKind_UsesSnakeCase() throws {
        let json = try object(SchemaChange(kind: .materializedView, name: "public.PostStats", change: .missing))
        XCTAssertEqual(json["kind"] as? String, "materialized_view")
    }

    func testDecode_EncodedChanges_RoundTrip() throws {
        let changes = [
            SchemaChange(kind: .table, name: "public.Post", change: .missing),
            SchemaChange(kind: .column, name: "public.User.email", change: .changed, field: "collation",
                         expected: nil, actual: "C"),
        ]
        XCTAssertEqual(try JSONDecoder().decode([SchemaChange].self, from: JSONEncoder().encode(changes)), changes)
    }
}
