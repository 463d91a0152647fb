/// Splits one statement's text into tokens, skipping comments (`--`, nested `/* */`) and whitespace.
/// Quoting follows the same rules as `SQLScript` (`SQLBytes`), so a semicolon or keyword inside a string,
/// quoted identifier or dollar-quoted body is never mistaken for structure.
enum SQLTokenizer {
    /// Every token; with `limit`, at most that many (the head of a huge `INSERT` is all a classifier reads).
    static func tokens(_ text: String, limit: Int = .max) -> [SQLToken] {
        var copy = text
        return copy.withUTF8 { buffer in
            var lexer = Lexer(buffer, limit: limit)
            return lexer.run()
        }
    }
}

private struct Lexer {
    let buf: SQLBytes.Buffer
    let limit: Int
    var i = 0
    var out: [SQLToken] = []

    init(_ buf: SQLBytes.Buffer, limit: Int) {
        self.buf = buf
        self.limit = limit
    }

    mutating func run() -> [SQLToken] {
        while i < buf.count, out.count < limit {
            let b = buf[i]
            let following: UInt8? = i + 1 < buf.count ? buf[i + 1] : nil
            if SQLBytes.isSpace(b) { i += 1; continue }
            if b == 45 && following == 45 { i = SQLBytes.endOfLineComment(buf, from: i); continue }
            if b == 47 && following == 42 { i = SQLBytes.endOfBlockComment(buf, from: i).end; continue }
            let start = i
            if b == 39 {
                quoted(.string, escapes: false)
            } else if b == 34 {
                quoted(.quoted, escapes: false)
            } else if b == 36, let tag = SQLBytes.dollarTag(buf, at: i) {
                var close = i + tag
                while close < buf.count && !SQLBytes.matches(buf, at: close, tag: i, count: tag) { close += 1 }
                let end = min(close + tag, buf.count)
                append(.dollar, text(i + tag, close), start: start, end: end)
                i = end
            } else if SQLBytes.isIdentifierStart(b) {
                word()
            } else if SQLBytes.isDigit(b) {
                while i < buf.count, SQLBytes.isDigit(buf[i]) || buf[i] == 46 { i += 1 }
                append(.number, text(start, i), start: start, end: i)
            } else {
                i += Self.characterLength(b)
                append(.symbol, text(start, min(i, buf.count)), start: start, end: min(i, buf.count))
            }
        }
        return out
    }

    mutating func word() {
        let start = i
        while i < buf.count, SQLBytes.isIdentifierPart(buf[i]) || buf[i] == 36 { i += 1 }
        if i < buf.count, buf[i] == 39, i - start == 1, buf[start] == 69 || buf[start] == 101 {   // E'…'
            i = start + 1
            quoted(.string, escapes: true, start: start)
            return
        }
        append(.word, text(start, i), start: start, end: i)
    }

    /// A quoted run at `i`; the token's text is its content with doubled quotes (and escapes) undone.
    mutating func quoted(_ kind: SQLToken.Kind, escapes: Bool, start: Int? = nil) {
        let quote = buf[i]
        var content: [UInt8] = []
        var j = i + 1
        while j < buf.count {
            let c = buf[j]
            if escapes && c == 92, j + 1 < buf.count { content.append(buf[j + 1]); j += 2; continue }
            if c == quote {
                if j + 1 < buf.count, buf[j + 1] == quote { content.append(quote); j += 2; continue }
                j += 1
                break
            }
            content.append(c)
            j += 1
        }
        append(kind, String(decoding: content, as: UTF8.self), start: start ?? i, end: j)
        i = j
    }

    mutating func append(_ kind: SQLToken.Kind, _ text: String, start: Int, end: Int) {
        out.append(SQLToken(kind: kind, text: text, offset: start, length: end - start))
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[from..<max(from, to)]), as: UTF8.self)
    }

    /// Bytes in the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    static func characterLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
