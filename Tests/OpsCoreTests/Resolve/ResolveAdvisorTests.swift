import XCTest
@testable import OpsCore

final class ResolveAdvisorTests: XCTestCase {
    typealias F = ResolveFixtures

    func testEvidence_TableOnly_PartialWithDropTable() {
        let e = ResolveAdvisor.evidence(for: F.migration, live: F.tableOnly, environment: "production")
        XCTAssertEqual(e.recommendation, .partial)
        XCTAssertEqual(e.items.count, 13)
        XCTAssertEqual(e.items.filter(\.present).count, 10)
        XCTAssertEqual(e.compensatingSQL, ["DROP TABLE IF EXISTS public.personal_models;"])
        XCTAssertEqual(e.explanation,
            "10 of 13 objects this migration creates exist in production (public.personal_models, "
            + "public.personal_models.id, public.personal_models.userId and 7 more); "
            + "public.personal_models.personal_models_userId_key, public.personal_models.personal_models_model_version_idx, "
            + "public.personal_models.personal_models_userId_fkey are missing. The migration stopped part-way: remove the "
            + "leftovers (DROP TABLE IF EXISTS public.personal_models;) and run `--rolled-back`, or finish it by hand and run `--applied`.")
    }

    func testEvidence_Complete_Applied() {
        let e = ResolveAdvisor.evidence(for: F.migration, live: F.complete, environment: "production")
        XCTAssertEqual(e.recommendation, .applied)
        XCTAssertTrue(e.items.allSatisfy(\.present))
        XCTAssertEqual(e.compensatingSQL, [])
        XCTAssertTrue(e.explanation.hasPrefix("All 13 objects this migration creates exist in production"), e.explanation)
        XCTAssertTrue(e.explanation.hasSuffix("it completed. Mark it with `--applied`."))
    }

    func testEvidence_NothingThere_RolledBack() {
        let e = ResolveAdvisor.evidence(for: F.migration, live: F.before, environment: "staging")
        XCTAssertEqual(e.recommendation, .rolledBack)
        XCTAssertTrue(e.explanation.hasPrefix("None of the 13 objects this migration creates exist in staging"), e.explanation)
        XCTAssertTrue(e.explanation.contains("`--rolled-back`"))
    }

    func testEvidence_UniqueIndexReportedAsConstraint_CountsAsPresent() {
        var live = F.complete
        let name = "public.personal_models.personal_models_userId_key"
        live = SchemaSnapshot(live.sorted.filter { $0.name != name }
                              + [SchemaObject(kind: .constraint, name: name, parent: "public.personal_models")])
        XCTAssertEqual(ResolveAdvisor.evidence(for: F.migration, live: live).recommendation, .applied)
    }

    func testEvidence_PartialColumnsOnExistingTable_DropColumnsNotTable() {
        let m = LocalMigration(name: "20250101000000_cols", sql: """
            ALTER TABLE "users" ADD COLUMN "age" INTEGER;
            ALTER TABLE "users" ADD COLUMN "Nick" TEXT;
            CREATE INDEX "users_age_idx" ON "users"("age");
            """, checksum: "", path: "x")
        var live = F.before
        live.insert(SchemaObject(kind: .column, name: "public.users.age", parent: "public.users"))
        live.insert(SchemaObject(kind: .column, name: "public.users.Nick", parent: "public.users"))
        let e = ResolveAdvisor.evidence(for: m, live: live, environment: "production")
        XCTAssertEqual(e.recommendation, .partial)
        XCTAssertEqual(e.compensatingSQL, ["ALTER TABLE public.users DROP COLUMN IF EXISTS \"Nick\";",
                                           "ALTER TABLE public.users DROP COLUMN IF EXISTS age;"])
        XCTAssertTrue(e.explanation.contains("public.users.users_age_idx is missing"), e.explanation)
    }

    func testEvidence_RenameAndDrop_MixedEffects() {
        let m = LocalMigration(name: "20250102000000_rename", sql: """
            DROP INDEX "analytics_events_userId_idx";
            ALTER TABLE "analytics_events" RENAME COLUMN "userId" TO "sessionId";
            ALTER TABLE "analytics_events" ALTER COLUMN "sessionId" DROP NOT NULL;
            """, checksum: "", path: "x")
        let table = "public.analytics_events"
        var live = SchemaSnapshot([SchemaObject(kind: .table, name: table, parent: "public"),
                                   SchemaObject(kind: .column, name: table + ".sessionId", parent: table),
                                   SchemaObject(kind: .index, name: table + ".analytics_events_userId_idx", parent: table)])
        let partial = ResolveAdvisor.evidence(for: m, live: live, environment: "production")
        XCTAssertEqual(partial.recommendation, .partial)
        XCTAssertEqual(partial.compensatingSQL, ["ALTER TABLE public.analytics_events RENAME COLUMN \"sessionId\" TO \"userId\";"])
        XCTAssertTrue(partial.explanation.contains("not in place: public.analytics_events_userId_idx (still exists)"),
                      partial.explanation)
        XCTAssertEqual(partial.unverifiable, [])   // the altered column is the renamed one
        live = SchemaSnapshot(live.sorted.filter { $0.kind != .index })
        XCTAssertEqual(ResolveAdvisor.evidence(for: m, live: live).recommendation, .applied)
    }

    func testEvidence_OnlyDoBlocksAndData_Unknown() {
        let m = LocalMigration(name: "20250103000000_data", sql: "DO $$ BEGIN CREATE TABLE t (id int); END $$;\nUPDATE users SET id = id;",
                               checksum: "", path: "x")
        let e = ResolveAdvisor.evidence(for: m, live: F.before, environment: "production")
        XCTAssertEqual(e.recommendation, .unknown)
        XCTAssertTrue(e.explanation.contains("evermed-ops diff production migrations"), e.explanation)
    }

    func testEvidence_AlterOnly_ListedAsUnverifiable() {
        let m = LocalMigration(name: "20250104000000_alter", sql: "ALTER TABLE users ALTER COLUMN id SET DATA TYPE bigint;\nCREATE TABLE x (id int);",
                               checksum: "", path: "x")
        let e = ResolveAdvisor.evidence(for: m, live: F.before)
        XCTAssertEqual(e.unverifiable, [ObjectReference(kind: .column, name: "public.users.id", action: .altered)])
        XCTAssertEqual(e.recommendation, .rolledBack)
        XCTAssertTrue(e.explanation.hasSuffix("Changes to existing objects (public.users.id) cannot be checked by name."))
    }

    func testEvidence_CreatedThenDroppedInSameFile_LeftOut() {
        let m = LocalMigration(name: "20250105000000_tmp", sql: "CREATE TABLE tmp (id int);\nDROP TABLE tmp;", checksum: "", path: "x")
        XCTAssertEqual(ResolveAdvisor.evidence(for: m, live: F.before).recommendation, .unknown)
    }

    func testCompensatingSQL_EachKindQuotedAsNeeded() {
        let cases: [(SchemaObject, String)] = [
            (SchemaObject(kind: .index, name: "app.Posts.Posts_idx", parent: "app.Posts"), "DROP INDEX IF EXISTS app.\"Posts_idx\";"),
            (SchemaObject(kind: .constraint, name: "public.order.order_fk", parent: "public.order"),
             "ALTER TABLE public.\"order\" DROP CONSTRAINT IF EXISTS order_fk;"),
            (SchemaObject(kind: .trigger, name: "public.t.trg", parent: "public.t"), "DROP TRIGGER IF EXISTS trg ON public.t;"),
            (SchemaObject(kind: .function, name: "public.set_updated_at()"), "DROP FUNCTION IF EXISTS public.set_updated_at();"),
            (SchemaObject(kind: .enum, name: "public.Role"), "DROP TYPE IF EXISTS public.\"Role\";"),
            (SchemaObject(kind: .view, name: "public.daily"), "DROP VIEW IF EXISTS public.daily;"),
            (SchemaObject(kind: .sequence, name: "public.s"), "DROP SEQUENCE IF EXISTS public.s;"),
            (SchemaObject(kind: .extension, name: "pgcrypto"), "DROP EXTENSION IF EXISTS pgcrypto;"),
        ]
        for (object, sql) in cases { XCTAssertEqual(CompensatingSQL.drop(object), sql) }
    }
}
