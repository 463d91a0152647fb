/// ALTER and DROP: what a migration changes, renames or removes.
extension ReferenceReader {
    mutating func alter() {
        let kind = c.keyword()
        c.index += 1
        switch kind {
        case "TABLE": alterTable()
        case "TYPE":
            guard let name = c.name() else { return }
            if c.accept("ADD", "VALUE") { add(.enum, qualify(name), .altered) }
            if c.accept("RENAME", "TO"), let new = c.name() {
                add(.enum, sibling(of: qualify(name), new.last!), .renamed, from: qualify(name))
            }
        case "INDEX":
            c.skipIfExists()
            guard let name = c.name(), c.accept("RENAME", "TO"), let new = c.name() else { return }
            add(.index, sibling(of: qualify(name), new.last!), .renamed, from: qualify(name))
        default: break
        }
    }

    /// `schema.new` for a rename of `schema.old`: ALTER … RENAME TO keeps the schema.
    func sibling(of qualified: String, _ new: String) -> String { String(qualified.prefix { $0 != "." }) + "." + new }

    mutating func alterTable() {
        c.skipIfExists()
        _ = c.accept("ONLY")
        guard let name = c.name() else { return }
        let table = qualify(name)
        if let star = c.current, star.isSymbol("*") { c.index += 1 }
        for action in TokenCursor.splitAtCommas(c.rest) {
            var reader = ReferenceReader(TokenCursor(action), schema: schema)
            reader.tableAction(table: table, bare: name.last!)
            out += reader.out
        }
    }

    /// One ALTER TABLE action, read from its own cursor.
    mutating func tableAction(table: String, bare: String) {
        let verb = c.keyword()
        c.index += 1
        switch verb {
        case "ADD":
            if c.accept("CONSTRAINT"), let name = c.name() { return add(.constraint, table + "." + name.last!, .created) }
            if c.keyword() == "PRIMARY" { return add(.constraint, table + "." + bare + "_pkey", .created) }
            if ["UNIQUE", "CHECK", "FOREIGN", "EXCLUDE"].contains(c.keyword()) { return }
            _ = c.accept("COLUMN")
            c.skipIfExists()
            if let column = c.name() { add(.column, table + "." + column.last!, .created) }
        case "DROP":
            let kind: ObjectKind = c.accept("CONSTRAINT") ? .constraint : .column
            _ = c.accept("COLUMN")
            c.skipIfExists()
            if let name = c.name() { add(kind, table + "." + name.last!, .dropped) }
        case "RENAME": renameInTable(table)
        case "ALTER":
            _ = c.accept("COLUMN")
            if let column = c.name() { add(.column, table + "." + column.last!, .altered) }
        default: break
        }
    }

    mutating func renameInTable(_ table: String) {
        if c.accept("TO"), let new = c.name() {
            return add(.table, sibling(of: table, new.last!), .renamed, from: table)
        }
        let kind: ObjectKind = c.accept("CONSTRAINT") ? .constraint : .column
        _ = c.accept("COLUMN")
        guard let old = c.name(), c.accept("TO"), let new = c.name() else { return }
        add(kind, table + "." + new.last!, .renamed, from: table + "." + old.last!)
    }

    static let droppable: [String: ObjectKind] = [
        "TABLE": .table, "VIEW": .view, "INDEX": .index, "SEQUENCE": .sequence, "TYPE": .enum,
        "FUNCTION": .function, "PROCEDURE": .function, "EXTENSION": .extension, "SCHEMA": .schema,
    ]

    mutating func drop() {
        var kind = Self.droppable[c.keyword()]
        if c.accept("MATERIALIZED", "VIEW") { kind = .materializedView } else if kind != nil { c.index += 1 }
        if c.keyword() == "TRIGGER" { c.index += 1; return dropTrigger() }
        guard let kind else { return }
        _ = c.accept("CONCURRENTLY")
        c.skipIfExists()
        while true {
            let start = c.index
            guard let name = c.name() else { break }
            switch kind {
            case .extension, .schema: add(kind, name.joined(separator: "."), .dropped)
            case .function:
                c.index = start   // read again with its argument list
                add(.function, functionName() ?? qualify(name), .dropped)
            default: add(kind, qualify(name), .dropped)
            }
            guard let comma = c.current, comma.isSymbol(",") else { break }
            c.index += 1
        }
    }

    mutating func dropTrigger() {
        c.skipIfExists()
        guard let trigger = c.name(), c.accept("ON"), let table = c.name() else { return }
        add(.trigger, qualify(table) + "." + trigger.last!, .dropped)
    }
}
