/// Reads the leading keywords of one migration statement and says how a deploy must run it: inside the
/// migration's transaction or not, and which table lock it takes (PostgreSQL docs, "Explicit Locking"
/// and each command's page). Only the head of the statement is read, never a full parse, so unknown
/// statements fall back to "transactional, no known table lock".
public enum StatementClassifier {
    public static func classify(_ statement: SQLScript.Statement) -> StatementTraits {
        classify(text: statement.text)
    }

    static func classify(text: String) -> StatementTraits {
        classify(cursor: TokenCursor.head(of: text))
    }

    /// The traits from tokens already lexed (at least the head of a data statement; `StatementHazards.tokens`).
    static func classify(tokens: [SQLToken]) -> StatementTraits { classify(cursor: TokenCursor(tokens)) }

    static func classify(cursor: TokenCursor) -> StatementTraits {
        var c = cursor
        switch c.keyword() {
        case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT": return transactionControl(c)
        case "CREATE": c.index += 1; return create(&c)
        case "DROP": c.index += 1; return drop(&c)
        case "ALTER": c.index += 1; return alter(&c)
        case "REINDEX": c.index += 1; return reindex(&c)
        case "VACUUM": c.index += 1; return vacuum(&c)
        case "ANALYZE", "ANALYSE": c.index += 1; return analyze(&c)
        case "CLUSTER": c.index += 1; return cluster(&c)
        case "LOCK": c.index += 1; return lockTable(&c)
        case "TRUNCATE": c.index += 1; return truncate(&c)
        case "REFRESH": c.index += 1; return refresh(&c)
        case "INSERT", "UPDATE", "DELETE", "MERGE": return dataChange(&c)
        case "DO": return StatementTraits(summary: "DO block")
        case "": return StatementTraits(summary: "(empty)")
        default: return StatementTraits(summary: c.keyword())
        }
    }

    // MARK: - Helpers shared by the readers

    static func display(_ parts: [String]?) -> String? { parts?.joined(separator: ".") }

    /// `KEYWORDS name` traits for a transactional statement; `target` defaults to the name.
    static func traits(_ keywords: String, _ name: [String]?, lock: LockLevel? = nil,
                       target: [String]?? = nil) -> StatementTraits {
        let shown = display(name)
        return StatementTraits(lock: lock, lockTarget: lock == nil ? nil : display(target ?? name),
                               summary: shown.map { "\(keywords) \($0)" } ?? keywords)
    }

    /// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK: the file runs its own transactions, so a
    /// deploy must not wrap it in one.
    static func transactionControl(_ c: TokenCursor) -> StatementTraits {
        let head = c.keyword() == "START" ? "START TRANSACTION" : c.keyword()
        return StatementTraits(transactional: false, nonTransactionalReason: "the file manages its own transactions",
                               summary: head)
    }

    /// Words that, after CREATE/DROP/ALTER, name the kind of object (kept in the summary).
    static let kindWords: Set<String> = [
        "TABLE", "VIEW", "MATERIALIZED", "FUNCTION", "PROCEDURE", "TYPE", "SEQUENCE", "EXTENSION", "SCHEMA",
        "DOMAIN", "POLICY", "RULE", "ROLE", "USER", "AGGREGATE", "OPERATOR", "COLLATION", "FOREIGN", "SERVER",
        "DATA", "WRAPPER", "PUBLICATION", "SUBSCRIPTION", "STATISTICS", "EVENT", "TRIGGER", "LANGUAGE", "TEXT",
        "SEARCH", "CONFIGURATION", "DICTIONARY", "CAST", "GROUP", "ACCESS", "METHOD", "CONVERSION",
    ]

    /// `VERB KIND [IF [NOT] EXISTS] name` with no lock on an existing table.
    static func generic(_ verb: String, _ c: inout TokenCursor) -> StatementTraits {
        let kind = c.skip(kindWords)
        c.skipIfExists()
        return traits(([verb] + kind).joined(separator: " "), c.name())
    }

    // MARK: - Commands other than CREATE/DROP/ALTER

    static func reindex(_ c: inout TokenCursor) -> StatementTraits {
        let options = c.group() ?? []
        let kind = c.keyword()
        c.index += 1
        let concurrently = c.accept("CONCURRENTLY") || options.contains { $0.keyword == "CONCURRENTLY" }
        let name = display(c.name())
        let keywords = "REINDEX \(kind)" + (concurrently ? " CONCURRENTLY" : "")
        if concurrently {
            return .outsideTransaction(keywords, name: name, lock: .shareUpdateExclusive, target: name)
        }
        if ["SCHEMA", "DATABASE", "SYSTEM"].contains(kind) {
            return .outsideTransaction(keywords, name: name, lock: .accessExclusive, target: name)
        }
        return traits(keywords, name.map { [$0] }, lock: .accessExclusive)
    }

    static func vacuum(_ c: inout TokenCursor) -> StatementTraits {
        var full = c.skip(["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"]).contains("FULL")
        if let options = c.group() {
            full = full || options.contains { $0.keyword == "FULL" }
        }
        let name = display(c.name())
        let keywords = full ? "VACUUM FULL" : "VACUUM"
        return .outsideTransaction(keywords, name: name, lock: full ? .accessExclusive : .shareUpdateExclusive,
                                   target: name)
    }

    static func analyze(_ c: inout TokenCursor) -> StatementTraits {
        c.skip(["VERBOSE"])
        _ = c.group()
        return traits("ANALYZE", c.name(), lock: .shareUpdateExclusive)
    }

    /// CLUSTER [VERBOSE] [table [USING index]] (or the old `CLUSTER index ON table`); without a table it
    /// re-clusters every table and PostgreSQL refuses it inside a transaction block.
    static func cluster(_ c: inout TokenCursor) -> StatementTraits {
        c.skip(["VERBOSE"])
        _ = c.group()
        guard var name = c.name() else {
            return .outsideTransaction("CLUSTER", reason: "CLUSTER without a table cannot run inside a transaction block",
                                       lock: .accessExclusive)
        }
        if c.accept("ON"), let table = c.name() { name = table }
        return traits("CLUSTER", name, lock: .accessExclusive)
    }

    /// LOCK [TABLE] [ONLY] name [, …] [IN mode MODE] [NOWAIT]; the default mode is ACCESS EXCLUSIVE.
    static func lockTable(_ c: inout TokenCursor) -> StatementTraits {
        _ = c.accept("TABLE")
        _ = c.accept("ONLY")
        let name = c.name()
        var mode = LockLevel.accessExclusive
        if c.advance(past: "IN") {
            var words: [String] = []
            while !c.atEnd, c.keyword() != "MODE" { words.append(c.keyword()); c.index += 1 }
            mode = LockLevel(modeWords: words) ?? .accessExclusive
        }
        return traits("LOCK TABLE", name, lock: mode)
    }

    static func truncate(_ c: inout TokenCursor) -> StatementTraits {
        _ = c.accept("TABLE")
        _ = c.accept("ONLY")
        return traits("TRUNCATE", c.name(), lock: .accessExclusive)
    }

    /// REFRESH MATERIALIZED VIEW [CONCURRENTLY] name: ACCESS EXCLUSIVE, or EXCLUSIVE when concurrent
    /// (reads continue); both run inside a transaction.
    static func refresh(_ c: inout TokenCursor) -> StatementTraits {
        _ = c.accept("MATERIALIZED", "VIEW")
        let concurrently = c.accept("CONCURRENTLY")
        let keywords = "REFRESH MATERIALIZED VIEW" + (concurrently ? " CONCURRENTLY" : "")
        return traits(keywords, c.name(), lock: concurrently ? .exclusive : .accessExclusive)
    }

    /// INSERT INTO / UPDATE [ONLY] / DELETE FROM [ONLY] / MERGE INTO: ROW EXCLUSIVE on the target table.
    static func dataChange(_ c: inout TokenCursor) -> StatementTraits {
        let verb = c.keyword()
        c.index += 1
        c.skip(["INTO", "FROM", "ONLY"])
        return traits(verb, c.name(), lock: .rowExclusive)
    }
}
