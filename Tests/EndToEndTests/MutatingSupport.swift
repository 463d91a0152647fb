import Foundation
import XCTest

/// Helpers for the end-to-end tests of the commands that change databases (deploy, resolve, baseline):
/// each test gets its own throwaway databases (a unique prefix, dropped in teardown) and its own project.
enum MutatingHarness {
    /// Superuser conninfo of the test cluster (keyword form).
    static func admin() throws -> String { try BinaryHarness.testServer() }

    /// The same superuser connection, to database `db` (a later keyword wins in libpq).
    static func conninfo(_ db: String) throws -> String { try admin() + " dbname=\(db)" }

    /// What the binary gets: a `postgresql://` URL with the password in it, as users configure it.
    static func url(_ db: String) -> String {
        "postgresql://postgres:\(CrisisProject.password)@127.0.0.1:\(BinaryHarness.env("EVERMED_TEST_PG_PORT"))/\(db)"
    }

    /// A fresh lower-case prefix such as `mx3f9a1c2_`.
    static func prefix(_ tag: String = "m") -> String {
        tag + String(UInt32.random(in: 0...UInt32.max), radix: 16) + "_"
    }

    static var psqlBinary: String {
        let dir = BinaryHarness.env("EVERMED_TEST_PG_BINDIR")
        if !dir.isEmpty, FileManager.default.isExecutableFile(atPath: dir + "/psql") { return dir + "/psql" }
        return "/usr/bin/psql"
    }

    /// Runs SQL (each element one `-c`) on `db` with `-At`; returns stdout, stderr and the exit code.
    @discardableResult
    static func psqlRun(_ db: String, _ sql: [String]) throws -> (out: String, err: String, code: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psqlBinary)
        var args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", try conninfo(db)]
        for s in sql { args += ["-c", s] }
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["PGOPTIONS"] = "-c client_min_messages=warning"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                String(decoding: e, as: UTF8.self), process.terminationStatus)
    }

    /// Runs SQL on `db` and fails the test when psql fails; returns the trimmed `-At` output.
    @discardableResult
    static func psql(_ db: String, _ sql: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try psqlRun(db, sql)
        XCTAssertEqual(r.code, 0, "psql on \(db) failed: \(r.err)\n\(sql.joined(separator: "\n"))", file: file, line: line)
        return r.out
    }

    /// Runs a whole SQL file on `db` in one transaction (psql -1 -f).
    static func psqlFile(_ db: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let error = try runFile(db, path, single: true)
        XCTAssertNil(error, "psql -f \(path) failed: \(error ?? "")", file: file, line: line)
    }

    /// Runs an SQL file on `db` with psql (in one transaction when `single`, notices off); the error text, or nil.
    static func runFile(_ db: String, _ path: String, single: Bool) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psqlBinary)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1"] + (single ? ["-1"] : []) + ["-d", try conninfo(db), "-f", path]
        var env = ProcessInfo.processInfo.environment
        env["PGOPTIONS"] = "-c client_min_messages=warning"
        process.environment = env
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : String(decoding: e, as: UTF8.self)
    }

    /// Registers a teardown that drops `dbs` (also when the test failed midway).
    static func dropAtTeardown(_ test: XCTestCase, _ dbs: [String]) {
        test.addTeardownBlock {
            for db in dbs { _ = try? psqlRun("postgres", ["DROP DATABASE IF EXISTS \"\(db)\" WITH (FORCE)"]) }
        }
    }

    /// An empty database, dropped in teardown.
    static func createDatabase(_ test: XCTestCase, _ db: String, template: String? = nil) throws {
        dropAtTeardown(test, [db])
        try psql("postgres", "DROP DATABASE IF EXISTS \"\(db)\" WITH (FORCE)",
                 "CREATE DATABASE \"\(db)\"" + (template.map { " TEMPLATE \"\($0)\"" } ?? ""))
    }

    /// Drops and recreates `db` empty.
    static func resetDatabase(_ db: String) throws {
        try psql("postgres", "DROP DATABASE IF EXISTS \"\(db)\" WITH (FORCE)", "CREATE DATABASE \"\(db)\"")
    }

    // MARK: - The crisis databases, one set per test

    static let templatePrefix = "mtpl_"
    nonisolated(unsafe) private static var templatesReady = false

    /// `PREFIXlocal`, `PREFIXstaging`, `PREFIXproduction` in the crisis state (scripts/demo-setup.sh, built once
    /// per run under `mtpl_` and copied as templates), dropped in teardown. Returns the prefix.
    static func crisisDatabases(_ test: XCTestCase) throws -> String {
        if !templatesReady {
            let server = try admin()
            let r = try BinaryHarness.shell("scripts/demo-setup.sh \"$EVERMED_TEST_PG\" \(templatePrefix)",
                                            env: ["EVERMED_TEST_PG": server])
            XCTAssertEqual(r.code, 0, "demo-setup.sh failed: \(r.output)")
            guard r.code == 0 else { throw NSError(domain: "demo-setup", code: 1) }
            templatesReady = true
        }
        let prefix = prefix("c")
        for env in ["local", "staging", "production"] {
            try createDatabase(test, prefix + env, template: templatePrefix + env)
        }
        return prefix
    }

    /// DATABASE_URL, STAGING_DATABASE_URL and PRODUCTION_DATABASE_URL for a prefix.
    static func crisisEnvironment(_ prefix: String) -> [String: String] {
        ["DATABASE_URL": url(prefix + "local"), "STAGING_DATABASE_URL": url(prefix + "staging"),
         "PRODUCTION_DATABASE_URL": url(prefix + "production")]
    }

    /// A temp copy of examples/evermed; `extraConfig` lines are appended at the top level of evermed-ops.yml.
    static func crisisProject(_ test: XCTestCase, extraConfig: String = "") throws -> URL {
        let dir = try BinaryHarness.tempDir(test)
        let source = BinaryHarness.repoRoot.appendingPathComponent("examples/evermed")
        for item in ["evermed-ops.yml", "db"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        if !extraConfig.isEmpty {
            let config = dir.appendingPathComponent("evermed-ops.yml")
            try (try String(contentsOf: config, encoding: .utf8) + extraConfig + "\n").write(to: config, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static let crisisMigrations = [
        "20250801000000_init", "20250815000000_add_feature_flags", "20250905000000_add_metabolic_tables",
        "20250917000000_add_analytics_events", "20250925000000_add_personal_models",
        "20251002000000_rename_analytics_event_columns", "20251011000000_fix_personal_model_schema",
    ]

    // MARK: - Generated projects

    /// A project with the given migrations (name → SQL, applied in name order) and environments
    /// (`name: extra yaml` pairs; each gets `url: "${<NAME>_URL}"`). Returns the directory.
    static func project(_ test: XCTestCase, migrations: [(String, String)],
                        environments: [(String, String)] = [("local", "")], topLevel: String = "") throws -> URL {
        let dir = try BinaryHarness.tempDir(test)
        var yml = "migrations: db/migrations\n" + (topLevel.isEmpty ? "" : topLevel + "\n") + "environments:\n"
        for (name, extra) in environments {
            yml += "  \(name): { url: \"${\(name.uppercased())_URL}\"\(extra.isEmpty ? "" : ", " + extra) }\n"
        }
        try yml.write(to: dir.appendingPathComponent("evermed-ops.yml"), atomically: true, encoding: .utf8)
        for (name, sql) in migrations { try writeMigration(dir, name, sql) }
        return dir
    }

    static func writeMigration(_ project: URL, _ name: String, _ sql: String) throws {
        let folder = project.appendingPathComponent("db/migrations/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try sql.write(to: folder.appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)
    }

    static func migrationFile(_ project: URL, _ name: String) -> URL {
        project.appendingPathComponent("db/migrations/\(name)/migration.sql")
    }

    // MARK: - Running the binary

    /// Runs the binary and asserts that no secret (the password, a credentialed URL) is in its output.
    static func ops(_ args: [String], _ project: URL, _ env: [String: String], stdin: String? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> BinaryHarness.Run {
        let run = try BinaryHarness.run(args, cwd: project, env: env, stdin: stdin)
        assertNoSecret(run, file: file, line: line)
        XCTAssertFalse(run.all.contains("Fatal error"), run.all, file: file, line: line)
        return run
    }

    /// `--json` output of a run, as a dictionary (fails the test when it is not one).
    static func doc(_ run: BinaryHarness.Run, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        do { return try BinaryHarness.json(run.stdout) } catch {
            XCTFail("not a JSON object (exit \(run.code)):\n\(run.all)", file: file, line: line)
            return [:]
        }
    }

    /// `refused.gate` of a deploy/resolve/baseline JSON document.
    static func gate(_ doc: [String: Any]) -> String? { (doc["refused"] as? [String: Any])?["gate"] as? String }
    static func refusal(_ doc: [String: Any]) -> String { (doc["refused"] as? [String: Any])?["message"] as? String ?? "" }

    /// The audit log's lines, parsed; asserts the file holds no secret.
    static func auditLines(_ project: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let path = project.appendingPathComponent(".evermed-ops/audit.log")
        let text = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
        XCTAssertFalse(CrisisProject.password.isEmpty, "EVERMED_TEST_PG_PASSWORD is not set", file: file, line: line)
        if !CrisisProject.password.isEmpty {
            XCTAssertFalse(text.contains(CrisisProject.password), "the password leaked into audit.log:\n\(text)", file: file, line: line)
        }
        XCTAssertFalse(text.contains("postgresql://"), "a URL leaked into audit.log:\n\(text)", file: file, line: line)
        return try text.split(separator: "\n").map { l in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any], "bad audit line \(l)")
        }
    }

    /// `audit --json` (a JSON array).
    static func auditJSON(_ project: URL, _ env: [String: String], file: StaticString = #filePath,
                          line: UInt = #line) throws -> [[String: Any]] {
        let run = try ops(["audit", "--json"], project, env, file: file, line: line)
        XCTAssertEqual(run.code, 0, run.all, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], run.stdout,
                             file: file, line: line)
    }

    // MARK: - Database facts

    static func exists(_ db: String, _ relation: String) throws -> Bool {
        try psql(db, "SELECT to_regclass('public.\"\(relation)\"') IS NOT NULL") == "t"
    }

    /// `name|finished|rolled_back|logs-is-null` per row of `_prisma_migrations` (empty without the table).
    static func historyRows(_ db: String) throws -> [(name: String, finished: Bool, rolledBack: Bool)] {
        guard try exists(db, "_prisma_migrations") else { return [] }
        let out = try psql(db, """
            SELECT migration_name || '|' || (finished_at IS NOT NULL) || '|' || (rolled_back_at IS NOT NULL)
            FROM "_prisma_migrations" ORDER BY started_at, migration_name
            """)
        return out.split(separator: "\n").map { line in
            let f = line.split(separator: "|").map(String.init)
            return (f[0], f[1] == "true", f[2] == "true")
        }
    }

    /// A text snapshot of `_prisma_migrations` (every column) and of the public schema (columns, indexes,
    /// constraints, types), to compare before and after.
    static func snapshot(_ db: String) throws -> String {
        let history = try exists(db, "_prisma_migrations")
            ? try psql(db, "SELECT row_to_json(m)::text FROM \"_prisma_migrations\" m ORDER BY id") : "<no history table>"
        let schema = try psql(db, """
            SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
              SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
                     coalesce(column_default, '') AS x
              FROM information_schema.columns WHERE table_schema = 'public'
              UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
              UNION ALL SELECT 'typ ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace
              UNION ALL SELECT 'rel ' || relname || ' ' || relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace
            ) s
            """)
        return history + "\n---\n" + schema
    }

    /// Sessions holding Prisma's migration lock in `db`.
    static func lockHolders(_ db: String) throws -> [String] {
        let out = try psql(db, """
            SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '\(db)'
              AND l.classid = 0 AND l.objid = 72707369 AND l.objsubid = 1
            """)
        return out.split(separator: "\n").map(String.init)
    }

    /// Waits (up to `timeout` s) until no session of application `evermed-ops` is connected to `db` —
    /// a killed client's backend lives on until it notices the closed socket.
    static func waitForNoSessions(_ db: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let n = try psql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(db)' AND application_name = 'evermed-ops'")
            if n == "0" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("evermed-ops sessions still connected to \(db) after \(timeout) s")
    }

    static func shadowDatabases() throws -> Set<String> {
        Set(try psql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'evermed_shadow_%'")
            .split(separator: "\n").map(String.init))
    }

    /// Drops the shadow databases that appear during the test (left by processes the test killed with -9).
    static func dropNewShadowsAtTeardown(_ test: XCTestCase) throws {
        let before = try shadowDatabases()
        test.addTeardownBlock {
            for db in ((try? shadowDatabases()) ?? []).subtracting(before) {
                _ = try? psqlRun("postgres", ["DROP DATABASE IF EXISTS \"\(db)\" WITH (FORCE)"])
            }
        }
    }

    // MARK: - Background processes

    /// Starts the binary without waiting; stdout and stderr go to files read by `finish`.
    final class Background {
        let process = Process()
        let outURL: URL, errURL: URL

        init(_ args: [String], cwd: URL, env extra: [String: String], stdin: String? = nil) throws {
            let tmp = FileManager.default.temporaryDirectory
            let id = UUID().uuidString.prefix(8)
            outURL = tmp.appendingPathComponent("evermed-bg-\(id).out")
            errURL = tmp.appendingPathComponent("evermed-bg-\(id).err")
            FileManager.default.createFile(atPath: outURL.path, contents: nil)
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: BinaryHarness.binary)
            process.arguments = args
            process.currentDirectoryURL = cwd
            process.environment = BinaryHarness.childEnvironment(extra)
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            if let stdin {
                let pipe = Pipe()
                process.standardInput = pipe
                try process.run()
                pipe.fileHandleForWriting.write(Data(stdin.utf8))
                try pipe.fileHandleForWriting.close()
            } else {
                process.standardInput = FileHandle.nullDevice
                try process.run()
            }
        }

        var pid: Int32 { process.processIdentifier }

        func finish() -> BinaryHarness.Run {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            return BinaryHarness.Run(stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                                     stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                                     code: process.terminationStatus)
        }
    }

    /// Polls `condition` every 50 ms for up to `timeout` seconds.
    static func waitUntil(_ timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }
}
