/// Splits one statement's text into tokens, skipping comments (`--`, nested `/* */`) and whitespace.
/// Quoting follows the same rules as `SQLScript`, so a semicolon or keyword inside a string, quoted
/// identifier or dollar-quoted body is never mistaken for structure.
enum SQLTokenizer {
    static func tokens(_ text: String) -> [SQLToken] {
        var lexer = Lexer(Array(text))
        return lexer.run()
    }
}

private struct Lexer {
    let chars: [Character]
    var i = 0
    var out: [SQLToken] = []

    init(_ chars: [Character]) { self.chars = chars }

    func peek(_ offset: Int = 1) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }

    mutating func run() -> [SQLToken] {
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-" && peek() == "-" { skipLineComment(); continue }
            if c == "/" && peek() == "*" { skipBlockComment(); continue }
            let start = i, count = out.count
            if c == "'" {
                out.append(SQLToken(kind: .string, text: quoted("'", escapes: false)))
            } else if c == "\"" {
                out.append(SQLToken(kind: .quoted, text: quoted("\"", escapes: false)))
            } else if c == "$", let tag = SQLScript.dollarTag(chars, at: i) {
                dollar(tag)
            } else if c.isLetter || c == "_" {
                word()
            } else if c.isNumber {
                number()
            } else {
                out.append(SQLToken(kind: .symbol, text: String(c)))
                i += 1
            }
            if out.count > count {
                out[out.count - 1].offset = start
                out[out.count - 1].length = i - start
            }
        }
        return out
    }

    mutating func word() {
        let start = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "$" { i += 1 }
        let text = String(chars[start..<i])
        if i < chars.count, chars[i] == "'", text == "E" || text == "e" {
            out.append(SQLToken(kind: .string, text: quoted("'", escapes: true)))
            return
        }
        out.append(SQLToken(kind: .word, text: text))
    }

    mutating func number() {
        let start = i
        while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
        out.append(SQLToken(kind: .number, text: String(chars[start..<i])))
    }

    /// Reads a quoted run starting at the opening quote; doubled quotes stand for one.
    mutating func quoted(_ quote: Character, escapes: Bool) -> String {
        var text = ""
        i += 1
        while i < chars.count {
            let c = chars[i]
            if escapes && c == "\\", i + 1 < chars.count { text.append(chars[i + 1]); i += 2; continue }
            if c == quote {
                if peek() == quote { text.append(quote); i += 2; continue }
                i += 1
                return text
            }
            text.append(c)
            i += 1
        }
        return text
    }

    mutating func dollar(_ tag: [Character]) {
        i += tag.count
        let start = i
        while i < chars.count && !SQLScript.matches(chars, at: i, tag) { i += 1 }
        out.append(SQLToken(kind: .dollar, text: String(chars[start..<min(i, chars.count)])))
        i += tag.count
    }

    mutating func skipLineComment() { i = SQLScript.endOfLineComment(chars, from: i) }

    mutating func skipBlockComment() { i = SQLScript.endOfBlockComment(chars, from: i).end }
}
