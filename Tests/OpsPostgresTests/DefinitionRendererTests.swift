import XCTest
@testable import OpsPostgres

/// The client-rendered index and constraint definitions must equal the server's `pg_get_indexdef` /
/// `pg_get_constraintdef` text, so users see familiar SQL and snapshots stay comparable.
final class DefinitionRendererTests: XCTestCase {
    static let setup = """
        CREATE SCHEMA "Odd Schema";
        CREATE TYPE mood AS ENUM ('a', 'b');
        CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
        CREATE TABLE t (id int PRIMARY KEY, a int, b text, c varchar(20), "Mixed" text, "select" int, e mood,
                        arr int[], j jsonb, d posint, ts tsvector, r int4range, "we""ird" text, UNIQUE (a, b));
        CREATE TABLE "Odd Schema"."Parent" ("Key" int, k2 text, UNIQUE NULLS NOT DISTINCT ("Key"),
                                            PRIMARY KEY ("Key", k2) INCLUDE (k2x), k2x int);
        CREATE TABLE child (id int, pk int, pk2 text, a int, b text,
            CONSTRAINT fk1 FOREIGN KEY (pk, pk2) REFERENCES "Odd Schema"."Parent" ("Key", k2) ON DELETE CASCADE ON UPDATE SET NULL,
            CONSTRAINT fk2 FOREIGN KEY (a, b) REFERENCES t (a, b) MATCH FULL DEFERRABLE INITIALLY DEFERRED,
            CONSTRAINT fk3 FOREIGN KEY (id) REFERENCES t ON DELETE SET DEFAULT ON UPDATE RESTRICT NOT VALID,
            CONSTRAINT u_inc UNIQUE (a) INCLUDE (b, id) DEFERRABLE);
        CREATE INDEX i_multi ON t (a, b DESC, c NULLS FIRST);
        CREATE INDEX i_desc_nf ON t (a DESC NULLS FIRST, b ASC NULLS LAST);
        CREATE INDEX i_pattern ON t (b text_pattern_ops, c varchar_pattern_ops);
        CREATE INDEX i_coll ON t (b COLLATE "C", c COLLATE "POSIX");
        CREATE INDEX i_incl ON t (a) INCLUDE (b, "Mixed");
        CREATE UNIQUE INDEX i_nnd ON t (a, c) NULLS NOT DISTINCT;
        CREATE INDEX i_hash ON t USING hash (b);
        CREATE INDEX i_gin ON t USING gin (arr);
        CREATE INDEX i_gin_jsonb ON t USING gin (j jsonb_path_ops);
        CREATE INDEX i_gin_j ON t USING gin (j);
        CREATE INDEX i_gist ON t USING gist (r);
        CREATE INDEX i_gist_ts ON t USING gist (ts);
        CREATE INDEX i_brin ON t USING brin (a);
        CREATE INDEX "I Quoted" ON t ("Mixed", "select", "we""ird");
        CREATE INDEX i_enum ON t (e);
        CREATE INDEX i_domain ON t (d);
        CREATE INDEX i_varchar ON t (c);
        CREATE INDEX i_expr ON t (lower(b));
        CREATE INDEX i_partial ON t (a) WHERE a > 0;
        CREATE INDEX i_fill ON t (a) WITH (fillfactor = 70);
        CREATE INDEX ON "Odd Schema"."Parent" (k2 DESC);
        CREATE TABLE parted (a int, b text) PARTITION BY RANGE (a);
        CREATE INDEX i_parted ON parted (a, b);
        ALTER TABLE t ADD CONSTRAINT t_check CHECK (a > 0) NOT VALID;
        """

    func testRenderedDefinitions_EqualTheServers() throws {
        try TestServer.withDatabase("render", setup: Self.setup) { conn, _ in
            for parallelThreshold in [Int.max, 0] {
                let rows = try CatalogIntrospector.readRows(conn, parallelThreshold: parallelThreshold).rows
                try conn.execute("SET search_path = ''")
                defer { try? conn.execute("RESET search_path") }
                let serverIndexes = try conn.query("""
                    SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname IN ('public', 'Odd Schema')
                    """)
                var expected: [String: String] = [:]
                for i in 0..<serverIndexes.rowCount { expected[serverIndexes.text(i, 0)] = serverIndexes.text(i, 1) }
                XCTAssertEqual(rows.indexes.count, 22)
                for index in rows.indexes {
                    XCTAssertEqual(index.definition, expected[index.name], index.name)
                }
                let serverConstraints = try conn.query("""
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace IN ('public'::regnamespace, '"Odd Schema"'::regnamespace)
                    """)
                var expectedConstraints: [String: String] = [:]
                for i in 0..<serverConstraints.rowCount {
                    expectedConstraints[serverConstraints.text(i, 0)] = serverConstraints.text(i, 1)
                }
                XCTAssertEqual(rows.constraints.count, 9)
                for c in rows.constraints {
                    XCTAssertEqual(c.definition, expectedConstraints[c.name], c.name)
                }
            }
        }
    }

    /// The catalog rows as read, before rendering, inside one read-only snapshot with an empty search_path.
    private func withRawRows(_ name: String, setup: String,
                             _ body: (PGConnection, inout CatalogRows) throws -> Void) throws {
        try TestServer.withDatabase(name, setup: setup) { conn, _ in
            var rows = CatalogRows()
            try conn.execute(CatalogQueries.begin + "; " + CatalogQueries.emptySearchPath)
            defer { try? conn.execute("ROLLBACK") }
            try CatalogReaders.readAll(on: conn, into: &rows)
            try body(conn, &rows)
        }
    }

    /// Plain indexes and keys are rendered here, not by the server: only the domain column is left over.
    func testRender_LeavesOnlyUncertainDefinitionsToTheServer() throws {
        try withRawRows("render_left", setup: Self.setup) { _, rows in
            XCTAssertEqual(rows.indexes.filter { $0.key == nil }.map(\.name).sorted(), ["i_expr", "i_fill", "i_gist_ts", "i_partial"], "expressions, predicates, storage and opclass options")
            let left = DefinitionRenderer.render(&rows)
            let names = left.indexes.compactMap { oid in rows.indexes.first { $0.oid == oid }?.name }
            XCTAssertEqual(names, ["i_domain"])
            XCTAssertEqual(left.constraints, [])
        }
    }

    static let checks = """
        CREATE DOMAIN posint AS integer;
        CREATE TABLE k (a int, n numeric(10,2), big bigint, s smallint, b text, flag boolean, "Mixed Case" int, d posint,
                        ts timestamptz, r int4range,
            CONSTRAINT c_gt CHECK (a > 0),
            CONSTRAINT c_cast CHECK (n >= 0),
            CONSTRAINT c_neg CHECK (a >= -5),
            CONSTRAINT c_int84 CHECK (big > 10),
            CONSTRAINT c_int24 CHECK (s < 100),
            CONSTRAINT c_and CHECK (a > 0 AND a < 100),
            CONSTRAINT c_or_null CHECK (a IS NOT NULL OR b IS NULL),
            CONSTRAINT c_bool CHECK (flag = true),
            CONSTRAINT c_quoted CHECK ("Mixed Case" <> 0),
            CONSTRAINT c_cols CHECK (a < big),
            CONSTRAINT c_const_int8 CHECK (big > 5::bigint),
            CONSTRAINT c_var_cast CHECK (a::bigint > big),
            CONSTRAINT c_int2_const CHECK (s > 3::smallint),
            CONSTRAINT c_three CHECK (a > 1 AND s > 2 AND big > 3),
            CONSTRAINT c_decimal CHECK (n > 1.5),
            CONSTRAINT c_text CHECK (b <> ''),
            CONSTRAINT c_func CHECK (length(b) > 0),
            CONSTRAINT c_domain CHECK (d > 0),
            CONSTRAINT c_in CHECK (a IN (1, 2)),
            CONSTRAINT c_not CHECK (NOT flag),
            CONSTRAINT c_range CHECK (NOT isempty(r)),
            CONSTRAINT c_ts CHECK (ts IS NOT NULL));
        ALTER TABLE k ADD CONSTRAINT c_noinherit CHECK (a <> 7) NO INHERIT;
        ALTER TABLE k ADD CONSTRAINT c_notvalid CHECK (s >= 0) NOT VALID;
        CREATE TABLE kid (extra int CHECK (extra > 0)) INHERITS (k);
        """

    /// CHECK expressions: the simple ones rendered here equal the server's text; the rest are left to it.
    func testChecks_ClientRenderedEqualTheServers_RestLeftToIt() throws {
        try withRawRows("render_checks", setup: Self.checks) { conn, rows in
            let left = DefinitionRenderer.render(&rows)
            // By table and name: the inheriting table has copies of k's checks (not read: they are k's).
            let server = try conn.query("""
                SELECT c.relname || '.' || k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c'
                """)
            var expected: [String: String] = [:]
            for i in 0..<server.rowCount { expected[server.text(i, 0)] = server.text(i, 1) }
            let leftNames = Set(left.constraints.compactMap { oid in rows.constraints.first { $0.oid == oid }?.name })
            XCTAssertEqual(leftNames, ["c_decimal", "c_text", "c_func", "c_domain", "c_in", "c_not", "c_range"])
            var rendered = 0
            for c in rows.constraints where !leftNames.contains(c.name) {
                XCTAssertEqual(c.definition, expected[c.table + "." + c.name], c.name)
                rendered += 1
            }
            XCTAssertEqual(rendered, 18, "the simple checks, the inheriting table's own, NO INHERIT and NOT VALID")
        }
        // And through the whole introspection, with the server's text for the rest.
        try TestServer.withDatabase("render_checks_all", setup: Self.checks) { conn, _ in
            let snapshot = try CatalogIntrospector.introspect(conn)
            try conn.execute("SET search_path = ''")
            let server = try conn.query("""
                SELECT c.relname || '.' || k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c' AND k.conislocal
                """)
            XCTAssertEqual(server.rowCount, 25)
            for i in 0..<server.rowCount {
                XCTAssertEqual(snapshot[.constraint, "public." + server.text(i, 0)]?.fields["definition"], server.text(i, 1),
                               server.text(i, 0))
            }
        }
    }

    /// The constant of `column > constant` whose stored datum is `bytes`, as read from its tree.
    private func constant(_ bytes: [Int]) -> Int64? {
        let tree = "{OPEXPR :opno 413 :opretset false :args ({VAR :varno 1 :varattno 1 :vartype 20 :varlevelsup 0} "
            + "{CONST :consttype 20 :consttypmod -1 :constbyval true :constisnull false :constvalue 8 [ "
            + bytes.map(String.init).joined(separator: " ") + " ]})}"
        let parsed = Array(tree.utf8).withUnsafeBufferPointer(CheckExpression.parse)
        guard case let .compare(_, _, .constant(_, value))? = parsed else { return nil }
        return value
    }

    func testCheckInteger_EitherByteOrder() {
        XCTAssertEqual(constant([5, 0, 0, 0, 0, 0, 0, 0]), 5, "little-endian")
        XCTAssertEqual(constant([0, 0, 0, 0, 0, 0, 0, 5]), 5, "big-endian")
        XCTAssertEqual(constant([-5, -1, -1, -1, -1, -1, -1, -1]), -5, "signed char")
        XCTAssertEqual(constant([251, 255, 255, 255, 255, 255, 255, 255]), -5, "unsigned char")
        XCTAssertEqual(constant([0, 1, 0, 0, 0, 0, 0, 0]), 256)
        XCTAssertEqual(constant([0, 0, 0, 0, 0, 0, 0, 0]), 0)
        XCTAssertNil(constant([0, 0, 0, 0, 999, 0, 0, 0]), "not a byte")
        XCTAssertNil(constant([5, 0, 0, 0, 0, 0, 0]), "seven bytes")
        XCTAssertNil(constant([5, 0, 0, 0, 0, 0, 0, 0, 0]), "nine bytes")
    }

    func testQuote_FollowsQuoteIdent() {
        var rows = CatalogRows()
        rows.lookups.keywords = ["select", "user"]
        let r = DefinitionRenderer(rows, relations: [:])
        XCTAssertEqual(r.quote("abc_1"), "abc_1")
        XCTAssertEqual(r.quote("select"), "\"select\"")
        XCTAssertEqual(r.quote("Mixed"), "\"Mixed\"")
        XCTAssertEqual(r.quote("1a"), "\"1a\"")
        XCTAssertEqual(r.quote("we\"ird"), "\"we\"\"ird\"")
        XCTAssertEqual(r.quote(""), "\"\"")
        XCTAssertEqual(r.quote("é"), "\"é\"")
    }
}
