/// A hazard one statement has, before the linter weighs it against the environment: the rule, where in the
/// statement (a byte offset, for the line), what it does and the safe way, and the table it concerns.
struct Hazard: Equatable, Sendable {
    var rule: LintRule
    var offset: Int
    var message: String
    var suggestion: String
    /// Qualified (`public.users`); nil when the hazard concerns no one table.
    var table: String?
    /// Overrides the rule's default severity (a type change to `text` is usually no rewrite).
    var severity: LintSeverity?
}

/// What one statement does that later statements (and the environment check) depend on.
struct StatementEffects: Sendable {
    var createdTables: [String] = []
    /// `CREATE TABLE IF NOT EXISTS`: there afterwards, but maybe an old table with rows.
    var ensuredTables: [String] = []
    var createdIndexes: [String] = []
    var droppedTables: [String] = []
    var renamedTable: (from: String, to: String)?
    /// Relations the statement needs to exist, with the offset that names each.
    var requiredTables: [(name: String, offset: Int)] = []
    /// Indexes it needs (`DROP INDEX` without IF EXISTS).
    var requiredIndexes: [(name: String, offset: Int)] = []
    var setsLockTimeout = false
    var beginsBlock = false
    var endsBlock = false
}

/// Reads one statement's tokens for hazards and effects. Keyword-driven, like `StatementClassifier` (whose
/// lock levels it reuses): enough of PostgreSQL's grammar to find what squawk and Atlas find, without a
/// parser. A statement it does not know has no hazards.
struct StatementHazards {
    var hazards: [Hazard] = []
    var effects = StatementEffects()
    /// The file is inside its own BEGIN … COMMIT at this statement.
    let inBlock: Bool

    /// The tokens lint reads: all of them, but only the head of a data statement (the body of a big INSERT or
    /// COPY is data; its head names the table) — except UPDATE and DELETE, whose WHERE may come late. The
    /// statement classifier reads the same array.
    static func tokens(_ text: String) -> [SQLToken] {
        let head = SQLTokenizer.tokens(text, limit: 64)
        guard head.count == 64, let first = head.first?.keyword else { return head }
        if TokenCursor.dataStatements.contains(first) && first != "UPDATE" && first != "DELETE" { return head }
        return SQLTokenizer.tokens(text)
    }

    static func read(_ text: String, inBlock: Bool) -> StatementHazards { read(tokens(text), inBlock: inBlock) }

    static func read(_ tokens: [SQLToken], inBlock: Bool) -> StatementHazards {
        var reader = StatementHazards(inBlock: inBlock)
        reader.read(tokens)
        return reader
    }

    mutating func read(_ tokens: [SQLToken]) {
        var c = TokenCursor(tokens)
        let start = tokens.first?.offset ?? 0
        switch c.keyword() {
        case "BEGIN", "START":
            effects.beginsBlock = true
            add(.transactionControl, at: start, "the file opens its own transaction (\(c.keyword() == "START" ? "START TRANSACTION" : "BEGIN"))",
                "leave transactions to the deploy: each migration already runs in one transaction with its history "
                    + "row; split statements that cannot run in one into their own migration")
        case "COMMIT", "END", "ROLLBACK", "ABORT":
            if c.keyword() == "ROLLBACK", c.keyword(at: 1) == "TO" || c.keyword(at: 2) == "TO" {
                add(.transactionControl, at: start, "ROLLBACK TO SAVEPOINT in a migration",
                    "let a failing statement fail the migration; the deploy rolls the whole file back")
            } else {
                effects.endsBlock = true
                if !inBlock {
                    add(.transactionControl, at: start, "\(c.keyword()) without a BEGIN in this file: it ends the "
                        + "deploy's transaction, so the history row is written apart from the changes",
                        "remove it: the deploy commits the migration together with its history row")
                }
            }
        case "SAVEPOINT", "RELEASE":
            add(.transactionControl, at: start, "\(c.keyword()) in a migration",
                "remove it: a migration succeeds or fails as a whole")
        case "SET", "RESET":
            readSet(tokens)
        case "SELECT":
            if tokens.contains(where: { $0.kind == .string && $0.text.lowercased() == "lock_timeout" }),
               tokens.contains(where: { $0.keyword == "SET_CONFIG" }) {
                effects.setsLockTimeout = true
            }
        case "CREATE": c.index += 1; readCreate(&c)
        case "DROP": c.index += 1; readDrop(&c)
        case "ALTER":
            c.index += 1
            if c.accept("TABLE") { readAlterTable(&c) }
        case "REINDEX": c.index += 1; readReindex(&c)
        case "VACUUM":
            let words = Set(tokens.map(\.keyword))
            if words.contains("FULL") {
                c.index += 1
                c.skip(["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"])
                _ = c.group()
                let table = c.name().map(Self.qualify)
                add(.tableRewrite, at: start, "VACUUM FULL rewrites \(table ?? "every table") under ACCESS EXCLUSIVE: "
                    + "reads and writes wait until it ends",
                    "use pg_repack (or pg_squeeze) online, outside the migration; plain VACUUM takes no such lock",
                    table: table)
            }
        case "CLUSTER":
            c.index += 1
            c.skip(["VERBOSE"])
            _ = c.group()
            let table = c.name().map(Self.qualify)
            add(.tableRewrite, at: start, "CLUSTER rewrites \(table ?? "every clustered table") under ACCESS EXCLUSIVE",
                "use pg_repack --order-by online, outside the migration", table: table)
        case "UPDATE", "DELETE": readDataChange(&c, tokens)
        case "TRUNCATE":
            c.index += 1
            _ = c.accept("TABLE")
            _ = c.accept("ONLY")
            let table = c.name().map(Self.qualify)
            let cascade = tokens.contains { $0.keyword == "CASCADE" }
            if let table { effects.requiredTables.append((table, tokens[min(c.index, tokens.count) - 1].offset)) }
            add(.unboundedDataChange, at: start,
                "TRUNCATE deletes every row of \(table ?? "the table")" + (cascade ? ", and CASCADE empties every table "
                    + "that references it too" : "") + ", under ACCESS EXCLUSIVE",
                "delete the rows you mean with a WHERE (in batches on big tables); keep data changes out of schema "
                    + "migrations", table: table)
        case "INSERT":
            c.index += 1
            _ = c.accept("INTO")
            let offset = c.current?.offset ?? start
            if let table = c.name().map(Self.qualify) { effects.requiredTables.append((table, offset)) }
        default: break
        }
        checkIdentifiers(tokens)
    }

    mutating func add(_ rule: LintRule, at offset: Int, _ message: String, _ suggestion: String, table: String? = nil,
                      severity: LintSeverity? = nil) {
        hazards.append(Hazard(rule: rule, offset: offset, message: message, suggestion: suggestion, table: table,
                              severity: severity))
    }

    /// `public.x` for `x`, `s.x` for `s.x` (and for `db.s.x`): names as the environment's catalog keys them.
    /// Unqualified names are assumed to be in `public`, the schema Prisma migrations use.
    static func qualify(_ parts: [String]) -> String {
        parts.count == 1 ? "public." + parts[0] : parts.suffix(2).joined(separator: ".")
    }

    /// The schema part of a qualified name.
    static func schema(of qualified: String) -> String {
        String(qualified.prefix { $0 != "." })
    }

    // MARK: - SET, identifiers

    /// `SET [LOCAL|SESSION] lock_timeout = …`: later statements of the file wait at most that long.
    mutating func readSet(_ tokens: [SQLToken]) {
        var c = TokenCursor(tokens)
        c.index += 1
        c.skip(["LOCAL", "SESSION"])
        guard c.current?.identifier == "lock_timeout" else { return }
        let value = tokens.dropFirst(c.index + 1).first { !$0.isSymbol("=") && $0.keyword != "TO" }
        effects.setsLockTimeout = value.map { $0.text != "0" && $0.keyword != "DEFAULT" } ?? false
    }

    /// PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1) with only a NOTICE: the object then has a
    /// different name than the migration says, and a later `DROP` or `ALTER` of the long name fails.
    mutating func checkIdentifiers(_ tokens: [SQLToken]) {
        guard let long = tokens.first(where: { ($0.kind == .word || $0.kind == .quoted) && $0.text.utf8.count > 63 })
        else { return }
        add(.identifierTooLong, at: long.offset,
            "the identifier \(long.text.prefix(40))… is \(long.text.utf8.count) bytes; PostgreSQL silently truncates it "
                + "to 63, so the object gets another name than this file uses",
            "use a name of at most 63 bytes")
    }

    // MARK: - CREATE, DROP

    mutating func readCreate(_ c: inout TokenCursor) {
        _ = c.accept("OR", "REPLACE")
        c.skip(["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "RECURSIVE"])
        switch c.keyword() {
        case "TABLE":
            c.index += 1
            let ifNotExists = c.keyword() == "IF"
            c.skipIfExists()
            guard let name = c.name().map(Self.qualify) else { return }
            if ifNotExists { effects.ensuredTables.append(name) } else { effects.createdTables.append(name) }
            if c.accept("PARTITION", "OF") {
                let offset = c.current?.offset ?? 0
                if let parent = c.name().map(Self.qualify) { effects.requiredTables.append((parent, offset)) }
            }
        case "VIEW", "MATERIALIZED":
            c.skip(["VIEW", "MATERIALIZED"])
            c.skipIfExists()
            if let name = c.name().map(Self.qualify) { effects.createdTables.append(name) }
        case "UNIQUE", "INDEX": readCreateIndex(&c)
        case "TRIGGER", "CONSTRAINT":
            _ = c.accept("CONSTRAINT")
            guard c.advance(past: "ON") else { return }
            let offset = c.current?.offset ?? 0
            if let table = c.name().map(Self.qualify) { effects.requiredTables.append((table, offset)) }
        default: break
        }
    }

    mutating func readCreateIndex(_ c: inout TokenCursor) {
        let start = c.current?.offset ?? 0
        let unique = c.accept("UNIQUE")
        _ = c.accept("INDEX")
        let concurrently = c.accept("CONCURRENTLY")
        c.skipIfExists()
        let index = c.keyword() == "ON" ? nil : c.name()
        guard c.accept("ON") else { return }
        _ = c.accept("ONLY")
        let offset = c.current?.offset ?? start
        guard let table = c.name().map(Self.qualify) else { return }
        effects.requiredTables.append((table, offset))
        if let index { effects.createdIndexes.append(Self.schema(of: table) + "." + index.last!) }
        let kind = unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX"
        if concurrently {
            if inBlock { concurrentInBlock("\(kind) CONCURRENTLY", at: start) }
        } else {
            add(.blockingIndex, at: start, "\(kind) on \(table) blocks its writes (SHARE lock) until the index is built",
                "\(kind) CONCURRENTLY, in a migration of its own (it cannot run in a transaction)", table: table)
        }
    }

    mutating func concurrentInBlock(_ what: String, at offset: Int) {
        add(.concurrentlyInTransaction, at: offset, "\(what) inside the file's BEGIN … COMMIT: PostgreSQL refuses "
            + "it in a transaction block (25001)",
            "move it out of the BEGIN … COMMIT; a file with CONCURRENTLY is applied statement by statement")
    }

    mutating func readDrop(_ c: inout TokenCursor) {
        let start = c.tokens.first?.offset ?? 0
        switch c.keyword() {
        case "TABLE":
            c.index += 1
            let ifExists = c.keyword() == "IF"
            c.skipIfExists()
            while let parts = c.name() {
                let table = Self.qualify(parts)
                effects.droppedTables.append(table)
                if !ifExists { effects.requiredTables.append((table, start)) }
                add(.dropTable, at: start, "DROP TABLE \(table) deletes the table and all of its rows",
                    "make sure nothing reads it any more (deploy the code first) and that a backup exists; "
                        + "rename it first and drop it a release later if you may need it back", table: table)
                guard let comma = c.current, comma.isSymbol(",") else { break }
                c.index += 1
            }
        case "INDEX":
            c.index += 1
            let concurrently = c.accept("CONCURRENTLY")
            let ifExists = c.keyword() == "IF"
            c.skipIfExists()
            let offset = c.current?.offset ?? start
            guard let parts = c.name() else { return }
            let index = Self.qualify(parts)
            if !ifExists { effects.requiredIndexes.append((index, offset)) }
            if concurrently {
                if inBlock { concurrentInBlock("DROP INDEX CONCURRENTLY", at: start) }
                return
            }
            add(.dropIndex, at: start, "DROP INDEX \(index) takes ACCESS EXCLUSIVE on its table: reads and writes wait",
                "DROP INDEX CONCURRENTLY, in a migration of its own", table: "index:" + index)
        case "SCHEMA":
            c.index += 1
            c.skipIfExists()
            let name = c.name()?.joined(separator: ".") ?? "?"
            add(.dropSchema, at: start, "DROP SCHEMA \(name) deletes the schema" + (c.rest.contains { $0.keyword == "CASCADE" }
                ? " and, with CASCADE, every table and row in it" : ""),
                "drop the objects you mean one by one, after a backup")
        case "DATABASE":
            add(.dropDatabase, at: start, "DROP DATABASE in a migration: it cannot run in a transaction and "
                + "removes everything", "do it by hand, never from a migration")
        default: break
        }
    }

    // MARK: - REINDEX, UPDATE / DELETE

    mutating func readReindex(_ c: inout TokenCursor) {
        let start = c.tokens.first?.offset ?? 0
        let options = c.group() ?? []
        let kind = c.keyword()
        c.index += 1
        let concurrently = c.accept("CONCURRENTLY") || options.contains { $0.keyword == "CONCURRENTLY" }
        guard let parts = c.name() else { return }
        let name = Self.qualify(parts)
        if concurrently {
            if inBlock { concurrentInBlock("REINDEX CONCURRENTLY", at: start) }
            return
        }
        let table = kind == "INDEX" ? "index:" + name : kind == "TABLE" ? name : nil
        add(.blockingIndex, at: start, "REINDEX \(kind) \(name) blocks writes to the table (and reads that use the "
            + "index) while it rebuilds", "REINDEX \(kind) CONCURRENTLY (PostgreSQL 12+), outside a transaction",
            table: table)
    }

    /// UPDATE/DELETE with no top-level WHERE touches every row (and locks them all until the migration commits).
    mutating func readDataChange(_ c: inout TokenCursor, _ tokens: [SQLToken]) {
        let verb = c.keyword()
        let start = tokens.first?.offset ?? 0
        c.index += 1
        c.skip(["FROM", "ONLY"])
        let offset = c.current?.offset ?? start
        guard let table = c.name().map(Self.qualify) else { return }
        effects.requiredTables.append((table, offset))
        var depth = 0
        for t in tokens {
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            if depth == 0 && t.keyword == "WHERE" { return }
        }
        add(.unboundedDataChange, at: start, "\(verb) without WHERE changes every row of \(table), holding their row "
            + "locks until the migration commits",
            "if every row is meant, backfill in batches outside the migration (UPDATE … WHERE id BETWEEN …); "
                + "otherwise add the WHERE", table: table)
    }
}
