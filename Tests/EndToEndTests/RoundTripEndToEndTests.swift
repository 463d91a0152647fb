import Foundation
import XCTest

/// Issue 10, part 2: `diff A B --sql` round trip. For each fixture (a folder with `a.sql` and `b.sql`), database A
/// is built from a.sql and B from b.sql; the SQL `diff a b --sql` prints is applied to A — the `before` statements
/// one by one, the `transactional` part in one transaction, the `after` statements one by one — and `diff a b`
/// must then find nothing.
///
/// The fixtures are Tests/EndToEndTests/RoundTrip. `EVERMED_ROUNDTRIP_FIXTURES=DIR` runs the same test on another
/// folder of them, such as migra's tests/FIXTURES (`make test-roundtrip FIXTURES=…`; fetched, never committed).
final class RoundTripEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    static var fixtureRoot: URL {
        let override = BinaryHarness.env("EVERMED_ROUNDTRIP_FIXTURES")
        if !override.isEmpty { return URL(fileURLWithPath: override) }
        return BinaryHarness.repoRoot.appendingPathComponent("Tests/EndToEndTests/RoundTrip")
    }

    static func fixtures() throws -> [URL] {
        let root = fixtureRoot
        return try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("a.sql").path)
                && FileManager.default.fileExists(atPath: $0.appendingPathComponent("b.sql").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func testDiffSQL_RoundTrip_EveryFixture() throws {
        // Another suite's fixtures may need roles of their own (migra's: schemainspect_test_role).
        let setup = BinaryHarness.env("EVERMED_ROUNDTRIP_SETUP")
        if !setup.isEmpty { try S.psql("postgres", setup) }
        let fixtures = try Self.fixtures()
        XCTAssertFalse(fixtures.isEmpty, "no fixtures in \(Self.fixtureRoot.path)")
        var failures: [String] = []
        var passed = 0
        for fixture in fixtures {
            if let problem = try roundTrip(fixture) { failures.append("\(fixture.lastPathComponent): \(problem)") } else { passed += 1 }
        }
        print("round trip: \(passed) of \(fixtures.count) fixtures in \(Self.fixtureRoot.path)")
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(fixtures.count) fixtures failed:\n\n" + failures.joined(separator: "\n\n"))
    }

    /// nil when the round trip holds; otherwise what went wrong, with the script.
    func roundTrip(_ fixture: URL) throws -> String? {
        let prefix = S.prefix("r")
        let a = prefix + "a", b = prefix + "b"
        try S.createDatabase(self, a)
        try S.createDatabase(self, b)
        for (db, file) in [(a, "a.sql"), (b, "b.sql")] {
            if let error = try S.runFile(db, fixture.appendingPathComponent(file).path, single: false) {
                return "\(file) does not load: \(error)"
            }
        }
        let dir = try S.project(self, migrations: [], environments: [("a", ""), ("b", "")])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db/migrations"), withIntermediateDirectories: true)
        let env = ["A_URL": S.url(a), "B_URL": S.url(b)]
        let privileges = fixture.lastPathComponent.contains("privileges") ? ["--privileges"] : []
        let run = try S.ops(["diff", "a", "b", "--sql", "--json"] + privileges, dir, env)
        guard run.code == 0 || run.code == 1, let sql = S.doc(run)["sql"] as? [String: Any] else {
            return "diff --sql failed (exit \(run.code)): \(run.all)"
        }
        func statements(_ part: String) -> [String] {
            (sql[part] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }.map { $0.hasSuffix(";") ? $0 : $0 + ";" }
        }
        let script = "-- before\n" + statements("before").joined(separator: "\n") + "\n-- transactional\n"
            + statements("transactional").joined(separator: "\n") + "\n-- after\n" + statements("after").joined(separator: "\n")
        for (part, single) in [("before", false), ("transactional", true), ("after", false)] {
            let file = dir.appendingPathComponent("\(part).sql")
            try statements(part).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            if let error = try S.runFile(a, file.path, single: single) {
                return "the \(part) part fails: \(error)\n\(script)"
            }
        }
        let after = try S.ops(["diff", "a", "b"] + privileges, dir, env)
        guard after.code == 0 else { return "differences remain after the script:\n\(after.stdout)\n\(script)" }
        return nil
    }
}
