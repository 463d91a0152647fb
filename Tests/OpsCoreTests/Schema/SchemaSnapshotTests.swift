import Foundation
import XCTest
@testable import OpsCore

final class SchemaSnapshotTests: XCTestCase {
    private let objects = [
        SchemaObject(kind: .trigger, name: "public.Post.Post_set_updated_at", parent: "public.Post",
                     fields: ["definition": "CREATE TRIGGER …", "enabled": "origin"]),
        SchemaObject(kind: .column, name: "public.Post.id", parent: "public.Post", fields: ["type": "integer", "nullable": "false"]),
        SchemaObject(kind: .table, name: "public.Post", parent: "public", fields: ["persistence": "permanent"]),
        SchemaObject(kind: .schema, name: "public"),
        SchemaObject(kind: .table, name: "public.Comment", parent: "public"),
        SchemaObject(kind: .materializedView, name: "public.PostStats", parent: "public", fields: ["definition": " SELECT 1;"]),
    ]

    func testCodable_RoundTrip_Equal() throws {
        let snapshot = SchemaSnapshot(objects)
        let decoded = try JSONDecoder().decode(SchemaSnapshot.self, from: JSONEncoder().encode(snapshot))
        XCTAssertEqual(decoded, snapshot)
        XCTAssertEqual(decoded.count, objects.count)
    }

    func testCodable_FixtureRoundTrip_Equal() throws {
        let fixture = try DriftFixture.load("identical")
        let decoded = try JSONDecoder().decode(SchemaSnapshot.self, from: JSONEncoder().encode(fixture.expected))
        XCTAssertEqual(decoded, fixture.expected)
    }

    func testEncode_SortedArrayByKindThenName_StableAcrossInputOrder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let a = try encoder.encode(SchemaSnapshot(objects))
        let b = try encoder.encode(SchemaSnapshot(objects.reversed()))
        XCTAssertEqual(a, b)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: a) as? [[String: Any]])
        XCTAssertEqual(array.map { $0["name"] as? String }, [
            "public", "public.Comment", "public.Post", "public.Post.id", "public.PostStats",
            "public.Post.Post_set_updated_at",
        ])
        XCTAssertEqual(array[4]["kind"] as? String, "materialized_view")
        XCTAssertNil(array[0]["parent"], "a top-level object has no parent key")
    }

    func testInit_DuplicateKey_LastWins() {
        let snapshot = SchemaSnapshot([
            SchemaObject(kind: .table, name: "public.t", fields: ["persistence": "permanent"]),
            SchemaObject(kind: .table, name: "public.t", fields: ["persistence": "unlogged"]),
        ])
        XCTAssertEqual(snapshot[.table, "public.t"]?.fields["persistence"], "unlogged")
        XCTAssertEqual(snapshot.count(of: .table), 1)
    }

    func testAccessors_TableNamesAndCounts() {
        var snapshot = SchemaSnapshot(objects)
        XCTAssertEqual(snapshot.tableNames, ["public.Comment", "public.Post"])
        XCTAssertEqual(snapshot.count(of: .column), 1)
        XCTAssertNil(snapshot[.view, "public.PostStats"], "same name, other kind")
        snapshot.insert(SchemaObject(kind: .table, name: "public.Author", parent: "public"))
        XCTAssertEqual(snapshot.tableNames.first, "public.Author")
    }

    func testObjectKind_Order_ParentsBeforeChildren() {
        XCTAssertLessThan(ObjectKind.schema, .table)
        XCTAssertLessThan(ObjectKind.table, .column)
        XCTAssertLessThan(ObjectKind.view, .materializedView)
        XCTAssertLessThan(ObjectKind.sequence, .trigger)
        XCTAssertLessThan(ObjectKey(.table, "z"), ObjectKey(.column, "a"))
        XCTAssertLessThan(ObjectKey(.table, "a"), ObjectKey(.table, "b"))
    }

    func testMerge_WalksBothSidesInStep() {
        let left = SchemaSnapshot(objects)
        var changed = objects
        changed[1].fields["nullable"] = "true"
        changed.remove(at: 4)
        changed.append(SchemaObject(kind: .index, name: "public.Post.Post_idx", parent: "public.Post"))
        var both: [String] = [], onlyLeft: [String] = [], onlyRight: [String] = [], differing: [String] = []
        SchemaSnapshot.merge(left, SchemaSnapshot(changed.reversed()), both: { l, r in
            both.append(l.name)
            if l.fields != r.fields { differing.append(l.name) }
        }, onlyLeft: { onlyLeft.append($0.name) }, onlyRight: { onlyRight.append($0.name) })
        XCTAssertEqual(both.sorted(), ["public", "public.Post", "public.Post.Post_set_updated_at", "public.Post.id", "public.PostStats"])
        XCTAssertEqual(differing, ["public.Post.id"])
        XCTAssertEqual(onlyLeft, ["public.Comment"])
        XCTAssertEqual(onlyRight, ["public.Post.Post_idx"])
    }

    func testLookups_ManyObjects_EveryOneFoundByKindAndName() {
        let many = (0..<5000).map { SchemaObject(kind: $0 % 2 == 0 ? .column : .index, name: "public.t_\($0 / 10).c_\($0)") }
        var snapshot = SchemaSnapshot(many.shuffled())
        XCTAssertEqual(snapshot.count, 5000)
        for o in many { XCTAssertEqual(snapshot[o.kind, o.name]?.name, o.name) }
        XCTAssertNil(snapshot[.index, "public.t_0.c_0"], "c_0 is a column")
        XCTAssertEqual(snapshot.objects(of: .column).count, 2500)
        XCTAssertTrue(snapshot.objects(of: .index).allSatisfy { $0.kind == .index })
        XCTAssertEqual(snapshot.objects(of: .trigger).count, 0)
        snapshot.insert(SchemaObject(kind: .column, name: "public.t_0.c_0", fields: ["type": "text"]))
        XCTAssertEqual(snapshot.count, 5000, "insert of an existing key replaces it")
        XCTAssertEqual(snapshot[.column, "public.t_0.c_0"]?.fields["type"], "text")
        XCTAssertEqual(SchemaSnapshot(snapshot.sorted.reversed()), snapshot, "equal whatever the input order")
    }

    /// Past the size where the slots are radix-sorted and the objects moved into place: duplicates keep the last
    /// given, and a merge of two big snapshots pairs exactly the keys a plain set comparison pairs.
    func testManyObjects_RadixOrder_DuplicatesLastWins_MergeMatchesSets() {
        var input = (0..<6000).map { SchemaObject(kind: $0 % 3 == 0 ? .column : .constraint, name: "public.t_\($0 / 7).x_\($0)",
                                                  fields: ["type": "v1"]) }
        input.shuffle()
        input += (0..<6000).filter { $0 % 5 == 0 }.map {
            SchemaObject(kind: $0 % 3 == 0 ? .column : .constraint, name: "public.t_\($0 / 7).x_\($0)", fields: ["type": "v2"])
        }
        let left = SchemaSnapshot(input)
        XCTAssertEqual(left.count, 6000)
        for k in 0..<6000 {
            let kind: ObjectKind = k % 3 == 0 ? .column : .constraint
            XCTAssertEqual(left[kind, "public.t_\(k / 7).x_\(k)"]?.fields["type"], k % 5 == 0 ? "v2" : "v1")
        }
        let right = SchemaSnapshot((3000..<9000).map { SchemaObject(kind: $0 % 3 == 0 ? .column : .constraint,
                                                                    name: "public.t_\($0 / 7).x_\($0)") })
        var both = 0, onlyLeft: Set<String> = [], onlyRight: Set<String> = []
        SchemaSnapshot.merge(left, right, both: { l, r in both += 1; XCTAssertEqual(l.name, r.name) },
                             onlyLeft: { onlyLeft.insert($0.name) }, onlyRight: { onlyRight.insert($0.name) })
        XCTAssertEqual(both, 3000)
        XCTAssertEqual(onlyLeft, Set((0..<3000).map { "public.t_\($0 / 7).x_\($0)" }))
        XCTAssertEqual(onlyRight, Set((6000..<9000).map { "public.t_\($0 / 7).x_\($0)" }))
    }

    /// Names that share a slot (the slot keeps 27 bits of a hash) are still told apart by name: found, kept once
    /// each, and paired only with themselves by a merge.
    func testNamesSharingASlot_KeptApart() throws {
        var seen: [UInt64: String] = [:]
        var pair: (String, String)?
        for k in 0..<200_000 {
            let name = "public.t.c_\(k)"
            let slot = SchemaSnapshot.slot(.column, name)
            if let other = seen[slot] { pair = (other, name); break }
            seen[slot] = name
        }
        let (a, b) = try XCTUnwrap(pair, "no two names share a slot")
        let filler = (0..<3000).map { SchemaObject(kind: .column, name: "public.u.c_\($0)") }
        let left = SchemaSnapshot(filler + [SchemaObject(kind: .column, name: a, fields: ["type": "text"]),
                                            SchemaObject(kind: .column, name: b, fields: ["type": "int"])])
        XCTAssertEqual(left[.column, a]?.fields["type"], "text")
        XCTAssertEqual(left[.column, b]?.fields["type"], "int")
        let right = SchemaSnapshot(filler.reversed() + [SchemaObject(kind: .column, name: b, fields: ["type": "int"])])
        var pairs: [String] = [], onlyLeft: [String] = []
        SchemaSnapshot.merge(left, right, both: { l, r in XCTAssertEqual(l.name, r.name); pairs.append(l.name) },
                             onlyLeft: { onlyLeft.append($0.name) }, onlyRight: { XCTFail("only right: \($0.name)") })
        XCTAssertEqual(onlyLeft, [a])
        XCTAssertEqual(pairs.count, 3001)
    }
}
