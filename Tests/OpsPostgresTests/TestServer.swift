import XCTest
@testable import OpsPostgres

/// The throwaway PostgreSQL the integration tests run against (`EVERMED_TEST_PG`, set by `make test`).
/// Every test creates its own uniquely named databases and drops them.
enum TestServer {
    struct NotConfigured: Error {}

    /// The admin conninfo; fails the calling test (never skips) when the variable is unset.
    static func conninfo(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let value = ProcessInfo.processInfo.environment["EVERMED_TEST_PG"], !value.isEmpty else {
            XCTFail("EVERMED_TEST_PG is not set: run the tests through 'make test', which starts a throwaway PostgreSQL",
                    file: file, line: line)
            throw NotConfigured()
        }
        return value
    }

    static func uniqueName(_ prefix: String) -> String {
        "evermed_test_\(prefix)_\(getpid())_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// Creates a fresh database, runs `setup` in it, hands a connection to `body`, then drops it.
    static func withDatabase<R>(_ prefix: String = "db", setup: String? = nil,
                                file: StaticString = #filePath, line: UInt = #line,
                                _ body: (PGConnection, String) throws -> R) throws -> R {
        let admin = try conninfo(file: file, line: line)
        let name = uniqueName(prefix)
        try PGConnection(conninfo: admin).execute("CREATE DATABASE \(PGIdentifier.quote(name)) TEMPLATE template0")
        defer { try? ShadowDatabase.drop(name, adminConninfo: admin) }
        let info = try ConnInfo.withDatabase(admin, name)
        let conn = try PGConnection(conninfo: info)
        if let setup {
            if setup.contains("EXTENSION"), setup.contains("citext") { try requireExtension("citext", conn, file, line) }
            try conn.execute(setup)
        }
        return try body(conn, info)
    }

    /// Fails with a clear message when the server lacks an extension the fixture needs (postgresql-contrib).
    static func requireExtension(_ name: String, _ conn: PGConnection, _ file: StaticString, _ line: UInt) throws {
        let available = try conn.query("SELECT 1 FROM pg_available_extensions WHERE name = $1", [name]).rowCount == 1
        if !available {
            XCTFail("extension \(name) is not available on the test server: install postgresql-contrib", file: file, line: line)
            throw NotConfigured()
        }
    }

    static func databaseExists(_ name: String) throws -> Bool {
        let conn = try PGConnection(conninfo: try conninfo())
        return try conn.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).rowCount == 1
    }
}
