import Foundation
import OpsCore

/// Reads the project's git state with the `git` command (read-only: `GIT_OPTIONAL_LOCKS=0`, so even `status`
/// takes no index lock): the uncommitted files of the paths asked about, the branch against its upstream, and
/// whether the schema file changed without a migration.
public struct GitReader: Sendable {
    public let root: String
    let git: String

    public init(root: String, git: String = "/usr/bin/git") {
        self.root = root
        self.git = FileManager.default.isExecutableFile(atPath: git) ? git : "git"
    }

    /// - Parameters:
    ///   - migrations: the migrations folder (absolute); its entries are under the key `""`.
    ///   - paths: more paths (relative to the root, as a gate writes them) to report on.
    ///   - schema: the schema file (absolute), when configured.
    public func read(migrations: String, paths: [String] = [], schema: String?) -> GitFacts {
        guard let inside = run(["rev-parse", "--is-inside-work-tree"]), inside.code == 0, inside.out == "true" else {
            return GitFacts(unavailable: run(["--version"]) == nil ? "git is not installed"
                                : "the project (\(root)) is not in a git repository")
        }
        var facts = GitFacts()
        facts.branch = run(["rev-parse", "--abbrev-ref", "HEAD"]).flatMap { $0.code == 0 ? $0.out : nil }
        if let upstream = run(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"]), upstream.code == 0 {
            facts.upstream = upstream.out
            if let counts = run(["rev-list", "--left-right", "--count", "@{u}...HEAD"]), counts.code == 0 {
                let parts = counts.out.split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { Int($0) }
                if parts.count == 2 { (facts.behind, facts.ahead) = (parts[0], parts[1]) }
            }
        }
        facts.changes[""] = status(migrations)
        for path in paths where facts.changes[path] == nil {
            facts.changes[path] = status(FileSystem.absolute(path, base: root))
        }
        if let schema, FileSystem.kind(of: schema) == .file {
            facts.schemaPath = FileSystem.relative(schema, from: root)
            facts.schemaChangedWithoutMigration = schemaAhead(schema, migrations: migrations,
                                                              migrationChanges: facts.changes[""] ?? [])
        }
        return facts
    }

    /// `git status --porcelain` lines for `path` (untracked files listed one by one).
    func status(_ path: String) -> [String] {
        guard let r = run(["status", "--porcelain=v1", "--untracked-files=all", "--", path]), r.code == 0 else { return [] }
        return r.out.split(separator: "\n").map(String.init)
    }

    /// The schema changed after the newest migration: edited and uncommitted with no new migration beside it,
    /// or committed later than the last commit that touched the migrations folder.
    func schemaAhead(_ schema: String, migrations: String, migrationChanges: [String]) -> Bool {
        guard migrationChanges.isEmpty else { return false }   // a migration is on its way
        if !status(schema).isEmpty { return true }
        func lastCommit(_ path: String) -> Int? {
            run(["log", "-1", "--format=%ct", "--", path]).flatMap { $0.code == 0 ? Int($0.out) : nil }
        }
        guard let schemaTime = lastCommit(schema) else { return false }
        guard let migrationTime = lastCommit(migrations) else { return true }
        return schemaTime > migrationTime
    }

    /// Runs git in the root; nil when it could not start.
    func run(_ args: [String]) -> (out: String, code: Int32)? {
        guard let (data, code) = bytes(args) else { return nil }
        return (String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), code)
    }

    /// Runs git in the root (read-only settings, no prompt); its stdout as bytes and its status, nil when it could
    /// not start.
    func bytes(_ args: [String]) -> (Data, Int32)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git.hasPrefix("/") ? git : "/usr/bin/env")
        process.arguments = (git.hasPrefix("/") ? [] : ["git"]) + ["-C", root] + args
        var env = ProcessInfo.processInfo.environment
        env["GIT_OPTIONAL_LOCKS"] = "0"
        env["LC_ALL"] = "C"
        env["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (data, process.terminationStatus)
    }
}
