import XCTest
import OpsCore
@testable import OpsPostgres

final class BackupTests: XCTestCase {
    private func tempDirectory() -> String {
        let path = NSTemporaryDirectory() + "evermed-backup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path + "/nested"
    }

    func testDump_ProducesAFilePgRestoreLists() throws {
        try TestServer.withDatabase("backup", setup: "CREATE TABLE patients (id int PRIMARY KEY, name text)") { conn, info in
            let directory = tempDirectory()
            let result = try Backup.dump(conninfo: info, environment: "production", to: directory,
                                         serverVersion: conn.serverVersion)
            XCTAssertTrue(result.path.hasPrefix(directory + "/production-"), result.path)
            XCTAssertTrue(result.path.hasSuffix("Z.dump"), result.path)
            XCTAssertGreaterThan(result.bytes, 0)
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: result.path)[.posixPermissions] as? NSNumber)
            XCTAssertEqual(mode.intValue & 0o777, 0o600, "a dump holds every row: owner-only")

            let pgRestore = URL(fileURLWithPath: try XCTUnwrap(PgDumpCommand.locate(serverVersion: conn.serverVersion)))
                .deletingLastPathComponent().appendingPathComponent("pg_restore").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pgRestore)
            process.arguments = ["--list", result.path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            XCTAssertTrue(listing.contains("TABLE public patients"), listing)
        }
    }

    func testCommand_PasswordOnlyInTheEnvironment_NeverInArguments() throws {
        let conninfo = "host=db.example.com port=6543 user=app password='S3cr3t pass' dbname=app sslmode=require keepalives=1"
        let command = try PgDumpCommand.make(conninfo: conninfo, pgDump: "/usr/bin/pg_dump", output: "/b/x.dump",
                                             inherited: ["PATH": "/usr/bin", "PGDATABASE": "other"])
        XCTAssertEqual(command.arguments, ["--format=custom", "--no-password", "--file=/b/x.dump"])
        XCTAssertFalse(command.arguments.joined(separator: " ").contains("S3cr3t"))
        XCTAssertEqual(command.environment["PGPASSWORD"], "S3cr3t pass")
        XCTAssertEqual(command.environment["PGHOST"], "db.example.com")
        XCTAssertEqual(command.environment["PGPORT"], "6543")
        XCTAssertEqual(command.environment["PGUSER"], "app")
        XCTAssertEqual(command.environment["PGDATABASE"], "app", "the conninfo wins over an inherited PG* variable")
        XCTAssertEqual(command.environment["PGSSLMODE"], "require")
        XCTAssertEqual(command.environment["PATH"], "/usr/bin")
    }

    func testCommand_URLForm_IsParsedByLibpq() throws {
        let command = try PgDumpCommand.make(conninfo: "postgresql://app:p%40ss@db:5432/main?sslmode=verify-full",
                                             pgDump: "pg_dump", output: "o", inherited: [:])
        XCTAssertEqual(command.environment["PGPASSWORD"], "p@ss")
        XCTAssertEqual(command.environment["PGDATABASE"], "main")
        XCTAssertEqual(command.environment["PGSSLMODE"], "verify-full")
    }

    func testCommand_OptionWithoutAnEnvironmentVariable_IsRefused() {
        XCTAssertThrowsError(try PgDumpCommand.make(conninfo: "host=x sslpassword=k3y", pgDump: "pg_dump", output: "o",
                                                    inherited: [:])) {
            XCTAssertEqual($0 as? BackupError, .unsupportedOption("sslpassword"))
        }
    }

    func testDump_Failure_ErrorTextHidesThePassword_AndLeavesNoFile() throws {
        let admin = try TestServer.conninfo()
        let password = try XCTUnwrap(ConnInfo.password(admin), "the test server uses a password")
        // A database named like the password: pg_dump's error quotes the name, so the password is in stderr.
        var options = try ConnInfo.parse(admin).filter { $0.keyword != "dbname" }
        options.append(("dbname", password))
        let conninfo = options.map { "\($0.keyword)=\(ConnInfo.quoteValue($0.value))" }.joined(separator: " ")
        let directory = tempDirectory()
        let version = try PGConnection(conninfo: admin).serverVersion
        XCTAssertThrowsError(try Backup.dump(conninfo: conninfo, environment: "staging", to: directory,
                                             serverVersion: version)) { error in
            guard case BackupError.failed(let status, let stderr) = error else { return XCTFail("\(error)") }
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(stderr.contains("does not exist"), stderr)
            XCTAssertTrue(stderr.contains(Redactor.mask), stderr)
            XCTAssertFalse("\(error)".contains(password))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testLocate_PrefersTheServersMajor_ThenNewer_ThenPath() throws {
        let root = NSTemporaryDirectory() + "evermed-pglib-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for version in ["13", "15", "16"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(version)/bin", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: "\(root)/\(version)/bin/pg_dump", contents: Data(),
                                           attributes: [.posixPermissions: 0o755])
        }
        XCTAssertEqual(PgDumpCommand.locate(serverVersion: 150004, libRoot: root, path: nil), "\(root)/15/bin/pg_dump")
        XCTAssertEqual(PgDumpCommand.locate(serverVersion: 140010, libRoot: root, path: nil), "\(root)/15/bin/pg_dump")
        XCTAssertNil(PgDumpCommand.locate(serverVersion: 170000, libRoot: root, path: nil))
        XCTAssertEqual(PgDumpCommand.locate(serverVersion: 170000, libRoot: root, path: "\(root)/16/bin"), "\(root)/16/bin/pg_dump")
    }

    func testOutputFile_SameSecond_GetsASuffix_NotAnOverwrite() throws {
        let directory = tempDirectory()
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        let first = try Backup.createOutputFile(in: directory, environment: "prod/eu", now: now)
        let second = try Backup.createOutputFile(in: directory, environment: "prod/eu", now: now)
        XCTAssertEqual(first, "\(directory)/prod_eu-20251009T085320Z.dump")
        XCTAssertEqual(second, "\(directory)/prod_eu-20251009T085320Z-2.dump")
    }
}
