/// Lists the objects a migration's SQL creates, alters, drops or renames, by reading each statement's
/// head (CREATE TABLE with its columns and constraints, CREATE INDEX, ALTER TABLE actions, CREATE TYPE …
/// AS ENUM, views, functions, sequences, triggers, extensions, DROP …). DO blocks and statements it
/// does not understand contribute nothing: the caller treats "no references" as "cannot tell".
public enum SQLObjectExtractor {
    public static func references(in sql: String, defaultSchema: String = "public") -> [ObjectReference] {
        SQLScript(sql).executable.flatMap { statement in
            var reader = ReferenceReader(TokenCursor.head(of: statement.text), schema: defaultSchema)
            return reader.read()
        }
    }
}

/// Reads one statement; the helpers qualify names with the default schema as PostgreSQL's search_path would.
struct ReferenceReader {
    var c: TokenCursor
    let schema: String
    var out: [ObjectReference] = []

    init(_ cursor: TokenCursor, schema: String) {
        self.c = cursor
        self.schema = schema
    }

    /// `schema.name` for a one-part name, the written qualification otherwise.
    func qualify(_ parts: [String]) -> String { (parts.count == 1 ? [schema] + parts : parts).joined(separator: ".") }

    mutating func add(_ kind: ObjectKind, _ name: String, _ action: ObjectReference.Action, from: String? = nil) {
        out.append(ObjectReference(kind: kind, name: name, action: action, renamedFrom: from))
    }

    mutating func read() -> [ObjectReference] {
        switch c.keyword() {
        case "CREATE": c.index += 1; create()
        case "ALTER": c.index += 1; alter()
        case "DROP": c.index += 1; drop()
        default: break
        }
        return out
    }

    mutating func create() {
        _ = c.accept("OR", "REPLACE")
        c.skip(["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "RECURSIVE", "TRUSTED", "PROCEDURAL", "CONSTRAINT"])
        let kind = c.keyword()
        c.index += 1
        switch kind {
        case "TABLE": createTable()
        case "UNIQUE", "INDEX": createIndex()
        case "TYPE":
            if let name = c.name(), c.accept("AS", "ENUM") { add(.enum, qualify(name), .created) }
        case "VIEW": simple(.view)
        case "MATERIALIZED": if c.accept("VIEW") { simple(.materializedView) }
        case "FUNCTION", "PROCEDURE": if let name = functionName() { add(.function, name, .created) }
        case "SEQUENCE": simple(.sequence)
        case "TRIGGER": createTrigger()
        case "EXTENSION", "SCHEMA":
            c.skipIfExists()
            if let name = c.name() { add(kind == "SCHEMA" ? .schema : .extension, name.joined(separator: "."), .created) }
        default: break
        }
    }

    mutating func simple(_ kind: ObjectKind) {
        c.skipIfExists()
        if let name = c.name() { add(kind, qualify(name), .created) }
    }

    /// `name(args)` → `schema.name(args as written)`; `schema.name()` without arguments.
    mutating func functionName() -> String? {
        guard let name = c.name() else { return nil }
        let args = (c.group() ?? []).map { $0.kind == .quoted ? "\"\($0.text)\"" : $0.text }
        let text = args.joined(separator: " ").replacingAll(" ,", with: ",").replacingAll(" (", with: "(")
            .replacingAll("( ", with: "(").replacingAll(" )", with: ")")
        return qualify(name) + "(" + text + ")"
    }

    mutating func createTrigger() {
        guard let trigger = c.name(), c.advance(past: "ON"), let table = c.name() else { return }
        add(.trigger, qualify(table) + "." + trigger.last!, .created)
    }

    mutating func createIndex() {
        if c.keyword() == "INDEX" { c.index += 1 }
        _ = c.accept("CONCURRENTLY")
        c.skipIfExists()
        let index = c.keyword() == "ON" ? nil : c.name()
        guard c.accept("ON") else { return }
        _ = c.accept("ONLY")
        guard let index, let table = c.name() else { return }
        add(.index, qualify(table) + "." + index.last!, .created)
    }

    /// The table, then each column and named (or primary key) constraint of its element list.
    mutating func createTable() {
        c.skipIfExists()
        guard let name = c.name() else { return }
        let table = qualify(name)
        add(.table, table, .created)
        guard let body = c.group() else { return }
        for element in TokenCursor.splitAtCommas(body) { tableElement(element, table: table, bare: name.last!) }
    }

    mutating func tableElement(_ element: [SQLToken], table: String, bare: String) {
        guard let first = element.first else { return }
        let tableConstraints: Set<String> = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"]
        if !tableConstraints.contains(first.keyword), first.isIdentifier {
            add(.column, table + "." + first.identifier, .created)
        }
        if let k = element.firstIndex(where: { $0.keyword == "CONSTRAINT" }), k + 1 < element.count,
           element[k + 1].isIdentifier {
            add(.constraint, table + "." + element[k + 1].identifier, .created)
        } else if element.contains(where: { $0.keyword == "PRIMARY" }) {
            add(.constraint, table + "." + bare + "_pkey", .created)   // PostgreSQL's default name
        }
    }
}
