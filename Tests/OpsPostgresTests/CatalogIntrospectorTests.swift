import XCTest
import OpsCore
@testable import OpsPostgres

/// Introspects one database holding every object kind (`SchemaFixture`) and checks names and fields.
final class CatalogIntrospectorTests: XCTestCase {
    private func introspectFixture(file: StaticString = #filePath, line: UInt = #line) throws -> SchemaSnapshot {
        try TestServer.withDatabase("introspect", setup: SchemaFixture.sql + ";" + HistoryStore.createTableSQL,
                                    file: file, line: line) { conn, _ in
            try CatalogIntrospector.introspect(conn)
        }
    }

    private func assertObject(_ s: SchemaSnapshot, _ kind: ObjectKind, _ name: String, parent: String?,
                              _ fields: SchemaFields, file: StaticString = #filePath, line: UInt = #line) {
        guard let object = s[kind, name] else {
            let names = s.sorted.filter { $0.kind == kind }.map(\.name)
            return XCTFail("no \(kind.rawValue) \(name); have \(names)", file: file, line: line)
        }
        XCTAssertEqual(object.parent, parent, "parent of \(name)", file: file, line: line)
        XCTAssertEqual(object.fields, fields, "fields of \(name)", file: file, line: line)
    }

    func testIntrospect_Schemas() throws {
        let s = try introspectFixture()
        assertObject(s, .schema, "public", parent: nil, [:])
        assertObject(s, .schema, "billing", parent: nil, [:])
        XCTAssertEqual(s.count(of: .schema), 2)
    }

    func testIntrospect_Extension_VersionAndSchema_PlpgsqlExcluded() throws {
        let s = try introspectFixture()
        let citext = try XCTUnwrap(s[.extension, "citext"])
        XCTAssertEqual(citext.fields["schema"], "public")
        XCTAssertNotNil(citext.fields["version"])
        XCTAssertNil(s[.extension, "plpgsql"])
        // The extension's own functions and types are not listed as the user's.
        XCTAssertFalse(s.sorted.contains { $0.kind == .function && $0.name.contains("citext") })
    }

    func testIntrospect_Enum_LabelsInSortOrder() throws {
        assertObject(try introspectFixture(), .enum, "public.Role", parent: "public", ["values": "USER, ADMIN, OWNER"])
    }

    func testIntrospect_Table_PersistenceAndRowSecurity() throws {
        let s = try introspectFixture()
        assertObject(s, .table, "public.users", parent: "public", ["persistence": "permanent", "row_security": "disabled"])
        assertObject(s, .table, "public.cache", parent: "public", ["persistence": "unlogged", "row_security": "disabled"])
        assertObject(s, .table, "public.posts", parent: "public", ["persistence": "permanent", "row_security": "enabled"])
        assertObject(s, .table, "billing.invoices", parent: "billing",
                     ["persistence": "permanent", "row_security": "disabled"])
    }

    func testIntrospect_Column_Identity() throws {
        let s = try introspectFixture()
        assertObject(s, .column, "public.users.id", parent: "public.users",
                     ["type": "integer", "nullable": "false", "identity": "always"])
        assertObject(s, .column, "public.users.legacy_id", parent: "public.users",
                     ["type": "bigint", "nullable": "false", "identity": "by default"])
    }

    func testIntrospect_Column_Generated_HasNoDefault() throws {
        assertObject(try introspectFixture(), .column, "public.users.full_name", parent: "public.users",
                     ["type": "text", "nullable": "true", "generated": "((first_name || ' '::text) || last_name)"])
    }

    func testIntrospect_Column_DefaultsAreSchemaQualified() throws {
        let s = try introspectFixture()
        assertObject(s, .column, "public.users.role", parent: "public.users",
                     ["type": "public.\"Role\"", "nullable": "false", "default": "'USER'::public.\"Role\""])
        assertObject(s, .column, "public.users.created_at", parent: "public.users",
                     ["type": "timestamp with time zone", "nullable": "false", "default": "now()"])
        assertObject(s, .column, "public.posts.id", parent: "public.posts",
                     ["type": "integer", "nullable": "false", "default": "nextval('public.posts_id_seq'::regclass)"])
    }

    func testIntrospect_Column_Collation_OnlyWhenNotTheTypeDefault() throws {
        let s = try introspectFixture()
        assertObject(s, .column, "public.users.name", parent: "public.users",
                     ["type": "text", "nullable": "true", "collation": "C"])
        assertObject(s, .column, "public.users.handle", parent: "public.users",
                     ["type": "public.citext", "nullable": "true"])
        assertObject(s, .column, "public.posts.title", parent: "public.posts",
                     ["type": "character varying(200)", "nullable": "false"])
    }

    func testIntrospect_Column_DroppedAndSystemColumnsExcluded() throws {
        let s = try introspectFixture()
        let names = s.sorted.filter { $0.kind == .column && $0.parent == "public.users" }.map(\.name)
        XCTAssertEqual(names, ["email", "first_name", "full_name", "handle", "id", "last_name", "legacy_id", "name",
                               "role", "created_at"].map { "public.users." + $0 }.sorted())
        XCTAssertNil(s[.column, "public.v_admins.id"], "views have no column objects")
    }

    func testIntrospect_Index_ExcludesConstraintIndexes_IncludesMatviewIndexes() throws {
        let s = try introspectFixture()
        assertObject(s, .index, "public.posts.posts_title_idx", parent: "public.posts",
                     ["definition": "CREATE INDEX posts_title_idx ON public.posts USING btree (lower((title)::text))"])
        assertObject(s, .index, "public.mv_counts.mv_counts_author_idx", parent: "public.mv_counts",
                     ["definition": "CREATE UNIQUE INDEX mv_counts_author_idx ON public.mv_counts USING btree (author_id)"])
        XCTAssertNil(s[.index, "public.users.users_pkey"])
        XCTAssertNil(s[.index, "public.users.users_email_key"])
        XCTAssertNil(s[.index, "billing.invoices.invoices_amount_excl"])
        XCTAssertEqual(s.count(of: .index), 2)
    }

    func testIntrospect_Constraint_EveryType() throws {
        let s = try introspectFixture()
        assertObject(s, .constraint, "public.users.users_pkey", parent: "public.users",
                     ["type": "primary key", "definition": "PRIMARY KEY (id)"])
        assertObject(s, .constraint, "public.users.users_email_key", parent: "public.users",
                     ["type": "unique", "definition": "UNIQUE (email)"])
        assertObject(s, .constraint, "public.users.users_email_check", parent: "public.users",
                     ["type": "check", "definition": "CHECK ((email <> ''::text))"])
        assertObject(s, .constraint, "public.posts.posts_author_id_fkey", parent: "public.posts",
                     ["type": "foreign key",
                      "definition": "FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE CASCADE"])
        assertObject(s, .constraint, "billing.invoices.invoices_amount_excl", parent: "billing.invoices",
                     ["type": "exclusion", "definition": "EXCLUDE USING btree (amount WITH =)"])
    }

    func testIntrospect_View_And_MaterializedView() throws {
        let s = try introspectFixture()
        assertObject(s, .view, "public.v_admins", parent: "public", ["definition":
            " SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.role = 'ADMIN'::public.\"Role\";"])
        assertObject(s, .materializedView, "public.mv_counts", parent: "public", ["definition":
            " SELECT posts.author_id,\n    count(*) AS n\n   FROM public.posts\n  GROUP BY posts.author_id;"])
    }

    func testIntrospect_Function_NamedByIdentityArguments() throws {
        let s = try introspectFixture()
        assertObject(s, .function, "public.add_one(integer)", parent: "public", ["definition":
            "CREATE OR REPLACE FUNCTION public.add_one(i integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\n"
            + "AS $function$SELECT i + 1$function$\n"])
        XCTAssertNotNil(s[.function, "public.touch()"])
    }

    func testIntrospect_Sequence_OwnedBySerialIncluded_IdentityExcluded() throws {
        let s = try introspectFixture()
        assertObject(s, .sequence, "public.invoice_seq", parent: "public", [
            "type": "bigint", "start": "1000", "increment": "5", "min": "1", "max": "9223372036854775807",
            "cache": "10", "cycle": "true"])
        assertObject(s, .sequence, "public.posts_id_seq", parent: "public", [
            "type": "integer", "start": "1", "increment": "1", "min": "1", "max": "2147483647",
            "cache": "1", "cycle": "false", "owned_by": "public.posts.id"])
        XCTAssertNil(s[.sequence, "public.users_id_seq"], "identity sequences belong to their column")
        XCTAssertEqual(s.count(of: .sequence), 2)
    }

    func testIntrospect_Trigger_DefinitionAndEnabled_InternalExcluded() throws {
        let s = try introspectFixture()
        assertObject(s, .trigger, "public.users.trg_touch", parent: "public.users", [
            "definition": "CREATE TRIGGER trg_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()",
            "enabled": "origin"])
        assertObject(s, .trigger, "public.posts.trg_off", parent: "public.posts", [
            "definition": "CREATE TRIGGER trg_off BEFORE INSERT ON public.posts FOR EACH ROW EXECUTE FUNCTION public.touch()",
            "enabled": "disabled"])
        XCTAssertEqual(s.count(of: .trigger), 2, "foreign-key triggers are internal")
    }

    func testIntrospect_PrismaMigrationsTable_Excluded() throws {
        let s = try introspectFixture()
        XCTAssertFalse(s.sorted.contains { $0.name.contains("_prisma_migrations") })
    }

    func testIntrospect_SameSchemaInTwoDatabases_IsEqual() throws {
        XCTAssertEqual(try introspectFixture(), try introspectFixture())
    }

    func testIntrospect_LeavesNoTransactionOpen() throws {
        try TestServer.withDatabase("txn", setup: "CREATE TABLE t (a int)") { conn, _ in
            _ = try CatalogIntrospector.introspect(conn)
            XCTAssertEqual(try conn.query("SHOW search_path").string(0, 0), "\"$user\", public")
            try conn.execute("CREATE TABLE u (a int)")  // would fail inside a READ ONLY transaction
        }
    }

    func testIntrospect_ManyTables_EveryRowRead() throws {
        let setup = """
            DO $$ BEGIN FOR i IN 1..200 LOOP
              EXECUTE format('CREATE TABLE t%s (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, '
                || 'name text NOT NULL DEFAULT ''x'', email varchar(255) UNIQUE, n int)', i);
              EXECUTE format('CREATE INDEX t%s_name_idx ON t%s (name)', i, i);
            END LOOP; END $$;
            """
        let s = try TestServer.withDatabase("many", setup: setup) { conn, _ in try CatalogIntrospector.introspect(conn) }
        XCTAssertEqual(s.count(of: .table), 200)
        XCTAssertEqual(s.count(of: .column), 800)
        XCTAssertEqual(s.count(of: .index), 200)
        XCTAssertEqual(s.count(of: .constraint), 400)
        XCTAssertEqual(s.count(of: .sequence), 0)
        XCTAssertEqual(s[.column, "public.t7.name"]?.fields["default"], "'x'::text")
    }

    func testIntrospect_TwoConnectionsSharingASnapshot_SameAsOne() throws {
        try TestServer.withDatabase("parallel", setup: SchemaFixture.sql) { conn, _ in
            let one = try CatalogIntrospector.readRows(conn, parallelThreshold: .max)
            let two = try CatalogIntrospector.readRows(conn, parallelThreshold: 0)
            XCTAssertFalse(one.parallel)
            XCTAssertTrue(two.parallel, "the second connection was not used")
            let serial = SchemaBuilder.snapshot(from: one.rows), parallel = SchemaBuilder.snapshot(from: two.rows)
            XCTAssertEqual(parallel, serial)
            XCTAssertEqual(parallel.count(of: .index), 2)
            XCTAssertEqual(parallel.count(of: .column), 16)
            XCTAssertEqual(try conn.query("SELECT 1").string(0, 0), "1", "no transaction left open")
            try conn.execute("CREATE TABLE after_read (a int)")
        }
    }

    /// Every catalog query as built for an older server (its columns and the restricted or subquery form chosen by
    /// version) still runs here: the version switches are exercised on the one server the tests have.
    func testQueries_ForEveryOlderServerVersion_Run() throws {
        try TestServer.withDatabase("versions", setup: SchemaFixture.sql) { conn, _ in
            let readers = CatalogReaders.first + CatalogReaders.mainShare + CatalogReaders.helperShare + [CatalogReaders.privileges]
            try conn.execute("SET search_path = ''")  // as in the read's transaction; each query on its own here
            for version in [110000, 120000, 130000, 140000, conn.serverVersion] where version <= conn.serverVersion {
                for reader in readers {
                    let params = version >= CatalogQueries.hashedAnyVersion ? reader.groups.map { _ in "{}" } : []
                    XCTAssertNoThrow(try conn.query(reader.sql(version), params), "\(version): \(reader.sql(version).prefix(60))")
                }
            }
        }
    }

    /// A query restricted to relations of a kind the database has none of is not sent; the others are.
    func testNeeded_LeavesOutQueriesOverNoRelations() {
        var rows = CatalogRows()
        rows.relationSet.tables = [16_384]
        let readers = [CatalogReaders.partitions, CatalogReaders.columns, CatalogReaders.compositeTypes,
                       CatalogReaders.schemas, CatalogReaders.indexes]
        func kept() -> [String] { CatalogReaders.needed(readers, rows: rows).map { String($0.sql(150000).prefix(40)) } }
        XCTAssertEqual(kept(), [readers[1], readers[3], readers[4]].map { String($0.sql(150000).prefix(40)) })
        rows.relationSet.partitions = [16_390]
        XCTAssertEqual(kept().count, 4, "partitions now")
    }

    func testSiblingReader_ImportsTheSnapshot() throws {
        try TestServer.withDatabase("sibling", setup: "CREATE SCHEMA before_snapshot") { conn, info in
            try conn.execute(CatalogQueries.begin + "; " + CatalogQueries.emptySearchPath)
            _ = try conn.query("SELECT 1")  // the snapshot is taken at the first query
            let sibling = try SiblingReader(of: conn)
            // Created after the snapshot: neither connection may see it.
            try PGConnection(conninfo: info).execute("CREATE SCHEMA after_snapshot; CREATE EXTENSION IF NOT EXISTS plpgsql")
            var rows = CatalogRows()
            try CatalogReaders.read(CatalogReaders.first, on: conn, into: &rows)  // the relations the others read
            try sibling.read([CatalogReaders.schemas], mainShare: [CatalogReaders.extensions], on: conn, into: &rows)
            try conn.execute("COMMIT")
            XCTAssertEqual(rows.schemas.sorted(), ["before_snapshot", "public"])
        }
    }

    /// The built-in types the columns query leaves to the client are named exactly as `format_type` names them,
    /// with `quote_all_identifiers` too; other types and ones with a modifier still come from the server.
    func testIntrospect_Column_TypesNamedAsFormatType_EvenWithQuoteAllIdentifiers() throws {
        try TestServer.withDatabase("typenames", setup: """
            CREATE TABLE t (b boolean, y bytea, i8 bigint, i2 smallint, i4 integer, tx text, js json, f4 real,
                f8 double precision, d date, ts timestamp, tz timestamptz, u uuid, jb jsonb,
                v varchar(10), n numeric(5,2), ts3 timestamp(3), arr integer[], tz0 timestamptz(0));
            """) { conn, _ in
            for quoteAll in [false, true] {
                try conn.execute("SET quote_all_identifiers = \(quoteAll ? "on" : "off")")
                let snapshot = try CatalogIntrospector.introspect(conn)
                let server = try conn.query("""
                    SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                    WHERE a.attrelid = 'public.t'::regclass AND a.attnum > 0
                    """)
                XCTAssertEqual(server.rowCount, 19)
                for i in 0..<server.rowCount {
                    XCTAssertEqual(snapshot[.column, "public.t." + server.text(i, 0)]?.fields["type"], server.text(i, 1),
                                   "\(server.text(i, 0)), quote_all_identifiers \(quoteAll)")
                }
            }
            try conn.execute("RESET quote_all_identifiers")
        }
    }
}
