/// ALTER TABLE: each comma-separated action is read on its own.
extension StatementHazards {
    /// Functions whose defaults PostgreSQL must evaluate per row, so `ADD COLUMN … DEFAULT f()` rewrites the
    /// table (a non-volatile default is stored once in the catalog since PostgreSQL 11).
    static let volatileFunctions: Set<String> = [
        "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7",
        "clock_timestamp", "timeofday", "nextval", "txid_current", "setseed",
    ]

    static let serialTypes: Set<String> = ["serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"]

    mutating func readAlterTable(_ c: inout TokenCursor) {
        let ifExists = c.keyword() == "IF"
        c.skipIfExists()
        _ = c.accept("ONLY")
        let offset = c.current?.offset ?? 0
        guard let parts = c.name() else { return }
        let table = Self.qualify(parts)
        if !ifExists { effects.requiredTables.append((table, offset)) }
        if let star = c.current, star.isSymbol("*") { c.index += 1 }
        for action in TokenCursor.splitAtCommas(c.rest) { readAlterAction(action, table: table) }
    }

    mutating func readAlterAction(_ tokens: [SQLToken], table: String) {
        var c = TokenCursor(tokens)
        let at = tokens.first?.offset ?? 0
        switch c.keyword() {
        case "ADD":
            c.index += 1
            if ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"].contains(c.keyword()) {
                readAddConstraint(&c, table: table, at: at)
            } else {
                _ = c.accept("COLUMN")
                c.skipIfExists()
                readAddColumn(&c, table: table, at: at)
            }
        case "ALTER":
            c.index += 1
            _ = c.accept("COLUMN")
            guard let column = c.name()?.last else { return }
            if c.accept("SET", "NOT", "NULL") {
                add(.setNotNull, at: at, "SET NOT NULL on \(table).\(column) scans every row under ACCESS EXCLUSIVE "
                    + "(reads and writes wait), and fails if one is NULL",
                    "ADD CONSTRAINT \(column)_not_null CHECK (\"\(column)\" IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT it "
                        + "in the next migration; then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the check",
                    table: table)
            } else if c.accept("TYPE") || c.accept("SET", "DATA", "TYPE") {
                readTypeChange(&c, table: table, column: column, at: at)
            }
        case "DROP":
            c.index += 1
            if c.accept("CONSTRAINT") {
                c.skipIfExists()
                let name = c.name()?.last ?? "?"
                add(.dropConstraint, at: at, "DROP CONSTRAINT \(name) on \(table): the data is no longer checked by it",
                    "make sure the application enforces it, or that it is replaced in the same migration", table: table)
                return
            }
            _ = c.accept("COLUMN")
            c.skipIfExists()
            guard let column = c.name()?.last else { return }
            add(.dropColumn, at: at, "DROP COLUMN \(table).\(column) deletes its data, and running code that still "
                + "reads or writes it fails",
                "deploy code that no longer uses the column first, then drop it in a later migration (after a backup)",
                table: table)
        case "RENAME":
            c.index += 1
            if c.accept("TO") {
                guard let new = c.name()?.last else { return }
                let renamed = Self.schema(of: table) + "." + new
                effects.renamedTable = (table, renamed)
                add(.renameTable, at: at, "RENAME \(table) TO \(new): running code that uses the old name fails "
                    + "as soon as this commits",
                    "create the new table (or a view under the new name) and move readers over before removing the old name",
                    table: table)
                return
            }
            if c.accept("CONSTRAINT") { return }
            _ = c.accept("COLUMN")
            guard let old = c.name()?.last, c.accept("TO"), let new = c.name()?.last else { return }
            add(.renameColumn, at: at, "RENAME COLUMN \(table).\(old) TO \(new): running code that uses the old name "
                + "fails as soon as this commits",
                "add the new column, write both, backfill, move readers, then drop the old one — or deploy code that "
                    + "accepts both names first", table: table)
        case "SET":
            let words = tokens.dropFirst().prefix(2).map(\.keyword)
            if words.first == "TABLESPACE" || words.first == "LOGGED" || words.first == "UNLOGGED"
                || words == ["ACCESS", "METHOD"] {
                add(.tableRewrite, at: at, "SET \(words.first == "ACCESS" ? "ACCESS METHOD" : words[0]) rewrites "
                    + "\(table) under ACCESS EXCLUSIVE", "do it in a maintenance window, or with pg_repack", table: table)
            }
        default: break
        }
    }

    mutating func readAddColumn(_ c: inout TokenCursor, table: String, at: Int) {
        guard let column = c.name()?.last else { return }
        let rest = Array(c.rest)
        let words = rest.filter { $0.kind == .word }.map(\.identifier)
        let type = rest.first?.identifier ?? ""
        let hasDefault = words.contains("default")
        let identity = zip(words, words.dropFirst()).contains { $0 == ("as", "identity") }
        let stored = words.contains("generated") && words.contains("stored")
        var notNull = false
        for (i, word) in words.enumerated() where word == "not" && i + 1 < words.count && words[i + 1] == "null" {
            notNull = true
        }
        if words.contains("primary") && words.contains("key") { notNull = true }
        let name = "\(table).\(column)"
        if Self.serialTypes.contains(type) || identity || stored {
            let what = stored ? "a stored generated column" : identity ? "an identity column" : "a \(type) column"
            add(.addColumnRewrite, at: at, "adding \(what) \(name) rewrites \(table) under ACCESS EXCLUSIVE "
                + "(every row gets its own value)",
                "add the column without it (nullable), backfill in batches, then set the default or identity", table: table)
        } else if hasDefault, let volatile = defaultFunctions(rest).first(where: Self.volatileFunctions.contains) {
            add(.addColumnRewrite, at: at, "the default \(volatile)() of \(name) is volatile: adding the column rewrites "
                + "\(table) under ACCESS EXCLUSIVE",
                "add the column with no default (or a constant), backfill in batches, then SET DEFAULT \(volatile)()",
                table: table)
        } else if notNull && !hasDefault {
            add(.notNullWithoutDefault, at: at, "ADD COLUMN \(name) NOT NULL without a DEFAULT fails (23502) as soon as "
                + "\(table) has a row",
                "add a DEFAULT (a constant is free since PostgreSQL 11), or add it nullable, backfill, then SET NOT NULL",
                table: table)
        }
        if words.contains("unique") || (words.contains("primary") && words.contains("key")) {
            let kind = words.contains("unique") ? "UNIQUE" : "PRIMARY KEY"
            add(.uniqueWithoutIndex, at: at, "\(kind) on the new column \(name) builds its index under ACCESS EXCLUSIVE",
                "add the column, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … \(kind) USING INDEX", table: table)
        }
    }

    /// The function names called in a column definition's DEFAULT expression (up to the next constraint).
    func defaultFunctions(_ tokens: [SQLToken]) -> [String] {
        guard let start = tokens.firstIndex(where: { $0.keyword == "DEFAULT" }) else { return [] }
        let stops: Set<String> = ["NOT", "NULL", "CONSTRAINT", "CHECK", "REFERENCES", "UNIQUE", "PRIMARY", "COLLATE",
                                  "GENERATED"]
        var names: [String] = [], depth = 0
        for i in (start + 1)..<tokens.count {
            let t = tokens[i]
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            if depth == 0, i > start + 1, stops.contains(t.keyword) { break }
            if t.isIdentifier, i + 1 < tokens.count, tokens[i + 1].isSymbol("(") { names.append(t.identifier) }
        }
        return names
    }

    mutating func readAddConstraint(_ c: inout TokenCursor, table: String, at: Int) {
        var name: String?
        if c.accept("CONSTRAINT") { name = c.name()?.last }
        let words = Set(c.rest.map(\.keyword))
        let notValid = zip(c.rest, c.rest.dropFirst()).contains { $0.keyword == "NOT" && $1.keyword == "VALID" }
        let label = name.map { " \($0)" } ?? ""
        switch c.keyword() {
        case "FOREIGN":
            if c.advance(past: "REFERENCES") {
                let offset = c.current?.offset ?? at
                if let referenced = c.name().map(Self.qualify) { effects.requiredTables.append((referenced, offset)) }
            }
            if !notValid {
                add(.constraintWithoutNotValid, at: at, "FOREIGN KEY\(label) on \(table) is validated at once: every row "
                    + "is checked while both tables are locked against writes (SHARE ROW EXCLUSIVE)",
                    "ADD CONSTRAINT … NOT VALID here, then ALTER TABLE … VALIDATE CONSTRAINT\(label) in the next "
                        + "migration (it takes a weaker lock)", table: table)
            }
        case "CHECK":
            if !notValid {
                add(.constraintWithoutNotValid, at: at, "CHECK\(label) on \(table) is validated at once, scanning every "
                    + "row under ACCESS EXCLUSIVE",
                    "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT\(label) in the next migration",
                    table: table)
            }
        case "PRIMARY", "UNIQUE", "EXCLUDE":
            guard !words.contains("USING") || !c.rest.contains(where: { $0.keyword == "INDEX" }) else { return }
            let kind = c.keyword() == "PRIMARY" ? "PRIMARY KEY" : c.keyword()
            add(.uniqueWithoutIndex, at: at, "\(kind)\(label) on \(table) builds its index under ACCESS EXCLUSIVE: "
                + "reads and writes wait until it is built",
                c.keyword() == "EXCLUDE" ? "build the table with the constraint, or accept the lock in a maintenance window"
                    : "CREATE UNIQUE INDEX CONCURRENTLY first (its own migration), then ADD CONSTRAINT … \(kind) USING INDEX",
                table: table)
        default: break
        }
    }

    /// A type change rewrites the table and its indexes unless the new type is binary-compatible with the old
    /// (varchar(n) → text, a longer varchar): without the old type at hand, those cases are only a warning.
    mutating func readTypeChange(_ c: inout TokenCursor, table: String, column: String, at: Int) {
        let type = c.rest.prefix { $0.keyword != "USING" && $0.keyword != "COLLATE" }
        let typeText = type.map(\.text).joined(separator: " ").lowercased()
        let widening = ["text", "varchar", "character varying", "citext"].contains { typeText == $0 }
            || typeText.hasPrefix("varchar") || typeText.hasPrefix("character varying") || typeText.hasPrefix("numeric")
        add(.columnTypeChange, at: at, "TYPE \(typeText) on \(table).\(column) "
            + (widening ? "rewrites the table under ACCESS EXCLUSIVE unless it only widens a varchar or numeric"
                : "rewrites the table and its indexes under ACCESS EXCLUSIVE"),
            "add a new column of the new type, backfill it in batches, switch readers, then drop the old one",
            table: table, severity: widening ? .info : nil)
    }
}
