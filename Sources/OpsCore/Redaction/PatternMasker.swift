/// The credential shapes the redactor masks without being told the secret, matched by hand over UTF-8
/// bytes in one pass (linear in the text, whatever it holds):
///
/// - `scheme://user:PASS@host` → `scheme://user:***@host`; the password ends at the last `@` before the
///   host's `/` or `?`, so an unencoded `@` or `/` in it is masked too;
/// - `password=…`, `pass=…`, `PGPASSWORD=…`, `POSTGRES_PASSWORD=…` (the value, quoted or not);
/// - SQL literals: `PASSWORD '…'` (`CREATE ROLE … PASSWORD 'x'`);
/// - `Bearer <token>` and `sk-…` API keys.
enum PatternMasker {
    static let maskBytes = Array(Redactor.mask.utf8)

    /// The masked bytes, or nil when nothing looked like a credential.
    static func mask(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0, changed = false
        var ahead = Lookahead()
        while i < bytes.count {
            if let next = maskOne(bytes, at: i, into: &out, &ahead) {
                i = next
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? out : nil
    }

    /// The next whitespace and the next `@` at or after a position, remembered between calls so that a
    /// long token with many `://` in it is scanned once, not once per `://`.
    struct Lookahead {
        private var space = -1, at = -1

        mutating func nextSpace(_ b: [UInt8], from i: Int) -> Int {
            if space < i {
                space = i
                while space < b.count, !isSpace(b[space]) { space += 1 }
            }
            return space
        }

        mutating func nextAt(_ b: [UInt8], from i: Int) -> Int {
            if at < i {
                at = i
                while at < b.count, b[at] != UInt8(ascii: "@") { at += 1 }
            }
            return at
        }
    }

    /// When a credential starts at `i`: appends its masked form and returns where scanning resumes.
    private static func maskOne(_ b: [UInt8], at i: Int, into out: inout [UInt8], _ ahead: inout Lookahead) -> Int? {
        switch lower(b[i]) {
        case UInt8(ascii: ":"): return urlPassword(b, at: i, into: &out, &ahead)
        case UInt8(ascii: "p"): return keywordPassword(b, at: i, into: &out) ?? sqlPassword(b, at: i, into: &out)
        case UInt8(ascii: "b"): return bearer(b, at: i, into: &out)
        case UInt8(ascii: "s"): return apiKey(b, at: i, into: &out)
        default: return nil
        }
    }

    // MARK: - The shapes

    /// At the `:` of `scheme://`: copies `://user:` and masks the password.
    private static func urlPassword(_ b: [UInt8], at i: Int, into out: inout [UInt8], _ ahead: inout Lookahead) -> Int? {
        guard matches(b, at: i, Array("://".utf8)), i > 0, isSchemeByte(b[i - 1]) else { return nil }
        let start = i + 3
        let end = ahead.nextSpace(b, from: start)
        // user: up to the first ':' (the password follows), unless '/' or '@' comes first (no password).
        var colon = start
        while colon < end, b[colon] != UInt8(ascii: ":"), b[colon] != UInt8(ascii: "/"), b[colon] != UInt8(ascii: "@") {
            colon += 1
        }
        guard colon < end, b[colon] == UInt8(ascii: ":") else { return nil }
        let firstAt = ahead.nextAt(b, from: colon + 1)
        guard firstAt < end else { return nil }
        // The host starts after the last '@' that comes before the first '/' or '?' following the first '@'.
        let hostEnd = b[firstAt..<end].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? end
        let lastAt = b[firstAt..<hostEnd].lastIndex(of: UInt8(ascii: "@")) ?? firstAt
        guard lastAt > colon + 1 else { return nil }
        out += b[i...colon]
        out += maskBytes
        return lastAt
    }

    /// `password=`, `pass=`, `pgpassword =`, `DB_PASS=`…: the key (with its `=` and spaces) kept, the value masked.
    private static func keywordPassword(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard let afterKey = passwordKey(b, at: i) else { return nil }
        var j = skipSpaces(b, afterKey)
        guard j < b.count, b[j] == UInt8(ascii: "=") else { return nil }
        j = skipSpaces(b, j + 1)
        guard j < b.count else { return nil }
        var end = j
        if b[j] == UInt8(ascii: "'"), let close = closingQuote(b, from: j + 1, backslashEscapes: true) {
            end = close + 1
        } else {
            while end < b.count, !isSpace(b[end]), !"&;,".utf8.contains(b[end]) { end += 1 }
        }
        guard end > j else { return nil }
        out += b[i..<j]
        out += maskBytes
        return end
    }

    /// `[pg]pass[word]` starting at `i` after a word boundary or `_`; returns the index after it.
    private static func passwordKey(_ b: [UInt8], at i: Int) -> Int? {
        guard i == 0 || !isWordByte(b[i - 1]) || b[i - 1] == UInt8(ascii: "_") else { return nil }
        var j = i
        if matchesLower(b, at: j, "pgpass") { j += 2 }
        guard matchesLower(b, at: j, "pass") else { return nil }
        j += 4
        if matchesLower(b, at: j, "word") { j += 4 }
        return j
    }

    /// `PASSWORD 'secret'` (SQL string literal, `''` doubling): keeps `PASSWORD '`, masks the inside.
    private static func sqlPassword(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard i == 0 || !isWordByte(b[i - 1]), matchesLower(b, at: i, "password") else { return nil }
        let spaces = skipSpaces(b, i + 8)
        guard spaces > i + 8, spaces < b.count, b[spaces] == UInt8(ascii: "'"),
              let close = closingQuote(b, from: spaces + 1, backslashEscapes: false) else { return nil }
        out += b[i...spaces]
        out += maskBytes
        out.append(UInt8(ascii: "'"))
        return close + 1
    }

    /// `Bearer <8+ token characters>`.
    private static func bearer(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard matchesLower(b, at: i, "bearer") else { return nil }
        let start = skipSpaces(b, i + 6)
        guard start > i + 6 else { return nil }
        var end = start
        while end < b.count, isTokenByte(b[end]) { end += 1 }
        guard end - start >= 8 else { return nil }
        out += b[i..<start]
        out += maskBytes
        return end
    }

    /// `sk-` and 12+ key characters, after a word boundary: the whole key masked.
    private static func apiKey(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard b[i] == UInt8(ascii: "s"), i == 0 || !isWordByte(b[i - 1]), matches(b, at: i, Array("sk-".utf8)) else {
            return nil
        }
        var end = i + 3
        while end < b.count, isWordByte(b[end]) || b[end] == UInt8(ascii: "-") { end += 1 }
        guard end - (i + 3) >= 12 else { return nil }
        out += maskBytes
        return end
    }

    // MARK: - Bytes

    static func matches(_ b: [UInt8], at i: Int, _ word: [UInt8]) -> Bool {
        guard i + word.count <= b.count else { return false }
        for k in 0..<word.count where b[i + k] != word[k] { return false }
        return true
    }

    /// Case-insensitive match of an ASCII lowercase `word`.
    static func matchesLower(_ b: [UInt8], at i: Int, _ word: String) -> Bool {
        var k = i
        for c in word.utf8 {
            guard k < b.count, lower(b[k]) == c else { return false }
            k += 1
        }
        return true
    }

    /// The index of the quote closing a literal whose content starts at `from` (`''` is an escaped quote;
    /// with `backslashEscapes`, `\'` too); nil when it is not closed.
    static func closingQuote(_ b: [UInt8], from: Int, backslashEscapes: Bool) -> Int? {
        var j = from
        while j < b.count {
            if backslashEscapes && b[j] == UInt8(ascii: "\\") { j += 2; continue }
            if b[j] == UInt8(ascii: "'") {
                if !backslashEscapes, j + 1 < b.count, b[j + 1] == UInt8(ascii: "'") { j += 2; continue }
                return j
            }
            j += 1
        }
        return nil
    }

    static func skipSpaces(_ b: [UInt8], _ from: Int) -> Int {
        var j = from
        while j < b.count, isSpace(b[j]) { j += 1 }
        return j
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
    static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }
    static func isSchemeByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 43 || c == 45 || c == 46
    }
    static func isTokenByte(_ c: UInt8) -> Bool { isWordByte(c) || "._~+/=-".utf8.contains(c) }
}
