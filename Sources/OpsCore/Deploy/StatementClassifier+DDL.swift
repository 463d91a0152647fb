/// CREATE, DROP and ALTER: the statements a migration is mostly made of.
extension StatementClassifier {
    static func create(_ c: inout TokenCursor) -> StatementTraits {
        _ = c.accept("OR", "REPLACE")
        c.skip(["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "CONSTRAINT", "RECURSIVE", "TRUSTED", "PROCEDURAL"])
        switch c.keyword() {
        case "UNIQUE", "INDEX": return createIndex(&c)
        case "DATABASE", "TABLESPACE":
            let keywords = "CREATE \(c.keyword())"
            c.index += 1
            return .outsideTransaction(keywords, name: display(c.name()))
        case "TRIGGER":
            c.index += 1
            let trigger = display(c.name()) ?? "?"
            _ = c.advance(past: "ON")
            let table = c.name()
            return StatementTraits(lock: .shareRowExclusive, lockTarget: display(table),
                                   summary: "CREATE TRIGGER \(trigger)" + (display(table).map { " ON \($0)" } ?? ""))
        default: return generic("CREATE", &c)
        }
    }

    /// CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table: SHARE on the table
    /// (writes wait), or SHARE UPDATE EXCLUSIVE outside a transaction when CONCURRENTLY.
    static func createIndex(_ c: inout TokenCursor) -> StatementTraits {
        let unique = c.accept("UNIQUE")
        _ = c.accept("INDEX")
        let concurrently = c.accept("CONCURRENTLY")
        c.skipIfExists()
        let index = c.keyword() == "ON" ? nil : display(c.name())
        _ = c.accept("ON")
        _ = c.accept("ONLY")
        let table = display(c.name())
        let keywords = "CREATE" + (unique ? " UNIQUE" : "") + " INDEX" + (concurrently ? " CONCURRENTLY" : "")
        let name = [index, table.map { "ON \($0)" }].compactMap { $0 }.joined(separator: " ")
        if concurrently {
            return .outsideTransaction(keywords, name: name, lock: .shareUpdateExclusive, target: table)
        }
        return StatementTraits(lock: .share, lockTarget: table, summary: "\(keywords) \(name)")
    }

    static func drop(_ c: inout TokenCursor) -> StatementTraits {
        switch c.keyword() {
        case "INDEX":
            c.index += 1
            let concurrently = c.accept("CONCURRENTLY")
            c.skipIfExists()
            let name = display(c.name())
            if concurrently {
                return .outsideTransaction("DROP INDEX CONCURRENTLY", name: name, lock: .shareUpdateExclusive, target: name)
            }
            return traits("DROP INDEX", name.map { [$0] }, lock: .accessExclusive)
        case "DATABASE", "TABLESPACE":
            let keywords = "DROP \(c.keyword())"
            c.index += 1
            c.skipIfExists()
            return .outsideTransaction(keywords, name: display(c.name()))
        case "TABLE", "VIEW", "MATERIALIZED": return dropRelations(&c)
        case "TRIGGER":
            // RemoveTriggerById opens the table with AccessExclusiveLock (CREATE TRIGGER takes SHARE ROW EXCLUSIVE).
            c.index += 1
            c.skipIfExists()
            let trigger = display(c.name()) ?? "?"
            let table = c.accept("ON") ? c.name() : nil
            return StatementTraits(lock: .accessExclusive, lockTarget: display(table),
                                   summary: "DROP TRIGGER \(trigger)" + (display(table).map { " ON \($0)" } ?? ""))
        default: return generic("DROP", &c)
        }
    }

    /// DROP TABLE / VIEW / MATERIALIZED VIEW [IF EXISTS] a [, b …]: ACCESS EXCLUSIVE on each; the first is the target.
    static func dropRelations(_ c: inout TokenCursor) -> StatementTraits {
        let kind = c.skip(["TABLE", "VIEW", "MATERIALIZED"]).joined(separator: " ")
        c.skipIfExists()
        var names: [String] = []
        while let name = c.name() {
            names.append(name.joined(separator: "."))
            guard let comma = c.current, comma.isSymbol(",") else { break }
            c.index += 1
        }
        return StatementTraits(lock: .accessExclusive, lockTarget: names.first,
                               summary: (["DROP \(kind)"] + [names.joined(separator: ", ")]).filter { !$0.isEmpty }
                                   .joined(separator: " "))
    }

    static func alter(_ c: inout TokenCursor) -> StatementTraits {
        switch c.keyword() {
        case "TABLE": c.index += 1; return alterTable(&c)
        case "INDEX":
            c.index += 1
            c.skipIfExists()
            return traits("ALTER INDEX", c.name(), lock: .accessExclusive)
        case "VIEW", "MATERIALIZED":
            let kind = c.skip(["VIEW", "MATERIALIZED"]).joined(separator: " ")
            c.skipIfExists()
            return traits("ALTER \(kind)", c.name(), lock: .accessExclusive)
        case "SYSTEM": return .outsideTransaction("ALTER SYSTEM")
        case "DATABASE":
            c.index += 1
            let name = display(c.name())
            if c.accept("SET", "TABLESPACE") { return .outsideTransaction("ALTER DATABASE … SET TABLESPACE", name: name) }
            return traits("ALTER DATABASE", name.map { [$0] })
        case "TYPE": c.index += 1; return alterType(&c)
        default: return generic("ALTER", &c)
        }
    }

    /// ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v': runs in a transaction, but the value cannot be used
    /// before that transaction commits (checked per migration by `PlannedMigration`).
    static func alterType(_ c: inout TokenCursor) -> StatementTraits {
        let name = display(c.name()) ?? "?"
        guard c.accept("ADD", "VALUE") else { return StatementTraits(summary: "ALTER TYPE \(name)") }
        c.skipIfExists()
        let value = c.current?.kind == .string ? " '\(c.current!.text)'" : ""
        return StatementTraits(summary: "ALTER TYPE \(name) ADD VALUE\(value)")
    }
}
