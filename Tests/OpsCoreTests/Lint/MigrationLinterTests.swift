import Foundation
import XCTest
@testable import OpsCore

final class MigrationLinterTests: XCTestCase {
    func migration(_ sql: String, name: String = "20260101000000_change") -> LocalMigration {
        LocalMigration(name: name, sql: sql, checksum: "", path: "db/migrations/\(name)/migration.sql")
    }

    func lint(_ sql: String, context: LintContext? = nil, deployLockTimeout: Double? = nil,
              settings: LintSettings = LintSettings()) -> [LintFinding] {
        MigrationLinter(context: context, settings: settings, deployLockTimeout: deployLockTimeout)
            .lint([migration(sql)]).findings
    }

    /// The (rule, severity) pairs, leaving out the lock_timeout finding the test is not about.
    func rules(_ sql: String, context: LintContext? = nil) -> [String] {
        lint("SET lock_timeout = '5s';\n" + sql, context: context).map { "\($0.rule.rawValue):\($0.severity.rawValue)" }
    }

    func context(_ tables: [String: (rows: Double, bytes: Int64)], indexes: [String: String] = [:]) -> LintContext {
        LintContext(environment: "production",
                    relations: tables.mapValues { LintContext.Relation(estimatedRows: $0.rows, heapBytes: $0.bytes,
                                                                      totalBytes: $0.bytes) },
                    indexTables: indexes, largeRows: 10_000, largeBytes: 1 << 30)
    }

    // MARK: - Dangerous cases are flagged

    func testAddColumn_NotNullWithoutDefault_IsAnError_WithDefaultIsNot() {
        XCTAssertEqual(rules(#"ALTER TABLE "users" ADD COLUMN "locale" TEXT NOT NULL;"#), ["not_null_without_default:error"])
        XCTAssertEqual(rules(#"ALTER TABLE "users" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';"#), [])
        XCTAssertEqual(rules(#"ALTER TABLE users ADD COLUMN note text;"#), [])
    }

    func testAddColumn_VolatileDefaultSerialAndIdentity_Rewrite() {
        XCTAssertEqual(rules("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"), ["add_column_rewrite:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ADD COLUMN n bigserial;"), ["add_column_rewrite:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;"), ["add_column_rewrite:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ADD COLUMN at timestamptz NOT NULL DEFAULT now();"), [], "now() is stable")
    }

    func testSetNotNull_AndTypeChange() {
        XCTAssertEqual(rules(#"ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL;"#), ["set_not_null:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint;"), ["column_type_change:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ALTER COLUMN name SET DATA TYPE text;"), ["column_type_change:info"])
    }

    func testIndexes_BlockingConcurrentAndInsideOwnTransaction() {
        XCTAssertEqual(rules(#"CREATE UNIQUE INDEX "users_email_key" ON "users"("email");"#), ["blocking_index:warning"])
        XCTAssertEqual(rules("CREATE INDEX CONCURRENTLY users_name_idx ON users (name);"), [])
        XCTAssertEqual(rules("REINDEX TABLE users;"), ["blocking_index:warning"])
        XCTAssertEqual(rules("DROP INDEX users_name_idx;"), ["drop_index:warning"])
        XCTAssertEqual(rules("DROP INDEX CONCURRENTLY users_name_idx;"), [])
        XCTAssertEqual(rules("BEGIN;\nCREATE INDEX CONCURRENTLY i ON users (name);\nCOMMIT;"),
                       ["transaction_control:warning", "concurrently_in_transaction:error"])
    }

    func testDestructiveAndIncompatibleChanges() {
        XCTAssertEqual(rules("ALTER TABLE users DROP COLUMN legacy;"), ["drop_column:warning"])
        XCTAssertEqual(rules("DROP TABLE IF EXISTS a, b CASCADE;"), ["drop_table:warning", "drop_table:warning"])
        XCTAssertEqual(rules("DROP SCHEMA old CASCADE;"), ["drop_schema:warning"])
        XCTAssertEqual(rules(#"ALTER TABLE "analytics_events" RENAME COLUMN "data" TO "properties";"#), ["rename_column:warning"])
        XCTAssertEqual(rules("ALTER TABLE users RENAME TO accounts;"), ["rename_table:warning"])
        XCTAssertEqual(rules("ALTER TABLE users DROP CONSTRAINT users_age_check;"), ["drop_constraint:info"])
    }

    func testConstraints_NotValidAndUsingIndex() {
        XCTAssertEqual(rules(#"ALTER TABLE "posts" ADD CONSTRAINT "posts_user_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");"#),
                       ["constraint_without_not_valid:warning"])
        XCTAssertEqual(rules("ALTER TABLE posts ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id) NOT VALID;"), [])
        XCTAssertEqual(rules("ALTER TABLE posts ADD CONSTRAINT c CHECK (n > 0);"), ["constraint_without_not_valid:warning"])
        XCTAssertEqual(rules("ALTER TABLE posts ADD CONSTRAINT u UNIQUE (slug);"), ["unique_without_index:warning"])
        XCTAssertEqual(rules("ALTER TABLE posts ADD CONSTRAINT u UNIQUE USING INDEX posts_slug_idx;"), [])
        XCTAssertEqual(rules("ALTER TABLE posts ADD PRIMARY KEY (id);"), ["unique_without_index:warning"])
    }

    func testRewritesDataChangesAndTransactions() {
        XCTAssertEqual(rules("VACUUM FULL users;"), ["table_rewrite:warning"])
        XCTAssertEqual(rules("CLUSTER users USING users_pkey;"), ["table_rewrite:warning"])
        XCTAssertEqual(rules("ALTER TABLE users SET UNLOGGED;"), ["table_rewrite:warning"])
        XCTAssertEqual(rules("UPDATE users SET role = 'PATIENT';"), ["unbounded_data_change:warning"])
        XCTAssertEqual(rules("UPDATE users SET role = (SELECT r FROM x WHERE x.id = 1);"), ["unbounded_data_change:warning"],
                       "a WHERE inside parentheses is not the statement's")
        XCTAssertEqual(rules("UPDATE users SET role = 'PATIENT' WHERE role IS NULL;"), [])
        XCTAssertEqual(rules("DELETE FROM sessions;"), ["unbounded_data_change:warning"])
        XCTAssertEqual(rules("TRUNCATE sessions CASCADE;"), ["unbounded_data_change:warning"])
        XCTAssertEqual(rules("BEGIN;\nALTER TABLE users ADD COLUMN x int;"), ["transaction_control:warning", "transaction_control:error"])
        XCTAssertEqual(rules("COMMIT;"), ["transaction_control:warning"])
    }

    func testIdentifierTooLong() {
        let long = String(repeating: "x", count: 64)
        XCTAssertEqual(rules("CREATE TABLE \"\(long)\" (id int);"), ["identifier_too_long:warning"])
        XCTAssertEqual(rules("CREATE TABLE \"\(long.dropLast())\" (id int);"), [])
    }

    // MARK: - Tables the sequence creates are new and empty

    func testPrismaStyleCreateTable_ItsIndexesAndForeignKeys_AreSafe() {
        let sql = """
            CREATE TABLE "personal_models" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL,
                CONSTRAINT "personal_models_pkey" PRIMARY KEY ("id"));
            CREATE UNIQUE INDEX "personal_models_userId_key" ON "personal_models"("userId");
            ALTER TABLE "personal_models" ADD CONSTRAINT "personal_models_userId_fkey" FOREIGN KEY ("userId")
                REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
            ALTER TABLE "personal_models" ADD COLUMN "version" INTEGER NOT NULL;
            """
        XCTAssertEqual(lint(sql), [], "every statement touches the table created above")
    }

    func testSequence_AnEarlierMigrationsTable_IsNewOnlyWhereTheEnvironmentLacksIt() {
        let first = migration("CREATE TABLE t (id int);", name: "20260101000000_a")
        let second = migration("CREATE INDEX t_id ON t (id);\nALTER TABLE t ADD COLUMN n int NOT NULL;", name: "20260102000000_b")
        let rules: [LintRule] = [.blockingIndex, .notNullWithoutDefault, .missingLockTimeout]
        XCTAssertEqual(MigrationLinter().lint([first, second]).findings.map(\.rule), rules,
                       "without an environment, the first migration may have run long ago")
        XCTAssertEqual(MigrationLinter(context: context([:])).lint([first, second]).findings, [],
                       "the environment has no t: both run together on a new table")
        XCTAssertEqual(MigrationLinter(context: context(["public.t": (10, 8192)])).lint([second]).findings.map(\.rule),
                       [.blockingIndex, .notNullWithoutDefault, .missingLockTimeout])
    }

    func testCreateTableIfNotExists_IsNotNewWhereItMayAlreadyHoldRows() {
        let sql = "SET lock_timeout = '1s';\nCREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ALTER COLUMN id SET NOT NULL;"
        XCTAssertEqual(lint(sql).map(\.rule), [.setNotNull])
        XCTAssertEqual(lint(sql, context: context([:])), [], "the environment has no t: the file creates it")
        XCTAssertEqual(lint(sql, context: context(["public.t": (10, 8192)])).map(\.rule), [.setNotNull])
    }

    // MARK: - lock_timeout

    func testMissingLockTimeout_OncePerFile_SatisfiedByDirectiveOrSet() {
        let sql = "ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;"
        let found = lint(sql)
        XCTAssertEqual(found.map(\.rule), [.missingLockTimeout])
        XCTAssertEqual(found.first?.line, 1)
        XCTAssertEqual(found.first?.severity, .warning)
        XCTAssertEqual(lint("-- evermed-ops: lock_timeout=5s\n" + sql), [])
        XCTAssertEqual(lint("SET LOCAL lock_timeout TO '3s';\n" + sql), [])
        XCTAssertEqual(lint("SELECT set_config('lock_timeout', '3s', true);\n" + sql), [])
        XCTAssertEqual(lint("SET lock_timeout = 0;\n" + sql).map(\.rule), [.missingLockTimeout], "0 turns it off")
        let deployed = lint(sql, deployLockTimeout: 5)
        XCTAssertEqual(deployed.map(\.severity), [.info])
        XCTAssertTrue(deployed[0].message.contains("evermed-ops deploy sets lock_timeout=5s"), deployed[0].message)
        XCTAssertEqual(lint("CREATE TABLE n (id int);\nALTER TABLE n ADD COLUMN b int;"), [], "a new table has no readers")
    }

    // MARK: - Directives

    func testDirectives_AllowLowersToInfo_BadOnesAreErrors() {
        let allowed = lint("-- evermed-ops: allow=drop_column lock_timeout=2s\nALTER TABLE users DROP COLUMN legacy;")
        XCTAssertEqual(allowed.map(\.severity), [.info])
        XCTAssertTrue(allowed[0].message.contains("allowed by this file"), allowed[0].message)
        let bad = lint("-- evermed-ops: lock_timeout=soon allow=no_such_rule colour=red\nSELECT 1;")
        XCTAssertEqual(bad.map(\.rule), [.badDirective, .badDirective, .badDirective])
        XCTAssertEqual(bad.map(\.line), [1, 1, 1])
        XCTAssertTrue(bad[0].message.contains("lock_timeout=soon is not a duration"), bad[0].message)
        let settings = MigrationSettings.parse("-- generated by Prisma\n\n-- evermed-ops: statement_timeout=10min\nSELECT 1;\n-- evermed-ops: lock_timeout=1s")
        XCTAssertEqual(settings.statementTimeout, 600)
        XCTAssertNil(settings.lockTimeout, "only comments before the first statement count")
        // A file saved with CRLF line ends, the prefix in capitals and indented: each line still read on its own.
        let crlf = MigrationSettings.parse("-- CreateTable\r\n  -- EVERMED-OPS: lock_timeout=3s\r\n-- evermed-ops: bogus\r\nSELECT 1;\r\n")
        XCTAssertEqual(crlf.lockTimeout, 3)
        XCTAssertEqual(crlf.problems.map(\.line), [3])
    }

    func testDisabledRules_AreLeftOut() {
        let settings = LintSettings(disabled: [.dropColumn, .missingLockTimeout])
        XCTAssertEqual(lint("ALTER TABLE users DROP COLUMN legacy;", settings: settings), [])
    }

    // MARK: - With an environment's catalog

    func testContext_EmptyTableRelaxes_LargeTableEscalates() {
        let ctx = context(["public.users": (0, 0), "public.events": (50_000, 80 << 20), "public.small": (10, 8192)])
        XCTAssertEqual(rules("CREATE INDEX e ON users (email);", context: ctx), ["blocking_index:info"])
        XCTAssertEqual(rules("CREATE INDEX e ON events (at);", context: ctx), ["blocking_index:error"])
        XCTAssertEqual(rules("CREATE INDEX e ON small (at);", context: ctx), ["blocking_index:warning"])
        XCTAssertEqual(rules("ALTER TABLE users ADD COLUMN x int NOT NULL;", context: ctx), ["not_null_without_default:info"])
        XCTAssertEqual(rules("ALTER TABLE small ADD COLUMN x int NOT NULL;", context: ctx), ["not_null_without_default:error"])
        XCTAssertEqual(rules("ALTER TABLE small DROP COLUMN x;", context: ctx), ["drop_column:error"])
        XCTAssertEqual(rules("ALTER TABLE users DROP COLUMN x;", context: ctx), ["drop_column:info"])
        let large = lint("SET lock_timeout = '1s';\nCREATE INDEX e ON events (at);", context: ctx)[0]
        XCTAssertTrue(large.message.contains("public.events is large in production: ~50,000 rows, 80.0 MB"), large.message)
    }

    func testContext_IndexDropIsWeighedByItsTable() {
        let ctx = context(["public.events": (50_000, 80 << 20)], indexes: ["public.events_at_idx": "public.events"])
        XCTAssertEqual(rules("DROP INDEX events_at_idx;", context: ctx), ["drop_index:error"])
        XCTAssertEqual(rules("DROP INDEX IF EXISTS gone_idx;", context: ctx), [], "nothing to drop there")
        XCTAssertEqual(rules("DROP INDEX gone_idx;", context: ctx), ["table_not_found:error"])
    }

    func testContext_MissingTable_IsAnError_WithTheClosestName() {
        let ctx = context(["public.users": (10, 8192), "public.Users2": (0, 0)])
        let found = lint("SET lock_timeout = '1s';\nALTER TABLE \"user\" ADD COLUMN x int;", context: ctx)
        XCTAssertEqual(found.map(\.rule), [.tableNotFound])
        XCTAssertEqual(found[0].line, 2)
        XCTAssertTrue(found[0].message.contains("public.user does not exist in production"), found[0].message)
        XCTAssertTrue(found[0].suggestion.contains("did you mean public.users?"), found[0].suggestion)
        XCTAssertEqual(rules("ALTER TABLE IF EXISTS ghost ADD COLUMN x int;", context: ctx), [], "IF EXISTS: not required")
        let app = context(["app.patients": (10, 8192)])
        XCTAssertEqual(rules("ALTER TABLE patients ADD COLUMN x int;", context: app), [],
                       "an unqualified name found in one other schema: the search_path (Prisma's ?schema=) points there")
        XCTAssertEqual(rules("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);", context: ctx), [])
        XCTAssertEqual(rules("ALTER TABLE users RENAME TO accounts;\nALTER TABLE accounts ADD COLUMN y int;\n"
                             + "ALTER TABLE users ADD COLUMN z int;", context: ctx),
                       ["rename_table:warning", "table_not_found:error"], "the rename is followed")
        XCTAssertEqual(rules("ALTER TABLE x ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES missing (id) NOT VALID;", context: ctx),
                       ["table_not_found:error", "table_not_found:error"])
    }

    // MARK: - Lines and JSON

    func testLines_EachActionOfAMultiLineAlterHasItsOwnLine() {
        let sql = "-- evermed-ops: lock_timeout=5s\n\nALTER TABLE users\n  ADD COLUMN a int,\n  DROP COLUMN b,\n  RENAME COLUMN c TO d;"
        XCTAssertEqual(lint(sql).map(\.line), [5, 6])
    }

    func testFinding_JSONShape() throws {
        let finding = lint("ALTER TABLE users DROP COLUMN b;", settings: LintSettings(disabled: [.missingLockTimeout]))[0]
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(finding)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["migration", "line", "rule", "severity", "message", "suggestion"])
        XCTAssertEqual(object["rule"] as? String, "drop_column")
        XCTAssertEqual(object["migration"] as? String, "20260101000000_change")
    }

    func testEveryRuleHasASummary_AndASeverity() {
        for rule in LintRule.allCases {
            XCTAssertFalse(rule.summary.isEmpty, rule.rawValue)
            XCTAssertTrue(rule.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, rule.rawValue)
        }
    }
}
