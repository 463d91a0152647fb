import Foundation
import XCTest
@testable import OpsCore

/// One schema-diff case: `Fixtures/<name>/expected.json` and `actual.json` (encoded `SchemaSnapshot`s) and
/// `drift.json`, the `[SchemaChange]` that `SchemaDiff.drift(expected:actual:)` must return, in order.
struct DriftFixture {
    let name: String
    let expected: SchemaSnapshot
    let actual: SchemaSnapshot
    let drift: [SchemaChange]

    static var root: URL {
        get throws {
            try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures not bundled")
        }
    }

    /// Every case folder in the bundle, sorted.
    static func allNames() throws -> [String] {
        let root = try root
        return try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { name in
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path,
                                                      isDirectory: &isDir) && isDir.boolValue
            }
            .sorted()
    }

    static func load(_ name: String) throws -> DriftFixture {
        let dir = try root.appendingPathComponent(name)
        func read<T: Decodable>(_ file: String, as: T.Type) throws -> T {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            do { return try JSONDecoder().decode(T.self, from: data) } catch {
                throw NSError(domain: "DriftFixture", code: 1,
                              userInfo: [NSLocalizedDescriptionKey: "\(name)/\(file): \(error)"])
            }
        }
        return DriftFixture(name: name, expected: try read("expected.json", as: SchemaSnapshot.self),
                            actual: try read("actual.json", as: SchemaSnapshot.self),
                            drift: try read("drift.json", as: [SchemaChange].self))
    }
}
