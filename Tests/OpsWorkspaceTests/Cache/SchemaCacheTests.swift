import OpsCore
import XCTest
@testable import OpsWorkspace

final class SchemaCacheTests: XCTestCase {
    private let migrations = [
        LocalMigration(name: "1_a", bytes: Array("create table a();".utf8), sql: "create table a();", path: "a"),
        LocalMigration(name: "2_b", bytes: Array("create table b();".utf8), sql: "create table b();", path: "b"),
    ]
    private let snapshot = SchemaSnapshot([
        SchemaObject(kind: .table, name: "public.a", fields: ["persistence": "permanent"]),
        SchemaObject(kind: .column, name: "public.a.id", parent: "public.a", fields: ["type": "integer"]),
    ])

    func testCache_Key_DependsOnEverythingThatChangesTheSchema() {
        let cache = SchemaCache(directory: "/unused")
        let key = cache.key(for: migrations, serverVersion: 160004)
        XCTAssertEqual(key.count, 64)
        XCTAssertEqual(key, cache.key(for: migrations, serverVersion: 160004))
        XCTAssertNotEqual(key, cache.key(for: migrations, serverVersion: 170000))
        XCTAssertNotEqual(key, cache.key(for: migrations.reversed(), serverVersion: 160004))
        XCTAssertNotEqual(key, cache.key(for: Array(migrations.prefix(1)), serverVersion: 160004))
        var edited = migrations
        edited[1] = LocalMigration(name: "2_b", bytes: Array("x".utf8), sql: "x", path: "b")
        XCTAssertNotEqual(key, cache.key(for: edited, serverVersion: 160004))
    }

    func testCache_RoundTrip_CreatesDirectories() {
        let project = TestProject()
        let cache = SchemaCache(directory: project.path(".evermed-ops/cache"))
        let key = cache.key(for: migrations, serverVersion: 160004)
        XCTAssertNil(cache.load(key))
        XCTAssertTrue(cache.store(key, snapshot))
        XCTAssertEqual(cache.load(key), snapshot)
        XCTAssertTrue(cache.store(key, SchemaSnapshot()))  // overwrite in place
        XCTAssertEqual(cache.load(key), SchemaSnapshot())
        let leftovers = try? FileManager.default.contentsOfDirectory(atPath: cache.directory)
        XCTAssertEqual(leftovers, [key + ".json"])
    }

    func testCache_CorruptFile_IsAMiss() {
        let project = TestProject()
        let cache = SchemaCache(directory: project.path("cache"))
        let key = cache.key(for: migrations, serverVersion: 1)
        project.write("cache/\(key).json", "{ not json")
        XCTAssertNil(cache.load(key))
        project.write("cache/\(key).json", bytes: [0xFF, 0x00, 0x12])
        XCTAssertNil(cache.load(key))
    }

    func testCache_UnwritableDirectory_ReturnsFalse() {
        let project = TestProject()
        project.write("blocked", "a file where the cache directory should be")
        let cache = SchemaCache(directory: project.path("blocked/cache"))
        XCTAssertFalse(cache.store(cache.key(for: migrations, serverVersion: 1), snapshot))
    }

    func testCache_RejectsKeysThatAreNotHex() {
        let project = TestProject()
        let cache = SchemaCache(directory: project.path("cache"))
        XCTAssertFalse(cache.store("../escape", snapshot))
        XCTAssertNil(cache.load("../escape"))
    }
}
