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
                        let source = try CatalogIntrospector.introspect(connA, privileges: privileges)
                        let plain = SchemaSQL.script(from: source, to: target)
                        // `diff --sql` builds it from the comparison it has already made, in two pieces.
                        let comparison = SchemaDiff.pieces(source, target, count: 2).map { SchemaDiff.compare(source, target, piece: $0) }
                        if SchemaSQL.script(from: source, to: target, comparison: comparison).text() != plain.text() {
                            failures.append("\(name): the script from the comparison differs")
                        }
                        let script = Idempotent.rewrite(plain)
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

    /// A drop guarded by the history around one already guarded by the catalog: blocks nest (distinct dollar tags),
    /// and the drop happens only where the migration is not applied.
    func testPendingGuard_AroundAGuardedDrop_NestsAndRunsOnlyWhereNotApplied() throws {
        let inner = MigrationScript.Statement("DROP TABLE public.leftover", guard: "to_regclass('public.leftover') IS NOT NULL",
                                              drops: ObjectKey(.table, "public.leftover"))
        let idempotent = Idempotent.rewrite(MigrationScript(transactional: [inner]))
        let (guarded, waits) = PendingGuard.guardDrops(idempotent, creators: [.init(kind: .table, name: "public.leftover",
                                                                                    migration: "20250101000000_make")])
        XCTAssertEqual(waits, ["20250101000000_make"])
        let sql = guarded.transactional[0].sql
        XCTAssertTrue(sql.hasPrefix("DO $evermed1$") && sql.contains("DO $evermed$"), sql)
        try TestServer.withDatabase("pending_guard", setup: "CREATE TABLE leftover (id int); " + HistoryStore.createTableSQL) { conn, _ in
            try conn.execute("""
                INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at)
                VALUES ('1', 'x', '20250101000000_make', now(), now())
                """)
            try conn.execute(sql)
            XCTAssertEqual(try conn.query("SELECT to_regclass('public.leftover') IS NOT NULL").text(0, 0), "t",
                           "applied there: the table is the migration's, kept")
            try conn.execute("DELETE FROM _prisma_migrations")
            try conn.execute(sql)
            try conn.execute(sql)
            XCTAssertEqual(try conn.query("SELECT to_regclass('public.leftover') IS NULL").text(0, 0), "t", "dropped, and again is a no-op")
        }
    }
}
