/// A table name as typed after `describe ENV`: `users`, `public.users`, `"My Table"`, `"sales"."Q1 orders"`.
/// Double quotes keep case, dots and spaces, with `""` for a quote inside, as in SQL; an unquoted part is one
/// word. Anything else (`x"; drop table y; --`) is not a name, and `describe` says so instead of guessing.
public struct TableName: Equatable, Sendable {
    public var schema: String?
    public var table: String
    /// Whether the table part was quoted: then only its exact spelling matches.
    public var quoted: Bool

    public init(schema: String? = nil, table: String, quoted: Bool = false) {
        self.schema = schema
        self.table = table
        self.quoted = quoted
    }

    /// nil when `text` is not one or two dot-separated identifiers.
    public static func parse(_ text: String) -> TableName? {
        var parts: [(String, Bool)] = []
        var chars = Substring(text)
        while true {
            guard let (part, wasQuoted, rest) = identifier(chars) else { return nil }
            parts.append((part, wasQuoted))
            chars = rest
            if chars.isEmpty { break }
            guard chars.first == ".", parts.count < 2 else { return nil }
            chars = chars.dropFirst()
        }
        if parts.count == 1 { return TableName(table: parts[0].0, quoted: parts[0].1) }
        return TableName(schema: parts[0].0, table: parts[1].0, quoted: parts[1].1)
    }

    /// One identifier at the start of `text`: `"…"` (non-empty, `""` escapes a quote) or a run of letters,
    /// digits, `_` and `$`, as PostgreSQL reads an unquoted name.
    private static func identifier(_ text: Substring) -> (String, Bool, Substring)? {
        if text.first == "\"" {
            var out = "", rest = text.dropFirst()
            while let c = rest.first {
                rest = rest.dropFirst()
                if c == "\"" {
                    guard rest.first == "\"" else { return out.isEmpty ? nil : (out, true, rest) }
                    rest = rest.dropFirst()
                }
                out.append(c)
            }
            return nil
        }
        let word = text.prefix { c in c.isLetter || c.isNumber || c == "_" || c == "$" }
        guard !word.isEmpty else { return nil }
        let rest = text[word.endIndex...]
        if let next = rest.first, next != "." { return nil }
        return (String(word), false, rest)
    }

    /// The snapshot name (`schema.table`) this names among `tables`: the exact spelling first, then — for an
    /// unquoted name — the only table whose name matches ignoring case (Prisma's `"User"` as `user`).
    public func resolve(in tables: [String]) -> String? {
        let schema = self.schema ?? "public"
        let exact = schema + "." + table
        if tables.contains(exact) { return exact }
        guard !quoted else { return nil }
        let lowered = exact.lowercased()
        let matches = tables.filter { $0.lowercased() == lowered }
        return matches.count == 1 ? matches[0] : nil
    }
}
