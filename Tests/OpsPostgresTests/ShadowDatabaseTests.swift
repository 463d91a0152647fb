import XCTest
import OpsCore
@testable import OpsPostgres

final class ShadowDatabaseTests: XCTestCase {
    private func migration(_ name: String, _ sql: String) -> LocalMigration {
        LocalMigration(name: name, sql: sql, checksum: SHA256.hex(sql), path: "db/migrations/\(name)/migration.sql")
    }

    /// Shadow databases this process created, read from the server.
    private func shadowsOnServer() throws -> [String] {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        return try conn.query("SELECT datname FROM pg_database WHERE datname LIKE $1",
                              ["evermed\\_shadow\\_\(getpid())\\_%"]).rows.compactMap { $0[0] }
    }

    /// The shadow keeps `_prisma_migrations` as a deploy does: a migration that reads it (fix's guards) sees the
    /// migrations before it as applied, and not the ones after.
    func testReplay_KeepsTheHistory_ForMigrationsThatReadIt() throws {
        let check = """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM public._prisma_migrations WHERE migration_name = '20250101000000_a' AND finished_at IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM public._prisma_migrations WHERE migration_name = '20250103000000_c') THEN
                RAISE EXCEPTION 'history in the shadow: %', (SELECT string_agg(migration_name, ',') FROM public._prisma_migrations);
              END IF;
            END $$;
            CREATE TABLE seen (id int);
            """
        let schema = try ShadowDatabase.replay(server: try TestServer.conninfo(), migrations: [
            migration("20250101000000_a", "CREATE TABLE a (id int);"),
            migration("20250102000000_b", check),
            migration("20250103000000_c", "-- nothing but a comment"),
        ])
        XCTAssertNotNil(schema[.table, "public.seen"])
        XCTAssertNil(schema[.table, "public._prisma_migrations"])
    }

    func testReplay_GoodMigrations_ReturnsSchemaAndDropsDatabase() throws {
        let server = try TestServer.conninfo()
        var seen: [String] = []
        let schema = try ShadowDatabase.replay(server: server, migrations: [
            migration("20250101000000_init", "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);"),
            migration("20250102000000_email", "ALTER TABLE users ALTER COLUMN email TYPE varchar(255);\n"
                      + HistoryStore.createTableSQL + ";"),
        ], progress: { seen.append($0) })
        XCTAssertEqual(schema[.column, "public.users.email"]?.fields["type"], "character varying(255)")
        XCTAssertNotNil(schema[.table, "public.users"])
        XCTAssertFalse(schema.sorted.contains { $0.name.contains("_prisma_migrations") })
        XCTAssertTrue(seen.contains("replaying 20250102000000_email"), "\(seen)")
        XCTAssertEqual(try shadowsOnServer(), [])
        XCTAssertEqual(ShadowRegistry.shared.names.filter { $0.contains("_\(getpid())_") }, [])
    }

    func testReplay_FailingMigration_ThrowsReplayErrorWithLine_AndDropsDatabase() throws {
        let server = try TestServer.conninfo()
        // A statement whose error carries a position (DDL such as ALTER TABLE on a missing table has none).
        let bad = "-- add a column\nALTER TABLE users ADD COLUMN a int;\n\nINSERT INTO users (id)\n  SELECT id FROM foo;\n"
        XCTAssertThrowsError(try ShadowDatabase.replay(server: server, migrations: [
            migration("20250101000000_init", "CREATE TABLE users (id int);"),
            migration("20251001000000_add_x", bad),
        ])) {
            guard let error = $0 as? ReplayError else { return XCTFail("not a ReplayError: \($0)") }
            XCTAssertEqual(error.migrationName, "20251001000000_add_x")
            XCTAssertEqual(error.sqlstate, PGError.Code.undefinedTable)
            XCTAssertEqual(error.line, 5)
            XCTAssertEqual(error.description, """
                migration 20251001000000_add_x (db/migrations/20251001000000_add_x/migration.sql:5) failed while \
                replaying on the shadow database: relation "foo" does not exist (SQLSTATE 42P01). Fix the SQL in \
                that file, or check that earlier migrations create what it needs.
                """)
        }
        XCTAssertEqual(try shadowsOnServer(), [])
    }

    func testReplay_ErrorWithoutPosition_NamesTheStatementLine() throws {
        XCTAssertThrowsError(try ShadowDatabase.replay(server: try TestServer.conninfo(), migrations: [
            migration("20250101000000_alter", "SELECT 1;\nALTER TABLE foo ADD COLUMN b int;"),
        ])) {
            let error = $0 as? ReplayError
            XCTAssertEqual(error?.sqlstate, PGError.Code.undefinedTable)
            XCTAssertEqual(error?.line, 2, "the server gives no position; the failing statement starts on line 2")
        }
        XCTAssertEqual(try shadowsOnServer(), [])
    }

    func testRegistry_DropAll_DropsRegisteredShadows() throws {
        let server = try TestServer.conninfo()
        let name = "evermed_shadow_\(getpid())_registrytest"
        try PGConnection(conninfo: server).execute("CREATE DATABASE \(PGIdentifier.quote(name))")
        ShadowRegistry.shared.register(name, adminConninfo: server)
        XCTAssertEqual(ShadowRegistry.shared.dropAll(), [])
        XCTAssertFalse(try TestServer.databaseExists(name))
        XCTAssertFalse(ShadowRegistry.shared.names.contains(name))
    }
}
