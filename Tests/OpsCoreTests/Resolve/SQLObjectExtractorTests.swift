import XCTest
@testable import OpsCore

final class SQLObjectExtractorTests: XCTestCase {
    typealias R = ObjectReference

    func refs(_ sql: String, schema: String = "public") -> [R] {
        SQLObjectExtractor.references(in: sql, defaultSchema: schema)
    }

    func testReferences_PrismaDemoMigration_TableColumnsConstraintsIndexesForeignKey() {
        let names = refs(ResolveFixtures.addPersonalModels).map { "\($0.kind.rawValue) \($0.name) \($0.action.rawValue)" }
        XCTAssertEqual(names, [
            "table public.personal_models created",
            "column public.personal_models.id created",
            "column public.personal_models.userId created",
            "column public.personal_models.model_version created",
            "column public.personal_models.parameters created",
            "column public.personal_models.featureImportance created",
            "column public.personal_models.status created",
            "column public.personal_models.createdAt created",
            "column public.personal_models.updatedAt created",
            "constraint public.personal_models.personal_models_pkey created",
            "index public.personal_models.personal_models_userId_key created",
            "index public.personal_models.personal_models_model_version_idx created",
            "constraint public.personal_models.personal_models_userId_fkey created",
        ])
    }

    func testReferences_FixMigration_DoBlocksIgnored() {
        let all = refs(ResolveFixtures.fixPersonalModelSchema)
        XCTAssertFalse(all.contains { $0.name.hasSuffix("model_version") }, "the DO block's DROP COLUMN is not read")
        XCTAssertFalse(all.contains { $0.name.hasSuffix("personal_models_userId_fkey") })
        XCTAssertTrue(all.contains(R(kind: .column, name: "public.personal_models.modelType", action: .created)))
        XCTAssertTrue(all.contains(R(kind: .column, name: "public.personal_models.version", action: .altered)))
        XCTAssertTrue(all.contains(R(kind: .index, name: "public.personal_models_userId_key", action: .dropped)))
        XCTAssertTrue(all.contains(R(kind: .index, name: "public.personal_models.personal_models_userId_modelType_version_key",
                                     action: .created)))
    }

    func testReferences_Table_OneStatementEach() {
        let cases: [(String, [R])] = [
            ("CREATE TABLE Users (ID serial PRIMARY KEY, Email text CONSTRAINT users_email_key UNIQUE)", [
                R(kind: .table, name: "public.users", action: .created),
                R(kind: .column, name: "public.users.id", action: .created),
                R(kind: .constraint, name: "public.users.users_pkey", action: .created),
                R(kind: .column, name: "public.users.email", action: .created),
                R(kind: .constraint, name: "public.users.users_email_key", action: .created),
            ]),
            ("CREATE TABLE app.t (a int, PRIMARY KEY (a))", [
                R(kind: .table, name: "app.t", action: .created), R(kind: .column, name: "app.t.a", action: .created),
                R(kind: .constraint, name: "app.t.t_pkey", action: .created),
            ]),
            ("ALTER TABLE \"analytics_events\" RENAME COLUMN \"userId\" TO \"sessionId\"",
             [R(kind: .column, name: "public.analytics_events.sessionId", action: .renamed,
                renamedFrom: "public.analytics_events.userId")]),
            ("ALTER TABLE posts RENAME TO articles", [R(kind: .table, name: "public.articles", action: .renamed, renamedFrom: "public.posts")]),
            ("ALTER TABLE ONLY posts ADD COLUMN IF NOT EXISTS x int, DROP COLUMN y, DROP CONSTRAINT IF EXISTS c, ADD CONSTRAINT d CHECK (x > 0)", [
                R(kind: .column, name: "public.posts.x", action: .created), R(kind: .column, name: "public.posts.y", action: .dropped),
                R(kind: .constraint, name: "public.posts.c", action: .dropped), R(kind: .constraint, name: "public.posts.d", action: .created),
            ]),
            ("ALTER TABLE posts RENAME CONSTRAINT a TO b", [R(kind: .constraint, name: "public.posts.b", action: .renamed, renamedFrom: "public.posts.a")]),
            ("CREATE TYPE \"Role\" AS ENUM ('A', 'B')", [R(kind: .enum, name: "public.Role", action: .created)]),
            ("CREATE TYPE pair AS (a int, b int)", []),
            ("ALTER TYPE \"Role\" ADD VALUE 'C'", [R(kind: .enum, name: "public.Role", action: .altered)]),
            ("CREATE OR REPLACE VIEW \"daily\" AS SELECT 1", [R(kind: .view, name: "public.daily", action: .created)]),
            ("CREATE MATERIALIZED VIEW IF NOT EXISTS app.m AS SELECT 1", [R(kind: .materializedView, name: "app.m", action: .created)]),
            ("CREATE OR REPLACE FUNCTION \"set_updated_at\"() RETURNS TRIGGER AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
             [R(kind: .function, name: "public.set_updated_at()", action: .created)]),
            ("CREATE FUNCTION add(a integer, b integer) RETURNS integer RETURN a + b",
             [R(kind: .function, name: "public.add(a integer, b integer)", action: .created)]),
            ("CREATE SEQUENCE IF NOT EXISTS order_no START 100", [R(kind: .sequence, name: "public.order_no", action: .created)]),
            ("CREATE TRIGGER t_upd BEFORE UPDATE ON app.\"Posts\" FOR EACH ROW EXECUTE FUNCTION f()",
             [R(kind: .trigger, name: "app.Posts.t_upd", action: .created)]),
            ("CREATE EXTENSION IF NOT EXISTS \"pgcrypto\"", [R(kind: .extension, name: "pgcrypto", action: .created)]),
            ("CREATE SCHEMA reporting", [R(kind: .schema, name: "reporting", action: .created)]),
            ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS u ON ONLY app.t (a)", [R(kind: .index, name: "app.t.u", action: .created)]),
            ("DROP TABLE IF EXISTS a, app.b CASCADE", [R(kind: .table, name: "public.a", action: .dropped),
                                                       R(kind: .table, name: "app.b", action: .dropped)]),
            ("DROP INDEX CONCURRENTLY IF EXISTS \"Idx\"", [R(kind: .index, name: "public.Idx", action: .dropped)]),
            ("DROP MATERIALIZED VIEW m", [R(kind: .materializedView, name: "public.m", action: .dropped)]),
            ("DROP FUNCTION IF EXISTS f(integer), g()", [R(kind: .function, name: "public.f(integer)", action: .dropped),
                                                          R(kind: .function, name: "public.g()", action: .dropped)]),
            ("DROP TRIGGER IF EXISTS t ON posts", [R(kind: .trigger, name: "public.posts.t", action: .dropped)]),
            ("DROP TYPE \"Role\"", [R(kind: .enum, name: "public.Role", action: .dropped)]),
            ("ALTER INDEX i RENAME TO j", [R(kind: .index, name: "public.j", action: .renamed, renamedFrom: "public.i")]),
            ("DO $$ BEGIN CREATE TABLE hidden (id int); END $$", []),
            ("UPDATE t SET a = 1", []),
            ("CREATE TABLE \"t\" (\"id\" TEXT)", [R(kind: .table, name: "app.t", action: .created),
                                                  R(kind: .column, name: "app.t.id", action: .created)]),
        ]
        for (i, (sql, expected)) in cases.enumerated() {
            XCTAssertEqual(refs(sql, schema: i == cases.count - 1 ? "app" : "public"), expected, sql)
        }
    }
}
