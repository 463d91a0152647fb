import Foundation
import XCTest

/// Projects for the SOP tests: a git work tree with a bare `origin` it is pushed to, so `git clean` and
/// `git pushed` gates have something real to read.
enum SOPHarness {
    typealias S = MutatingHarness

    static let migrations = [
        ("20250101000000_init", "CREATE TABLE \"Patient\" (\"id\" SERIAL PRIMARY KEY, \"name\" TEXT NOT NULL);\n"),
        ("20250102000000_add_email", "ALTER TABLE \"Patient\" ADD COLUMN \"email\" TEXT;\n"),
    ]

    /// Fresh `PREFIXstaging` and `PREFIXproduction` databases (empty), a project naming them, and its git.
    static func project(_ test: XCTestCase, topLevel: String = "", environments: [String] = ["staging", "production"])
        throws -> (dir: URL, env: [String: String]) {
        let prefix = S.prefix("sop")
        // Drift of a protected environment is replayed on a scratch database of this server.
        var env: [String: String] = ["SHADOW_URL": S.url("postgres")]
        for name in environments {
            try S.createDatabase(test, prefix + name)
            env[name.uppercased() + "_URL"] = S.url(prefix + name)
        }
        let envs = environments.map { ($0, $0 == "production" ? "protected: true, promote_from: staging" : "") }
        let dir = try S.project(test, migrations: migrations, environments: envs,
                                topLevel: "shadow_url: \"${SHADOW_URL}\"" + (topLevel.isEmpty ? "" : "\n" + topLevel))
        try git(dir, "init", "-q", "-b", "main")
        try ".evermed-ops/\nbackups/\n".write(to: dir.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        try git(dir, "add", "-A")
        try git(dir, "commit", "-q", "-m", "init")
        let origin = try BinaryHarness.tempDir(test).appendingPathComponent("origin.git")
        try git(dir, "init", "-q", "--bare", origin.path)
        try git(dir, "remote", "add", "origin", origin.path)
        try git(dir, "push", "-q", "-u", "origin", "main")
        return (dir, env)
    }

    @discardableResult
    static func git(_ dir: URL, _ args: String...) throws -> String {
        let r = try BinaryHarness.process("/usr/bin/git", ["-c", "user.email=test@example.com", "-c", "user.name=test"] + args,
                                          cwd: dir, environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(r.code, 0, "git \(args.joined(separator: " ")): \(r.output)")
        return r.output
    }

    /// `sop status --json`'s session object (nil for `{"session":null}`).
    static func session(_ dir: URL, _ env: [String: String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any]? {
        let run = try S.ops(["sop", "status", "--json"], dir, env, file: file, line: line)
        XCTAssertEqual(run.code, 0, run.all, file: file, line: line)
        return S.doc(run, file: file, line: line)["session"] as? [String: Any]
    }

    static func sessionFiles(_ dir: URL) -> [URL] {
        let folder = dir.appendingPathComponent(".evermed-ops/sessions")
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
    }
}
