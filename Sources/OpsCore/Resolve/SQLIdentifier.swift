/// Identifier quoting for the SQL that `resolve` suggests (text only): bare when PostgreSQL would read the
/// name back unchanged, double-quoted otherwise.
enum SQLIdentifier {
    /// Reserved words that cannot be bare identifiers (PostgreSQL's "reserved" column, the common ones).
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "both", "case", "cast", "check", "collate",
        "column", "constraint", "create", "current_date", "current_user", "default", "deferrable", "desc",
        "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group",
        "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "not",
        "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
        "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
        "using", "variadic", "when", "where", "window", "with",
    ]

    static func quoted(_ name: String) -> String {
        let simple = name.first.map { $0 == "_" || ($0.isASCII && $0.isLowercase) } == true
            && name.allSatisfy { $0 == "_" || $0 == "$" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
        if simple && !reserved.contains(name) { return name }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `public.personal_models` → `public.personal_models`; `public.Users` → `public."Users"`.
    static func qualified(_ parts: [Substring]) -> String { parts.map { quoted(String($0)) }.joined(separator: ".") }
}
