/// One executable statement of a migration with what the classifier found out about it.
public struct PlannedStatement: Equatable, Sendable {
    public var statement: SQLScript.Statement
    public var traits: StatementTraits

    public init(statement: SQLScript.Statement, traits: StatementTraits) {
        self.statement = statement
        self.traits = traits
    }
}

/// How one migration file will be applied: its statements, whether the whole file (and its history
/// row) can run in one transaction, and the locks that will make the application wait. Shown before a
/// deploy is confirmed, so the operator sees the lock plan rather than discovering it in production.
public struct PlannedMigration: Equatable, Sendable {
    public var migration: LocalMigration
    /// Executable statements only (comment-only pieces dropped), in file order.
    public var statements: [PlannedStatement]
    /// True when the whole file can run in one transaction together with its history row.
    public var transactional: Bool
    /// Why not, each with its line: "line 3: CREATE INDEX CONCURRENTLY cannot run inside a transaction block".
    public var nonTransactionalReasons: [String]
    /// Statements that block reads: "line 7: ALTER TABLE public.users (ACCESS EXCLUSIVE)".
    public var accessExclusiveLocks: [String]

    public init(migration: LocalMigration, statements: [PlannedStatement], transactional: Bool,
                nonTransactionalReasons: [String], accessExclusiveLocks: [String]) {
        self.migration = migration
        self.statements = statements
        self.transactional = transactional
        self.nonTransactionalReasons = nonTransactionalReasons
        self.accessExclusiveLocks = accessExclusiveLocks
    }

    public static func plan(_ migration: LocalMigration) -> PlannedMigration {
        let statements = SQLScript(migration.sql).executable.map {
            PlannedStatement(statement: $0, traits: StatementClassifier.classify($0))
        }
        var reasons = statements.compactMap { s in
            s.traits.nonTransactionalReason.map { "line \(s.statement.line): \($0)" }
        }
        reasons += EnumValueUse.conflicts(in: statements.map(\.statement))
        let locks = statements.filter { $0.traits.lock == .accessExclusive }.map { s in
            "line \(s.statement.line): \(s.traits.summary) (\(LockLevel.accessExclusive.rawValue))"
        }
        return PlannedMigration(migration: migration, statements: statements, transactional: reasons.isEmpty,
                                nonTransactionalReasons: reasons, accessExclusiveLocks: locks)
    }
}

/// PostgreSQL (12+) lets `ALTER TYPE … ADD VALUE` run in a transaction, but refuses to use the new value
/// before that transaction commits ("unsafe use of new value"). A file that adds a value and then uses
/// it cannot therefore run as one transaction.
enum EnumValueUse {
    /// One reason per added value that a later statement of the same file mentions as `'value'`.
    static func conflicts(in statements: [SQLScript.Statement]) -> [String] {
        var reasons: [String] = []
        for (i, statement) in statements.enumerated() {
            guard let (type, value) = addedValue(statement.text) else { continue }
            guard let user = statements[(i + 1)...].first(where: { mentions($0.text, value) }) else { continue }
            reasons.append("line \(statement.line): enum value '\(value)' added to \(type) is used on line \(user.line) "
                           + "in the same file; PostgreSQL refuses a new enum value before the transaction that "
                           + "added it commits (unsafe use of new value)")
        }
        return reasons
    }

    /// (type, value) for `ALTER TYPE type ADD VALUE [IF NOT EXISTS] 'value' …`.
    static func addedValue(_ text: String) -> (String, String)? {
        var c = TokenCursor(text)
        guard c.accept("ALTER", "TYPE"), let type = c.name(), c.accept("ADD", "VALUE") else { return nil }
        c.skipIfExists()
        guard let value = c.current, value.kind == .string else { return nil }
        return (type.joined(separator: "."), value.text)
    }

    /// True when the statement has the literal `'value'` (also inside a dollar-quoted body).
    static func mentions(_ text: String, _ value: String) -> Bool {
        let literal = "'" + value.replacingAll("'", with: "''") + "'"
        return SQLTokenizer.tokens(text).contains { t in
            (t.kind == .string && t.text == value) || (t.kind == .dollar && t.text.contains(literal))
        }
    }
}
