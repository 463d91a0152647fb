import Foundation
import XCTest
@testable import OpsCore

final class SchemaFieldsTests: XCTestCase {
    func testEquality_IgnoresTheOrderFieldsWereGiven() {
        let a: SchemaFields = ["type": "integer", "nullable": "false", "default": "0"]
        let b = SchemaFields(pairs: [("default", "0"), ("nullable", "false"), ("type", "integer")])
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.keys, ["default", "nullable", "type"], "name order")
        XCTAssertNotEqual(a, ["type": "integer", "nullable": "true", "default": "0"])
        XCTAssertNotEqual(a, ["type": "integer", "nullable": "false"], "a field fewer")
    }

    /// One builder reused for many objects gives each exactly the fields added since the last `take`, as
    /// `init(pairs:)` would; a name out of order still works, and a NUL in a value is stored as `?`.
    func testBuilder_ReusedAcrossObjects_SameAsPairs() throws {
        let type = try XCTUnwrap(SchemaFields.Name("type")), nullable = try XCTUnwrap(SchemaFields.Name("nullable"))
        let defaultName = try XCTUnwrap(SchemaFields.Name("default"))
        var builder = SchemaFields.Builder()
        builder.add(defaultName, "nextval('public.t_id_seq'::regclass)")
        builder.add(nullable, "false")
        builder.add(type, "integer")
        XCTAssertEqual(builder.take(), ["type": "integer", "nullable": "false", "default": "nextval('public.t_id_seq'::regclass)"])
        builder.add(type, "text")
        XCTAssertEqual(builder.take(), ["type": "text"], "nothing left over from the object before")
        builder.add(type, "text")
        builder.add(nullable, "true")  // out of name order
        XCTAssertEqual(builder.take(), ["type": "text", "nullable": "true"])
        builder.add(type, "a\u{0}b")
        XCTAssertEqual(builder.take(), ["type": "a?b"])
        XCTAssertTrue(builder.take().isEmpty)
    }

    func testSubscript_GetSetRemove() {
        var f: SchemaFields = ["type": "text"]
        XCTAssertEqual(f["type"], "text")
        XCTAssertNil(f["default"])
        f["default"] = "'x'::text"
        f["type"] = "character varying(64)"
        XCTAssertEqual(f, ["default": "'x'::text", "type": "character varying(64)"])
        f["default"] = nil
        XCTAssertEqual(f, ["type": "character varying(64)"])
        XCTAssertEqual(f.count, 1)
        f["type"] = nil
        XCTAssertTrue(f.isEmpty)
    }

    func testUnknownNames_AndAnyTextAsValues_RoundTrip() throws {
        let value = "CHECK ((note <> ''::text))\n\tAND «é» \u{1}\u{7F}"
        let f = SchemaFields(pairs: [("zz_extra", "1"), ("definition", value), ("a b", "")])
        XCTAssertEqual(f["definition"], value, "newlines, tabs, control characters and non-ASCII are kept")
        XCTAssertEqual(f["zz_extra"], "1")
        XCTAssertEqual(f["a b"], "", "an empty value is a value")
        XCTAssertEqual(f.keys, ["a b", "definition", "zz_extra"])
        let decoded = try JSONDecoder().decode(SchemaFields.self, from: JSONEncoder().encode(f))
        XCTAssertEqual(decoded, f)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(f)) as? [String: String])
        XCTAssertEqual(object, ["zz_extra": "1", "definition": value, "a b": ""], "a JSON object, as the cache had it")
    }

    func testLaterPairsReplaceEarlier_AndNULIsNotKept() {
        let f = SchemaFields(pairs: [("type", "integer"), ("type", "bigint")])
        XCTAssertEqual(f, ["type": "bigint"])
        XCTAssertEqual(SchemaFields(pairs: [("type", "a\u{0}b")])["type"], "a?b", "PostgreSQL text holds no NUL")
    }

    func testDescription_ReadsLikeADictionary() {
        XCTAssertEqual(SchemaFields().description, "[:]")
        XCTAssertEqual(SchemaFields(["type": "integer", "nullable": "false"]).description, #"["nullable": "false", "type": "integer"]"#)
    }
}
