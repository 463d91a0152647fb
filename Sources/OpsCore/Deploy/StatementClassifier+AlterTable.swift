/// ALTER TABLE: the lock is the strongest one among its comma-separated actions (PostgreSQL docs,
/// ALTER TABLE: "the lock level used is the highest required by any subcommand").
extension StatementClassifier {
    static func alterTable(_ c: inout TokenCursor) -> StatementTraits {
        c.skipIfExists()
        _ = c.accept("ONLY")
        guard let table = c.name() else { return StatementTraits(summary: "ALTER TABLE") }
        if let star = c.current, star.isSymbol("*") { c.index += 1 }
        var lock: LockLevel = .shareUpdateExclusive
        var detachConcurrently = false
        let actions = TokenCursor.splitAtCommas(c.rest)
        for action in actions {
            let (level, concurrently) = alterTableAction(action)
            lock = max(lock, level)
            detachConcurrently = detachConcurrently || concurrently
        }
        if actions.isEmpty { lock = .accessExclusive }
        let name = display(table)
        if detachConcurrently {
            return .outsideTransaction("ALTER TABLE", name: name,
                                       reason: "ALTER TABLE … DETACH PARTITION … CONCURRENTLY cannot run inside a transaction block",
                                       lock: lock, target: name)
        }
        return traits("ALTER TABLE", table, lock: lock)
    }

    /// The lock one action takes, and whether it is DETACH PARTITION … CONCURRENTLY.
    static func alterTableAction(_ tokens: [SQLToken]) -> (LockLevel, Bool) {
        var c = TokenCursor(tokens)
        let words = Set(tokens.filter { $0.kind == .word }.map(\.keyword))
        switch c.keyword() {
        case "ADD":
            c.index += 1
            if c.accept("CONSTRAINT") { _ = c.name() }
            // A foreign key takes SHARE ROW EXCLUSIVE on both tables; ADD COLUMN … REFERENCES is still ADD COLUMN.
            return (c.keyword() == "FOREIGN" ? .shareRowExclusive : .accessExclusive, false)
        case "VALIDATE", "ATTACH", "CLUSTER": return (.shareUpdateExclusive, false)
        case "DETACH":
            if words.contains("CONCURRENTLY") { return (.shareUpdateExclusive, true) }
            return (words.contains("FINALIZE") ? .shareUpdateExclusive : .accessExclusive, false)
        case "ENABLE", "DISABLE":
            let trigger = c.keyword(at: 1) == "TRIGGER" || c.keyword(at: 2) == "TRIGGER"
            return (trigger ? .shareRowExclusive : .accessExclusive, false)
        case "SET":
            return (c.accept("SET", "WITHOUT", "CLUSTER") ? .shareUpdateExclusive : .accessExclusive, false)
        case "ALTER":
            // ALTER [COLUMN] c SET STATISTICS n
            return (words.contains("STATISTICS") ? .shareUpdateExclusive : .accessExclusive, false)
        default:
            return (.accessExclusive, false)
        }
    }
}
