/// One object that a migration locks ACCESS EXCLUSIVE (reads wait too), with the lines that do it.
public struct ExclusiveLock: Equatable, Sendable {
    /// The table, index or view, as the statements name it (or the statement's summary when they name none).
    public var target: String
    public var lines: [Int]

    public init(target: String, lines: [Int]) {
        self.target = target
        self.lines = lines
    }
}

/// How one migration file will be applied: whether the whole file (and its history row) can run in one
/// transaction, and the locks that will make the application wait. Shown before a deploy is confirmed, so
/// the operator sees the lock plan rather than discovering it in production.
///
/// Made in one pass over the file that keeps no statement: a 50 MB migration is planned in the memory of
/// one statement at a time. The statements are split again, as they run, by the migrator.
public struct PlannedMigration: Equatable, Sendable {
    public var migration: LocalMigration
    /// How many executable statements the file has (comment-only pieces not counted).
    public var statementCount: Int
    /// True when the whole file can run in one transaction together with its history row.
    public var transactional: Bool
    /// Why not, each with its line: "line 3: CREATE INDEX CONCURRENTLY cannot run inside a transaction block".
    public var nonTransactionalReasons: [String]
    /// ACCESS EXCLUSIVE locks, one per object in the order first taken.
    public var exclusiveLocks: [ExclusiveLock]

    public init(migration: LocalMigration, statementCount: Int, transactional: Bool, nonTransactionalReasons: [String],
                exclusiveLocks: [ExclusiveLock]) {
        self.migration = migration
        self.statementCount = statementCount
        self.transactional = transactional
        self.nonTransactionalReasons = nonTransactionalReasons
        self.exclusiveLocks = exclusiveLocks
    }

    public static func plan(_ migration: LocalMigration) -> PlannedMigration {
        var none: LintPass?
        return plan(migration, lint: &none)
    }

    /// The plan, and (when `lint` is given) the migration's lint findings from the same pass over the file.
    public static func plan(_ migration: LocalMigration, lint: inout LintPass?) -> PlannedMigration {
        lint?.begin(migration)
        defer { lint?.end() }
        var count = 0
        var reasons: [String] = []
        var locks: [ExclusiveLock] = []
        var lockIndex: [String: Int] = [:]
        var enums = EnumValueUse()
        SQLScript.forEachExecutable(in: migration.sql) { statement in
            count += 1
            let traits: StatementTraits
            if lint != nil {
                let tokens = StatementHazards.tokens(statement.text)
                traits = StatementClassifier.classify(tokens: tokens)
                lint?.read(statement, tokens: tokens, traits: traits)
            } else {
                traits = StatementClassifier.classify(statement)
            }
            if let reason = traits.nonTransactionalReason { reasons.append("line \(statement.line): \(reason)") }
            reasons += enums.read(statement)
            guard traits.lock == .accessExclusive else { return }
            let target = traits.lockTarget ?? traits.summary
            if let i = lockIndex[target] { locks[i].lines.append(statement.line) } else {
                lockIndex[target] = locks.count
                locks.append(ExclusiveLock(target: target, lines: [statement.line]))
            }
        }
        return PlannedMigration(migration: migration, statementCount: count, transactional: reasons.isEmpty,
                                nonTransactionalReasons: reasons, exclusiveLocks: locks)
    }
}

/// PostgreSQL (12+) lets `ALTER TYPE … ADD VALUE` run in a transaction, but refuses to use the new value
/// before that transaction commits ("unsafe use of new value"). A file that adds a value and then uses
/// it cannot therefore run as one transaction.
struct EnumValueUse {
    /// Values added so far in the file, with the type and the line that added them.
    private var added: [(type: String, value: String, line: Int)] = []

    /// Reads the next statement: one reason per value an earlier statement added and this one uses as
    /// `'value'` (each value is reported once), then remembers a value this statement adds.
    mutating func read(_ statement: SQLScript.Statement) -> [String] {
        var reasons: [String] = []
        if !added.isEmpty {
            let used = added.filter { Self.mentions(statement.text, $0.value) }
            for use in used {
                reasons.append("line \(use.line): enum value '\(use.value)' added to \(use.type) is used on line \(statement.line) "
                               + "in the same file; PostgreSQL refuses a new enum value before the transaction that "
                               + "added it commits (unsafe use of new value)")
            }
            added.removeAll { use in used.contains { $0.value == use.value && $0.line == use.line } }
        }
        if let (type, value) = Self.addedValue(statement.text) { added.append((type, value, statement.line)) }
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
        let literal = SchemaSQL.literal(value)
        return SQLTokenizer.tokens(text).contains { t in
            (t.kind == .string && t.text == value) || (t.kind == .dollar && t.text.contains(literal))
        }
    }
}
