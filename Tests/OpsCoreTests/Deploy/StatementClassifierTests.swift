import XCTest
@testable import OpsCore

final class StatementClassifierTests: XCTestCase {
    /// sql, transactional, lock, lock target, summary.
    typealias Row = (sql: String, tx: Bool, lock: LockLevel?, target: String?, summary: String)

    let table: [Row] = [
        // Indexes
        ("CREATE INDEX users_email_idx ON users (email)", true, .share, "users", "CREATE INDEX users_email_idx ON users"),
        ("create index concurrently users_email_idx on public.users (email)", false, .shareUpdateExclusive,
         "public.users", "CREATE INDEX CONCURRENTLY users_email_idx ON public.users"),
        ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Users_Email_key\" ON ONLY \"public\".\"Users\" USING btree (\"email\")",
         false, .shareUpdateExclusive, "public.Users", "CREATE UNIQUE INDEX CONCURRENTLY Users_Email_key ON public.Users"),
        ("CREATE UNIQUE INDEX \"users_email_key\" ON \"users\"(\"email\")", true, .share, "users",
         "CREATE UNIQUE INDEX users_email_key ON users"),
        ("CREATE INDEX ON audit (created_at)", true, .share, "audit", "CREATE INDEX ON audit"),
        ("-- CreateIndex\n/* nested /* comment */ still */\nCreate Index IF NOT EXISTS a_idx On A (x)", true, .share, "a",
         "CREATE INDEX a_idx ON a"),
        ("DROP INDEX users_email_idx", true, .accessExclusive, "users_email_idx", "DROP INDEX users_email_idx"),
        ("DROP INDEX CONCURRENTLY IF EXISTS public.users_email_idx", false, .shareUpdateExclusive,
         "public.users_email_idx", "DROP INDEX CONCURRENTLY public.users_email_idx"),
        ("ALTER INDEX IF EXISTS users_email_idx RENAME TO users_mail_idx", true, .accessExclusive, "users_email_idx",
         "ALTER INDEX users_email_idx"),
        ("REINDEX INDEX users_email_idx", true, .accessExclusive, "users_email_idx", "REINDEX INDEX users_email_idx"),
        ("REINDEX TABLE CONCURRENTLY users", false, .shareUpdateExclusive, "users", "REINDEX TABLE CONCURRENTLY users"),
        ("REINDEX (VERBOSE) DATABASE app", false, .accessExclusive, "app", "REINDEX DATABASE app"),
        // ALTER TABLE
        ("ALTER TABLE users ADD COLUMN age integer", true, .accessExclusive, "users", "ALTER TABLE users"),
        ("alter table if exists only public.users drop column if exists age", true, .accessExclusive, "public.users",
         "ALTER TABLE public.users"),
        ("ALTER TABLE \"users\" ALTER COLUMN \"email\" TYPE varchar(320)", true, .accessExclusive, "users", "ALTER TABLE users"),
        ("ALTER TABLE users ALTER COLUMN email SET NOT NULL", true, .accessExclusive, "users", "ALTER TABLE users"),
        ("ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID", true, .accessExclusive, "users",
         "ALTER TABLE users"),
        ("ALTER TABLE \"food_entries\" ADD CONSTRAINT \"food_entries_userId_fkey\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE",
         true, .shareRowExclusive, "food_entries", "ALTER TABLE food_entries"),
        ("ALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES users (id)", true, .shareRowExclusive, "posts",
         "ALTER TABLE posts"),
        ("ALTER TABLE posts ADD COLUMN author_id int REFERENCES users (id)", true, .accessExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE posts VALIDATE CONSTRAINT posts_author_id_fkey", true, .shareUpdateExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE posts VALIDATE CONSTRAINT a, ADD COLUMN b int", true, .accessExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE posts RENAME TO articles", true, .accessExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE \"analytics_events\" RENAME COLUMN \"userId\" TO \"sessionId\"", true, .accessExclusive,
         "analytics_events", "ALTER TABLE analytics_events"),
        ("ALTER TABLE posts ALTER COLUMN body SET STATISTICS 500", true, .shareUpdateExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE posts DISABLE TRIGGER posts_audit", true, .shareRowExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE posts ENABLE ROW LEVEL SECURITY", true, .accessExclusive, "posts", "ALTER TABLE posts"),
        ("ALTER TABLE measurements ATTACH PARTITION m2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')", true,
         .shareUpdateExclusive, "measurements", "ALTER TABLE measurements"),
        ("ALTER TABLE measurements DETACH PARTITION m2024 CONCURRENTLY", false, .shareUpdateExclusive, "measurements",
         "ALTER TABLE measurements"),
        ("ALTER TABLE measurements DETACH PARTITION m2024", true, .accessExclusive, "measurements", "ALTER TABLE measurements"),
        // Tables, views, others
        ("DROP TABLE IF EXISTS old_a, public.old_b CASCADE", true, .accessExclusive, "old_a", "DROP TABLE old_a, public.old_b"),
        ("DROP MATERIALIZED VIEW daily", true, .accessExclusive, "daily", "DROP MATERIALIZED VIEW daily"),
        ("TRUNCATE TABLE ONLY events", true, .accessExclusive, "events", "TRUNCATE events"),
        ("LOCK TABLE users", true, .accessExclusive, "users", "LOCK TABLE users"),
        ("LOCK users IN SHARE ROW EXCLUSIVE MODE NOWAIT", true, .shareRowExclusive, "users", "LOCK TABLE users"),
        ("CLUSTER users USING users_pkey", true, .accessExclusive, "users", "CLUSTER users"),
        ("VACUUM FULL users", false, .accessExclusive, "users", "VACUUM FULL users"),
        ("VACUUM (VERBOSE, ANALYZE) users", false, .shareUpdateExclusive, "users", "VACUUM users"),
        ("vacuum", false, .shareUpdateExclusive, nil, "VACUUM"),
        ("ANALYZE users", true, .shareUpdateExclusive, "users", "ANALYZE users"),
        ("REFRESH MATERIALIZED VIEW daily_summary", true, .accessExclusive, "daily_summary",
         "REFRESH MATERIALIZED VIEW daily_summary"),
        ("REFRESH MATERIALIZED VIEW CONCURRENTLY daily_summary", true, .exclusive, "daily_summary",
         "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_summary"),
        ("CREATE TRIGGER \"metabolic_profiles_set_updated_at\"\n    BEFORE UPDATE ON \"metabolic_profiles\"\n    FOR EACH ROW EXECUTE FUNCTION \"set_updated_at\"()",
         true, .shareRowExclusive, "metabolic_profiles", "CREATE TRIGGER metabolic_profiles_set_updated_at ON metabolic_profiles"),
        ("DROP TRIGGER IF EXISTS t_audit ON public.posts", true, .accessExclusive, "public.posts", "DROP TRIGGER t_audit ON public.posts"),
        ("CREATE TABLE \"users\" (\n \"id\" TEXT NOT NULL,\n CONSTRAINT \"users_pkey\" PRIMARY KEY (\"id\")\n)", true, nil, nil,
         "CREATE TABLE users"),
        ("CREATE TABLE IF NOT EXISTS app.\"Audit\" (id int)", true, nil, nil, "CREATE TABLE app.Audit"),
        ("CREATE OR REPLACE VIEW v AS SELECT 1", true, nil, nil, "CREATE VIEW v"),
        ("CREATE OR REPLACE FUNCTION \"set_updated_at\"() RETURNS TRIGGER AS $$\nBEGIN\n  COMMIT;\nEND;\n$$ LANGUAGE plpgsql",
         true, nil, nil, "CREATE FUNCTION set_updated_at"),
        ("CREATE TYPE \"Role\" AS ENUM ('PATIENT', 'ADMIN')", true, nil, nil, "CREATE TYPE Role"),
        ("ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'AUDITOR'", true, nil, nil, "ALTER TYPE Role ADD VALUE 'AUDITOR'"),
        ("CREATE EXTENSION IF NOT EXISTS pgcrypto", true, nil, nil, "CREATE EXTENSION pgcrypto"),
        ("UPDATE ONLY \"personal_models\" SET \"version\" = '1.0.0'", true, .rowExclusive, "personal_models",
         "UPDATE personal_models"),
        ("INSERT INTO public.flags (key) VALUES ('x')", true, .rowExclusive, "public.flags", "INSERT public.flags"),
        ("DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$", true, nil, nil, "DO block"),
        // Outside a transaction block
        ("CREATE DATABASE scratch", false, nil, nil, "CREATE DATABASE scratch"),
        ("DROP DATABASE IF EXISTS scratch", false, nil, nil, "DROP DATABASE scratch"),
        ("ALTER SYSTEM SET work_mem = '64MB'", false, nil, nil, "ALTER SYSTEM"),
        ("CREATE TABLESPACE fast LOCATION '/ssd'", false, nil, nil, "CREATE TABLESPACE fast"),
        ("DROP TABLESPACE fast", false, nil, nil, "DROP TABLESPACE fast"),
        ("CLUSTER", false, .accessExclusive, nil, "CLUSTER"),
        ("BEGIN", false, nil, nil, "BEGIN"),
        ("start transaction isolation level serializable", false, nil, nil, "START TRANSACTION"),
        ("COMMIT", false, nil, nil, "COMMIT"),
        ("end", false, nil, nil, "END"),
        ("ROLLBACK", false, nil, nil, "ROLLBACK"),
    ]

    func testClassify_Table_EveryRowMatches() {
        XCTAssertGreaterThanOrEqual(table.count, 40)
        for row in table {
            let t = StatementClassifier.classify(text: row.sql)
            XCTAssertEqual(t.transactional, row.tx, "transactional: \(row.sql)")
            XCTAssertEqual(t.transactional, t.nonTransactionalReason == nil, "reason iff not transactional: \(row.sql)")
            XCTAssertEqual(t.lock, row.lock, "lock: \(row.sql)")
            XCTAssertEqual(t.lockTarget, row.target, "target: \(row.sql)")
            XCTAssertEqual(t.summary, row.summary, "summary: \(row.sql)")
        }
    }

    func testClassify_Concurrently_ReasonNamesTheStatement() {
        let t = StatementClassifier.classify(text: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)")
        XCTAssertEqual(t.nonTransactionalReason, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
        XCTAssertEqual(StatementClassifier.classify(text: "ALTER TABLE m DETACH PARTITION p CONCURRENTLY").nonTransactionalReason,
                       "ALTER TABLE … DETACH PARTITION … CONCURRENTLY cannot run inside a transaction block")
    }

    func testClassify_TransactionControl_SaysTheFileManagesItsOwn() {
        XCTAssertEqual(StatementClassifier.classify(text: "BEGIN").nonTransactionalReason,
                       "the file manages its own transactions")
    }

    func testClassify_KeywordsInsideStringsAndComments_Ignored() {
        let t = StatementClassifier.classify(text: "/* CREATE INDEX CONCURRENTLY */ -- VACUUM\nSELECT 'CONCURRENTLY'")
        XCTAssertTrue(t.transactional)
        XCTAssertNil(t.lock)
        XCTAssertEqual(t.summary, "SELECT")
    }

    func testClassify_FromScriptStatement_UsesItsText() {
        let script = SQLScript("-- first\nCREATE INDEX CONCURRENTLY i ON t (c);\nVACUUM t;")
        let traits = script.executable.map(StatementClassifier.classify)
        XCTAssertEqual(traits.map(\.transactional), [false, false])
        XCTAssertEqual(traits.map(\.lockTarget), ["t", "t"])
    }

    func testLockLevel_OrderAndConflicts() {
        XCTAssertLessThan(LockLevel.share, .shareRowExclusive)
        XCTAssertEqual(LockLevel.allCases.max(), .accessExclusive)
        XCTAssertTrue(LockLevel.accessExclusive.blocksReads)
        XCTAssertFalse(LockLevel.exclusive.blocksReads)
        XCTAssertTrue(LockLevel.share.blocksWrites)
        XCTAssertFalse(LockLevel.shareUpdateExclusive.blocksWrites)
        XCTAssertEqual(LockLevel(modeWords: ["ROW", "EXCLUSIVE"]), .rowExclusive)
    }
}
