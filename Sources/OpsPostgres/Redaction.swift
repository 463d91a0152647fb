/// Removes credentials from text that libpq or the server produced before it reaches a user:
/// connection error messages can echo parts of a conninfo, and a URL carries `user:password@`.
enum Redaction {
    /// Replaces `password=...` values (quoted or bare) and the password part of `scheme://user:pass@`.
    static func redact(_ text: String) -> String {
        guard text.contains("password") || text.contains("://") else { return text }
        var out = redactKeyword(text)
        out = redactURLCredentials(out)
        return out
    }

    private static func redactKeyword(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "password") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            // Skip optional spaces and '=' (keyword form) or a URL query `password=`.
            var i = rest.startIndex
            while i < rest.endIndex, rest[i] == " " { i = rest.index(after: i) }
            guard i < rest.endIndex, rest[i] == "=" else { continue }
            i = rest.index(after: i)
            while i < rest.endIndex, rest[i] == " " { i = rest.index(after: i) }
            result += rest[rest.startIndex..<i] + "***"
            i = skipValue(rest, from: i)
            rest = rest[i...]
        }
        return result + rest
    }

    /// Skips a libpq value: single-quoted with backslash escapes, or up to whitespace / `&`.
    private static func skipValue(_ s: Substring, from start: String.Index) -> String.Index {
        var i = start
        if i < s.endIndex, s[i] == "'" {
            i = s.index(after: i)
            while i < s.endIndex, s[i] != "'" {
                if s[i] == "\\" { i = s.index(after: i); if i == s.endIndex { break } }
                i = s.index(after: i)
            }
            return i < s.endIndex ? s.index(after: i) : i
        }
        while i < s.endIndex, !s[i].isWhitespace, s[i] != "&", s[i] != "\"" { i = s.index(after: i) }
        return i
    }

    /// `postgres://user:secret@host` → `postgres://user:***@host`.
    private static func redactURLCredentials(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0.isWhitespace }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    result += userinfo[..<colon] + ":***"
                } else {
                    result += userinfo
                }
                rest = rest[at...]
            }
        }
        return result + rest
    }
}
