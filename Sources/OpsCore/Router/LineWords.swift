/// The words of a console line for the exact syntax, read the way a shell reads the same command on the
/// command line, so a command the tool suggests (`resolve local '2025…_x$(touch /tmp/p)' --rolled-back`, or
/// `$'…\n…'` for a name with a control character — see `ShellWord`) means the same in the console:
///
/// - whitespace separates words; `'…'` is literal text without its quotes; `$'…'` decodes backslash escapes;
///   outside quotes `\'`, `\"`, `\\` and `\ ` stand for the character (other backslashes are kept: `\q`);
/// - `"…"` is kept with its quotes: it is an SQL identifier (`describe local "My Table"`), and commands that
///   take plain names drop them (`LineWords.unquoted`).
///
/// nil when a quote is not closed: the line is then not exact syntax.
public enum LineWords {
    public static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var chars = Substring(line)
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case _ where c.isWhitespace:
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                guard let end = chars.firstIndex(of: "'") else { return nil }
                current += chars[..<end]
                chars = chars[chars.index(after: end)...]
                inWord = true
            case "\\" where chars.first.map({ "'\"\\ ".contains($0) }) == true:
                // Outside quotes a backslash keeps a quote, a backslash or a space as it is (`'it'\''s'`);
                // before anything else it is itself (`\q`, `\d users`, psql's words).
                current.append(chars.first!)
                chars = chars.dropFirst()
                inWord = true
            case "$" where chars.first == "'":
                guard let (text, rest) = ansiC(chars.dropFirst()) else { return nil }
                current += text
                chars = rest
                inWord = true
            case "\"":
                guard let end = closingDoubleQuote(chars) else { return nil }
                current += "\"" + chars[..<end] + "\""
                chars = chars[chars.index(after: end)...]
                inWord = true
            default:
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// A word without the double quotes around it (`"staging"` → `staging`), for arguments that are names.
    public static func unquoted(_ word: String) -> String {
        guard word.count >= 2, word.hasPrefix("\""), word.hasSuffix("\"") else { return word }
        return String(word.dropFirst().dropLast()).replacingAll("\"\"", with: "\"")
    }

    /// The `"` that closes a double-quoted identifier (`""` inside is an escaped quote).
    private static func closingDoubleQuote(_ text: Substring) -> Substring.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\"" {
                let next = text.index(after: i)
                if next < text.endIndex, text[next] == "\"" { i = text.index(after: next); continue }
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// The inside of `$'…'` (after `$'`), decoded: `\n \t \r \e \a \b \\ \' \" \xHH \u{H…}`.
    private static func ansiC(_ text: Substring) -> (String, Substring)? {
        var out = "", rest = text
        while let c = rest.first {
            rest = rest.dropFirst()
            if c == "'" { return (out, rest) }
            guard c == "\\", let e = rest.first else { out.append(c); continue }
            rest = rest.dropFirst()
            switch e {
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "e", "E": out += "\u{1B}"
            case "a": out += "\u{07}"
            case "b": out += "\u{08}"
            case "x":
                let hex = rest.prefix { $0.isHexDigit }.prefix(2)
                guard let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) else { return nil }
                out.unicodeScalars.append(s)
                rest = rest.dropFirst(hex.count)
            case "u" where rest.first == "{":
                guard let close = rest.firstIndex(of: "}"), let v = UInt32(rest[rest.index(after: rest.startIndex)..<close], radix: 16),
                      let s = Unicode.Scalar(v) else { return nil }
                out.unicodeScalars.append(s)
                rest = rest[rest.index(after: close)...]
            default: out.append(e)
            }
        }
        return nil
    }
}
