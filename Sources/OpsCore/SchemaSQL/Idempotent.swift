/// Rewrites a script so that running it again, or on a database that already has the target shape, changes
/// nothing and fails nowhere — what a corrective migration needs, since it runs on every environment whatever
/// shape each is in (the incident's did). `IF [NOT] EXISTS` where PostgreSQL has it; elsewhere the builder's
/// catalog condition wraps the statement in a `DO` block, or a statement clears the way first.
public enum Idempotent {
    public static func rewrite(_ script: MigrationScript) -> MigrationScript {
        MigrationScript(before: script.before.flatMap(statement), transactional: script.transactional.flatMap(statement),
                        after: script.after.flatMap(statement))
    }

    static let prefixes: [(String, String)] = [
        ("DROP MATERIALIZED VIEW ", "DROP MATERIALIZED VIEW IF EXISTS "),
        ("DROP TABLE ", "DROP TABLE IF EXISTS "), ("DROP INDEX ", "DROP INDEX IF EXISTS "),
        ("DROP VIEW ", "DROP VIEW IF EXISTS "), ("DROP TYPE ", "DROP TYPE IF EXISTS "),
        ("DROP DOMAIN ", "DROP DOMAIN IF EXISTS "), ("DROP ROUTINE ", "DROP ROUTINE IF EXISTS "),
        ("DROP COLLATION ", "DROP COLLATION IF EXISTS "), ("DROP EXTENSION ", "DROP EXTENSION IF EXISTS "),
        ("DROP SCHEMA ", "DROP SCHEMA IF EXISTS "), ("DROP TRIGGER ", "DROP TRIGGER IF EXISTS "),
        ("DROP POLICY ", "DROP POLICY IF EXISTS "), ("DROP SEQUENCE ", "DROP SEQUENCE IF EXISTS "),
        ("CREATE UNLOGGED TABLE ", "CREATE UNLOGGED TABLE IF NOT EXISTS "), ("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "),
        ("CREATE SCHEMA ", "CREATE SCHEMA IF NOT EXISTS "), ("CREATE SEQUENCE ", "CREATE SEQUENCE IF NOT EXISTS "),
        ("CREATE COLLATION ", "CREATE COLLATION IF NOT EXISTS "),
        ("CREATE UNIQUE INDEX CONCURRENTLY ", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "),
        ("CREATE INDEX CONCURRENTLY ", "CREATE INDEX CONCURRENTLY IF NOT EXISTS "),
        ("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS "), ("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "),
        ("CREATE VIEW ", "CREATE OR REPLACE VIEW "), ("CREATE MATERIALIZED VIEW ", "CREATE MATERIALIZED VIEW IF NOT EXISTS "),
    ]

    /// Single-action `ALTER TABLE` statements (the builder writes one action each).
    static let actions: [(String, String)] = [
        (" ADD COLUMN ", " ADD COLUMN IF NOT EXISTS "), (" DROP COLUMN ", " DROP COLUMN IF EXISTS "),
        (" DROP CONSTRAINT ", " DROP CONSTRAINT IF EXISTS "), (" DROP IDENTITY", " DROP IDENTITY IF EXISTS"),
    ]

    static func statement(_ s: MigrationScript.Statement) -> [MigrationScript.Statement] {
        var sql = s.sql
        for (plain, safe) in prefixes where sql.hasPrefix(plain) && !sql.hasPrefix(safe) {
            sql = safe + sql.dropFirst(plain.count)
            break
        }
        if sql.hasPrefix("ALTER TABLE ") || sql.hasPrefix("ALTER DOMAIN ") {
            for (plain, safe) in actions where sql.contains(plain) && !sql.contains(safe) {
                sql = sql.replacingAll(plain, with: safe)
            }
        }
        if let condition = s.guardCondition { sql = doBlock(branches: [(condition, sql)]) }
        var out: [MigrationScript.Statement] = []
        if let first = s.clearFirst { out.append(.init(first)) }
        out.append(.init(sql, loses: s.loses, drops: s.drops))
        return out
    }

    /// `DO $evermed$ BEGIN IF c1 THEN s1; ELSIF c2 THEN s2; … END IF; END $evermed$`: each statement runs when its
    /// condition holds, and each condition is planned only when reached (one may read a table another checks
    /// for). The dollar tag is one the statements do not contain, so a block can hold another.
    public static func doBlock(branches: [(condition: String, sql: String)]) -> String {
        var tag = "$evermed$", n = 0
        while branches.contains(where: { $0.sql.contains(tag) || $0.condition.contains(tag) }) { n += 1; tag = "$evermed\(n)$" }
        var lines = ["DO " + tag, "BEGIN"]
        for (i, branch) in branches.enumerated() {
            lines.append("    " + (i == 0 ? "IF " : "ELSIF ") + branch.condition.replacingAll("\n", with: "\n    ") + " THEN")
            lines.append("        " + branch.sql.replacingAll("\n", with: "\n        ") + ";")
        }
        lines += ["    END IF;", "END", tag]
        return lines.joined(separator: "\n")
    }
}
