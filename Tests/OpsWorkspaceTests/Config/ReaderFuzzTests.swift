import Foundation
import OpsCore
import XCTest
@testable import OpsWorkspace

/// Seeded fuzzing of the readers that take text from the project: evermed-ops.yml (mutations of a valid
/// config) and the migrations folder (random names and bytes). Each input either loads or fails with a
/// `WorkspaceError` whose paragraph names the file and never a secret; a loaded migration splits into
/// statements that put the file back together, and plans without failing.
final class ReaderFuzzTests: XCTestCase {
    static let valid = """
        migrations: db/migrations
        lock_wait: 10s
        environments:
          local:      { url: "${DATABASE_URL}" }
          staging:    { url: "${STAGING_DATABASE_URL}", lock_timeout: 2s }
          production: { url: "postgresql://u:\(TestProject.secret)@db/prod", protected: true, promote_from: staging }
        """
    static let alphabet = Array(":{}[]\"'$-#\n\t ,*&!%|>abc${STAGING_DATABASE_URL}\u{00}é\r")

    func testConfig_MutatedFiles_LoadOrFailCleanly() {
        var rng = SplitMix(seed: 42)
        var failures = 0, loaded = 0
        for round in 0..<1500 {
            var chars = Array(Self.valid)
            for _ in 0..<Int(rng.next() % 6) + 1 {
                let at = Int(rng.next() % UInt64(chars.count + 1))
                switch rng.next() % 3 {
                case 0: chars.insert(Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))], at: at)
                case 1: if at < chars.count { chars.remove(at: at) }
                default: if at < chars.count { chars[at] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }
                }
            }
            let text = String(chars)
            let project = TestProject()
            project.write("evermed-ops.yml", text)
            project.mkdir("db/migrations")
            do {
                let ws = try project.load()
                loaded += 1
                XCTAssertFalse(ws.description.contains(TestProject.secret), "round \(round)")
            } catch let error as WorkspaceError {
                failures += 1
                let message = String(describing: error)
                XCTAssertFalse(message.contains(TestProject.secret), "round \(round): \(message)\n\(text)")
                XCTAssertFalse(message.isEmpty)
                if case .yamlSyntax(_, let line, _, _) = error {
                    XCTAssertLessThanOrEqual(line, text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count + 1, message)
                }
            } catch {
                XCTFail("round \(round): not a WorkspaceError: \(error)")
            }
            if (testRun?.failureCount ?? 0) > 0 { break }
        }
        XCTAssertGreaterThan(failures, 100, "the mutations reach the error paths")
        XCTAssertGreaterThan(loaded, 30, "and some still load")
    }

    static let sqlPieces = ["CREATE TABLE t (id int)", ";", "\n", "'x;'", "$$;$$", "-- c\n", "/* ; */", "E'\\''", "\"q;\"",
                            "BEGIN ATOMIC", "END", "é", "\r\n", "CREATE INDEX CONCURRENTLY i ON t (id)", "ALTER TYPE m ADD VALUE 'v'",
                            "UPDATE t SET id = 'v'", "BEGIN", "COMMIT", "$tag$", "'", "\u{FEFF}"]

    func testMigrationsFolder_RandomContents_LoadSplitAndPlan() throws {
        var rng = SplitMix(seed: 4711)
        for round in 0..<400 {
            let project = TestProject()
            var expected: [String: [UInt8]] = [:]
            for i in 0..<Int(rng.next() % 4) + 1 {
                let name = rng.next() % 10 == 0 ? "not a migration \(i)" : "2025010100000\(i)_m\(i)"
                var bytes: [UInt8] = []
                if rng.next() % 8 == 0 { bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } } else {
                    for _ in 0..<Int(rng.next() % 12) { bytes += Array(Self.sqlPieces[Int(rng.next() % UInt64(Self.sqlPieces.count))].utf8) }
                }
                project.write("db/migrations/\(name)/migration.sql", bytes: bytes)
                expected[name] = bytes
            }
            do {
                let folder = try MigrationsFolder.load(directory: project.path("db/migrations"), displayPath: "db/migrations")
                for m in folder.migrations {
                    let bytes = try XCTUnwrap(expected[m.name])
                    XCTAssertEqual(m.checksum, SHA256.hex(bytes), "round \(round)")
                    let pieces = SQLScript(m.sql).statements.map(\.text)
                    // Lossless: the pieces and the semicolons that ended them are the file (the last piece may
                    // have ended at a semicolon or at the end of the file).
                    let joined = pieces.joined(separator: ";")
                    XCTAssertTrue(joined == m.sql || joined + ";" == m.sql,
                                  "round \(round): the statements put \(m.name) back together: \(m.sql.debugDescription) → \(pieces)")
                    _ = PlannedMigration.plan(m)
                    _ = ReplayPlan([m])
                }
            } catch let error as WorkspaceError {
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix("db/migrations/"), "round \(round): \(message)")
            }
            if (testRun?.failureCount ?? 0) > 0 { break }
        }
    }
}
