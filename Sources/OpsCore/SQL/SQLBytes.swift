/// The lexical rules the statement splitter (`SQLScript`) and the tokenizer (`SQLTokenizer`) share, over
/// UTF-8 bytes: quotes (`'…'`, `E'…'`, `"…"`), dollar quotes (`$tag$…$tag$`), comments (`--`, nested
/// `/* */`) and line counting. Bytes, not `Character`s: a `Character` costs 16 bytes and grapheme breaking,
/// which made a 50 MB migration cost 800 MB and minutes. Multi-byte characters only ever appear inside
/// names, strings and comments, where every byte of them counts as a letter.
enum SQLBytes {
    typealias Buffer = UnsafeBufferPointer<UInt8>

    static let newline: UInt8 = 10, carriageReturn: UInt8 = 13

    /// A letter or `_`, or any byte of a multi-byte character (PostgreSQL allows those in identifiers).
    @inline(__always) static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 || b >= 0x80
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    @inline(__always) static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    /// ASCII whitespace.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }

    /// A line break: LF, or a CR not followed by LF (CR LF counts once, at its LF).
    @inline(__always) static func isLineBreak(_ buf: Buffer, _ i: Int) -> Bool {
        buf[i] == newline || (buf[i] == carriageReturn && (i + 1 >= buf.count || buf[i + 1] != newline))
    }

    /// The length of a `$$` or `$tag$` opening at `i` (a tag is letters, digits and underscores, not starting
    /// with a digit, and the `$` must not continue an identifier such as `a$b`); nil when there is none.
    static func dollarTag(_ buf: Buffer, at i: Int) -> Int? {
        guard buf[i] == 36 else { return nil }
        if i > 0, isIdentifierPart(buf[i - 1]) { return nil }
        var j = i + 1
        while j < buf.count, isIdentifierStart(buf[j]) || (isDigit(buf[j]) && j > i + 1) { j += 1 }
        guard j < buf.count, buf[j] == 36 else { return nil }
        return j - i + 1
    }

    /// True when the `count` bytes at `i` equal those at `tag`.
    static func matches(_ buf: Buffer, at i: Int, tag: Int, count: Int) -> Bool {
        guard i + count <= buf.count else { return false }
        for k in 0..<count where buf[i + k] != buf[tag + k] { return false }
        return true
    }

    /// Where a `--` comment starting at `i` ends: at its line break, which is not part of it.
    static func endOfLineComment(_ buf: Buffer, from i: Int) -> Int {
        var i = i
        while i < buf.count, buf[i] != newline, buf[i] != carriageReturn { i += 1 }
        return i
    }

    /// Where a `/* … */` comment starting at `i` ends (they nest), and the line breaks inside it.
    static func endOfBlockComment(_ buf: Buffer, from start: Int) -> (end: Int, lines: Int) {
        var i = start, depth = 0, lines = 0
        repeat {
            let next: UInt8? = i + 1 < buf.count ? buf[i + 1] : nil
            if buf[i] == 47 && next == 42 { depth += 1; i += 2; continue }      // /*
            if buf[i] == 42 && next == 47 { depth -= 1; i += 2; continue }      // */
            if isLineBreak(buf, i) { lines += 1 }
            i += 1
        } while depth > 0 && i < buf.count
        return (min(i, buf.count), lines)
    }

    /// Where a quoted run opening at `i` ends (just past the closing quote; doubled quotes stand for one;
    /// with `escapes`, a backslash escapes the next byte, as in `E'…'`), and the line breaks inside it.
    static func endOfQuoted(_ buf: Buffer, from i: Int, escapes: Bool) -> (end: Int, lines: Int) {
        let quote = buf[i]
        var j = i + 1, lines = 0
        while j < buf.count {
            if isLineBreak(buf, j) { lines += 1 }
            if escapes && buf[j] == 92 { j += 2; continue }
            if buf[j] == quote {
                if j + 1 < buf.count, buf[j + 1] == quote { j += 2; continue }
                return (j + 1, lines)
            }
            j += 1
        }
        return (buf.count, lines)
    }

    /// Where a dollar-quoted body opening at `i` (with a tag of `tagLength` bytes) ends, past its closing tag.
    static func endOfDollarQuoted(_ buf: Buffer, from i: Int, tagLength: Int) -> (end: Int, lines: Int) {
        var j = i + tagLength, lines = 0
        while j < buf.count && !matches(buf, at: j, tag: i, count: tagLength) {
            if isLineBreak(buf, j) { lines += 1 }
            j += 1
        }
        return (min(j + tagLength, buf.count), lines)
    }

    /// `E'…'`/`e'…'`: the quote at `i` follows a lone E (not the end of a longer word).
    static func isEscapeString(_ buf: Buffer, quoteAt i: Int) -> Bool {
        guard i > 0, buf[i - 1] == 69 || buf[i - 1] == 101 else { return false }
        return i < 2 || !isIdentifierPart(buf[i - 2])
    }
}
