import XCTest
import OpsCore
@testable import OpsPostgres

/// Two databases where every object kind differs, compared with the pure `SchemaDiff.drift`.
final class DriftTests: XCTestCase {
    private static let expected = """
        CREATE EXTENSION citext;
        CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
        CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, nick text, CONSTRAINT users_email_check CHECK (email <> ''));
        CREATE TABLE gone (id integer);
        CREATE INDEX users_email_idx ON users (email);
        CREATE VIEW v AS SELECT id FROM users;
        CREATE MATERIALIZED VIEW mv AS SELECT id FROM users;
        CREATE SEQUENCE s START 1;
        CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';
        CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
        CREATE TRIGGER trg BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION tf();
        """

    private static let actual = """
        CREATE SCHEMA extra;
        CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'OWNER');
        CREATE UNLOGGED TABLE users (id integer PRIMARY KEY, email varchar(255) NOT NULL, nick text DEFAULT 'x', CONSTRAINT users_email_check CHECK (email <> 'x'));
        CREATE TABLE added (id integer);
        CREATE INDEX users_email_idx ON users (lower(email));
        CREATE VIEW v AS SELECT id, email FROM users;
        CREATE MATERIALIZED VIEW mv AS SELECT id, nick FROM users;
        CREATE SEQUENCE s START 5;
        CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT 2';
        CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
        CREATE TRIGGER trg BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION tf();
        ALTER TABLE users DISABLE TRIGGER trg;
        """

    func testDrift_EveryKind_ReportsKindNameChangeAndField() throws {
        let expected = try TestServer.withDatabase("drift_a", setup: Self.expected) { c, _ in
            try CatalogIntrospector.introspect(c)
        }
        let actual = try TestServer.withDatabase("drift_b", setup: Self.actual) { c, _ in
            try CatalogIntrospector.introspect(c)
        }
        let changes = SchemaDiff.drift(expected: expected, actual: actual)
        func has(_ kind: ObjectKind, _ name: String, _ change: SchemaChange.Change, _ field: String? = nil,
                 _ from: String? = nil, _ to: String? = nil, line: UInt = #line) {
            let found = changes.contains {
                $0.kind == kind && $0.name == name && $0.change == change && $0.field == field
                    && (from == nil || $0.expected == from) && (to == nil || $0.actual == to)
            }
            XCTAssertTrue(found, "no {\(kind.rawValue) \(name) \(change) \(field ?? "")} in \(changes)", line: line)
        }
        has(.schema, "extra", .unexpected)
        has(.extension, "citext", .missing)
        has(.enum, "public.Role", .changed, "values", "USER, ADMIN", "USER, ADMIN, OWNER")
        has(.table, "public.gone", .missing)
        has(.table, "public.added", .unexpected)
        has(.table, "public.users", .changed, "persistence", "permanent", "unlogged")
        has(.column, "public.users.email", .changed, "type", "text", "character varying(255)")
        has(.column, "public.users.nick", .changed, "default", nil, "'x'::text")
        has(.index, "public.users.users_email_idx", .changed, "definition")
        has(.constraint, "public.users.users_email_check", .changed, "definition")
        has(.view, "public.v", .changed, "definition")
        has(.materializedView, "public.mv", .changed, "definition")
        has(.sequence, "public.s", .changed, "start", "1", "5")
        has(.function, "public.f(integer)", .changed, "definition")
        has(.trigger, "public.users.trg", .changed, "enabled", "origin", "disabled")
        XCTAssertFalse(changes.contains { $0.name.hasPrefix("public.gone.") }, "children of a missing table")
    }

    func testDrift_IdenticalSchemasInDifferentDatabases_IsEmpty() throws {
        let a = try TestServer.withDatabase("same_a", setup: Self.expected) { c, _ in try CatalogIntrospector.introspect(c) }
        let b = try TestServer.withDatabase("same_b", setup: Self.expected) { c, _ in try CatalogIntrospector.introspect(c) }
        XCTAssertEqual(SchemaDiff.drift(expected: a, actual: b), [])
    }
}
