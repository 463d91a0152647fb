import Foundation
import XCTest
import OpsCore
@testable import OpsPostgres

/// Issue 10, part 2: the idempotent form of `SchemaSQL`'s script (what `fix` writes). On every round-trip fixture
/// (Tests/EndToEndTests/RoundTrip) it turns A into B, changes nothing when run a second time, and changes nothing
/// on B itself — one file for environments with the old and with the new shape.
final class IdempotentScriptTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EndToEndTests/RoundTrip")

    /// Runs the script's parts: `before` and `after` statement by statement, the rest in one transaction.
    func run(_ script: MigrationScript, on conn: PGConnection) throws {
        for s in script.before { try conn.execute(s.sql) }
        try conn.execute("BEGIN")
        do {
            for s in script.transactional { try conn.execute(s.sql) }
            try conn.execute("COMMIT")
        } catch {
            try? conn.execute("ROLLBACK")
            throw error
        }
        for s in script.after { try conn.execute(s.sql) }
    }

    func testIdempotentScript_TurnsAIntoB_TwiceIsOnce_AndBStaysB() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(at: Self.root, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("a.sql").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThan(fixtures.count, 5)
        var failures: [String] = []
        for fixture in fixtures {
            let name = fixture.lastPathComponent
            let privileges = name.contains("privileges")
            let a = try String(contentsOf: fixture.appendingPathComponent("a.sql"), encoding: .utf8)
            let b = try String(contentsOf: fixture.appendingPathComponent("b.sql"), encoding: .utf8)
            do {
                try TestServer.withDatabase("ida", setup: a) { connA, _ in
                    try TestServer.withDatabase("idb", setup: b) { connB, _ in
                        let target = try CatalogIntrospector.introspect(connB, privileges: privileges)
                        let script = Idempotent.rewrite(SchemaSQL.script(
                            from: try CatalogIntrospector.introspect(connA, privileges: privileges), to: target))
                        for (label, conn) in [("A", connA), ("A again", connA), ("B", connB)] {
                            do { try run(script, on: conn) } catch {
                                failures.append("\(name): on \(label): \(error)\n\(script.text())")
                                return
                            }
                            let changes = SchemaDiff.diff(from: try CatalogIntrospector.introspect(conn, privileges: privileges),
                                                          to: target)
                            if !changes.isEmpty {
                                failures.append("\(name): after running it on \(label): \(changes)\n\(script.text())")
                                return
                            }
                        }
                    }
                }
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n\n"))
    }
}
