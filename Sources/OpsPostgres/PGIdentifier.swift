/// The one place identifiers are turned into SQL text: values travel as `$n` parameters, but names
/// (databases in `CREATE DATABASE`, …) cannot, so they are always double-quoted here.
public enum PGIdentifier {
    /// `my "db"` → `"my ""db"""`.
    public static func quote(_ identifier: String) -> String {
        var out = "\""
        for ch in identifier {
            if ch == "\"" { out.append("\"") }
            out.append(ch)
        }
        out.append("\"")
        return out
    }
}
