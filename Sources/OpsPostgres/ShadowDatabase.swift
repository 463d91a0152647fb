import Foundation
import OpsCore

/// Replays migrations on a scratch database to learn the schema they produce (Prisma's "shadow database").
/// The scratch database is always dropped, on success, on a failing migration, and — through
/// `ShadowRegistry` — when the process is interrupted.
public enum ShadowDatabase {
    /// Creates `evermed_shadow_<pid>_<hex>` on the server `conninfo` points at (any existing database there),
    /// runs each migration's SQL in order, introspects the result and drops the database.
    /// Throws `ReplayError` for a failing migration and `PGError` for connection or server failures.
    public static func replay(server conninfo: String, migrations: [LocalMigration],
                              progress: ((String) -> Void)? = nil) throws -> SchemaSnapshot {
        let name = "evermed_shadow_\(getpid())_\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        do {
            let admin = try PGConnection(conninfo: conninfo)
            try admin.execute("CREATE DATABASE \(PGIdentifier.quote(name)) TEMPLATE template0")
        }
        ShadowRegistry.shared.register(name, adminConninfo: conninfo)
        defer {
            if (try? drop(name, adminConninfo: conninfo)) != nil { ShadowRegistry.shared.unregister(name) }
        }
        progress?("created shadow database \(name)")
        return try run(migrations, on: try ConnInfo.withDatabase(conninfo, name), progress: progress)
    }

    /// Connects to the shadow database, applies the migrations and introspects; the connection is closed
    /// when this returns, before the database is dropped.
    private static func run(_ migrations: [LocalMigration], on shadowConninfo: String,
                            progress: ((String) -> Void)?) throws -> SchemaSnapshot {
        let shadow = try PGConnection(conninfo: shadowConninfo)
        for migration in migrations {
            progress?("replaying \(migration.name)")
            // Statement by statement, as psql -f would: the failing statement names its line even when the
            // server gives no position, and statements that refuse a transaction block (CREATE INDEX
            // CONCURRENTLY) run as they would in production.
            for statement in SQLScript(migration.sql).executable {
                do {
                    try shadow.execute(statement.text)
                } catch let error as PGError where error.kind == .query {
                    throw ReplayError(
                        migrationName: migration.name, path: migration.path, sqlstate: error.sqlstate,
                        message: error.message,
                        line: error.position.map { statement.line(ofPosition: $0) } ?? statement.line)
                }
            }
        }
        progress?("reading the replayed schema")
        return try CatalogIntrospector.introspect(shadow)
    }

    /// Drops `name` on the server of `adminConninfo`, ending any session still connected to it.
    public static func drop(_ name: String, adminConninfo: String) throws {
        let admin = try PGConnection(conninfo: adminConninfo)
        try admin.execute("DROP DATABASE IF EXISTS \(PGIdentifier.quote(name)) WITH (FORCE)")
    }
}
