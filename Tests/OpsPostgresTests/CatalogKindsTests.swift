import XCTest
import OpsCore
@testable import OpsPostgres

/// Issue 10, part 1: partitions, row-level security and policies, collations, domains, composite types, sequence
/// OWNED BY and (asked for) privileges, read from a real catalog.
final class CatalogKindsTests: XCTestCase {
    static let sql = """
        DO $$ BEGIN CREATE ROLE evermed_test_anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
        CREATE TABLE accounts (id int PRIMARY KEY, owner text);
        ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
        CREATE POLICY account_managers ON accounts AS RESTRICTIVE FOR UPDATE TO evermed_test_anon, postgres
            USING (owner = current_user) WITH CHECK (owner IS NOT NULL);
        CREATE POLICY readers ON accounts FOR SELECT USING (true);
        CREATE TABLE measurement (city int, logdate date NOT NULL, peak int) PARTITION BY RANGE (logdate);
        CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
            PARTITION BY LIST (city);
        CREATE INDEX measurement_logdate_idx ON measurement (logdate);
        CREATE INDEX measurement_2024_peak_idx ON measurement_2024 (peak);
        ALTER TABLE measurement_2024 ADD CONSTRAINT peak_positive CHECK (peak > 0);
        CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0);
        CREATE TYPE pair AS (a int, b text);
        CREATE SEQUENCE counter OWNED BY accounts.id;
        GRANT SELECT, INSERT ON accounts TO evermed_test_anon;
        GRANT UPDATE ON accounts TO evermed_test_anon WITH GRANT OPTION;
        CREATE TABLE audited (at timestamptz);
        CREATE UNLOGGED TABLE notes (body text) INHERITS (accounts, audited);
        """

    func snapshot(privileges: Bool = false) throws -> SchemaSnapshot {
        try TestServer.withDatabase("kinds", setup: Self.sql) { conn, _ in
            try CatalogIntrospector.introspect(conn, privileges: privileges)
        }
    }

    func testPartitions_AreTheirOwnKind_WithBoundAndKey_TheirCopiesOfParentObjectsLeftOut() throws {
        let s = try snapshot()
        XCTAssertEqual(s[.table, "public.measurement"]?.fields["partition_key"], "RANGE (logdate)")
        XCTAssertNil(s[.table, "public.measurement_2024"], "a partition is not listed as a table")
        let p = try XCTUnwrap(s[.partition, "public.measurement_2024"])
        XCTAssertEqual(p.parent, "public.measurement")
        XCTAssertEqual(p.fields, ["of": "public.measurement", "bound": "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"])
        XCTAssertEqual(s[.partition, "public.measurement_2025"]?.fields["partition_key"], "LIST (city)")
        XCTAssertFalse(s.sorted.contains { $0.kind == .column && $0.parent == "public.measurement_2024" },
                       "a partition's columns are its parent's")
        XCTAssertNotNil(s[.index, "public.measurement_2024.measurement_2024_peak_idx"], "its own index is kept")
        XCTAssertFalse(s.sorted.contains { $0.kind == .index && $0.name.hasPrefix("public.measurement_2024.measurement_2024_logdate") },
                       "the copy of the parent's index is the parent's")
        XCTAssertEqual(s[.constraint, "public.measurement_2024.peak_positive"]?.fields["type"], "check")
    }

    /// A table's own attributes come from the relations query read first; its parents from `inherits`.
    func testTables_PersistenceAndParentsInOrder() throws {
        let s = try snapshot()
        XCTAssertEqual(s[.table, "public.notes"]?.fields, [
            "persistence": "unlogged", "row_security": "disabled", "inherits": "public.accounts, public.audited",
        ])
        XCTAssertEqual(s[.table, "public.audited"]?.fields, ["persistence": "permanent", "row_security": "disabled"])
        XCTAssertEqual(s[.column, "public.notes.body"]?.fields["type"], "text")
        XCTAssertNil(s[.column, "public.notes.owner"], "an inherited column is its parent's")
    }

    func testRowSecurity_AndPolicies() throws {
        let s = try snapshot()
        let accounts = try XCTUnwrap(s[.table, "public.accounts"])
        XCTAssertEqual(accounts.fields["row_security"], "enabled")
        XCTAssertEqual(accounts.fields["force_row_security"], "forced")
        XCTAssertEqual(s[.policy, "public.accounts.account_managers"]?.fields, [
            "permissive": "restrictive", "command": "UPDATE", "roles": "evermed_test_anon, postgres",
            "using": "(owner = CURRENT_USER)", "with_check": "(owner IS NOT NULL)",
        ])
        XCTAssertEqual(s[.policy, "public.accounts.readers"]?.fields, [
            "permissive": "permissive", "command": "SELECT", "roles": "PUBLIC", "using": "true",
        ])
        XCTAssertEqual(s[.policy, "public.accounts.readers"]?.parent, "public.accounts")
    }

    func testCollationDomainCompositeTypeAndOwnedSequence() throws {
        let s = try snapshot()
        let collation = try XCTUnwrap(s[.collation, "public.nocase"])
        XCTAssertEqual(collation.fields["provider"], "icu")
        XCTAssertEqual(collation.fields["deterministic"], "false")
        XCTAssertEqual(s[.domain, "public.posint"]?.fields, [
            "type": "integer", "nullable": "false", "default": "1", "constraints": "positive CHECK ((VALUE > 0))",
        ])
        XCTAssertEqual(s[.type, "public.pair"]?.fields, ["attributes": "a integer, b text"])
        XCTAssertEqual(s[.sequence, "public.counter"]?.fields["owned_by"], "public.accounts.id")
        XCTAssertNil(s[.privilege, "public.accounts.evermed_test_anon"], "privileges only when asked")
    }

    func testPrivileges_WhenAsked_OwnerLeftOut() throws {
        let s = try snapshot(privileges: true)
        let grant = try XCTUnwrap(s[.privilege, "public.accounts.evermed_test_anon"])
        XCTAssertEqual(grant.fields, ["object_type": "table", "privileges": "INSERT, SELECT, UPDATE WITH GRANT OPTION"])
        XCTAssertEqual(grant.parent, "public.accounts")
        XCTAssertFalse(s.sorted.contains { $0.kind == .privilege && $0.name.hasSuffix(".postgres") }, "the owner's own")
    }
}
