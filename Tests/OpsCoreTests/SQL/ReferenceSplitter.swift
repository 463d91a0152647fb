@testable import OpsCore

/// The statement splitter as it was written first, over Swift `Character`s (16 bytes each: a 50 MB file took
/// 800 MB). Kept here as the oracle of a differential fuzz test of the byte scanner that replaced it.
enum ReferenceSplitter {
    static func split(_ sql: String) -> [SQLScript.Statement] {
        var scanner = ReferenceScanner(Array(sql))
        return scanner.run()
    }

    /// `$$` or `$tag$` starting at `i` (a tag is letters, digits, underscores, not starting with a digit).
    static func dollarTag(_ chars: [Character], at i: Int) -> [Character]? {
        var j = i + 1
        while j < chars.count, chars[j].isLetter || chars[j] == "_" || (chars[j].isNumber && j > i + 1) { j += 1 }
        guard j < chars.count, chars[j] == "$" else { return nil }
        if i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" { return nil }  // e.g. a$b
        return Array(chars[i...j])
    }

    /// Where a `--` comment starting at `i` ends (at its newline, which is not part of it).
    static func endOfLineComment(_ chars: [Character], from i: Int) -> Int {
        var i = i
        while i < chars.count && !chars[i].isNewline { i += 1 }
        return i
    }

    /// Where a `/* … */` comment starting at `i` ends (comments nest in PostgreSQL), and how many newlines it spans.
    static func endOfBlockComment(_ chars: [Character], from start: Int) -> (end: Int, newlines: Int) {
        var i = start, depth = 0, newlines = 0
        repeat {
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if chars[i] == "/" && next == "*" { depth += 1; i += 2; continue }
            if chars[i] == "*" && next == "/" { depth -= 1; i += 2; continue }
            if chars[i].isNewline { newlines += 1 }
            i += 1
        } while depth > 0 && i < chars.count
        return (i, newlines)
    }

    static func matches(_ chars: [Character], at i: Int, _ tag: [Character]) -> Bool {
        guard i + tag.count <= chars.count else { return false }
        for k in 0..<tag.count where chars[i + k] != tag[k] { return false }
        return true
    }
}

/// The state of one pass over a script; kept apart so `split` stays readable.
struct ReferenceScanner {
    let chars: [Character]
    var statements: [SQLScript.Statement] = []
    var i = 0, line = 1, start = 0, startLine = 1
    var firstReal: Int? = nil
    var word = "", previousWord = ""
    var atomicDepth = 0

    init(_ chars: [Character]) { self.chars = chars }

    func peek(_ offset: Int = 1) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }

    mutating func run() -> [SQLScript.Statement] {
        while i < chars.count {
            let c = chars[i]
            if c == "-" && peek() == "-" { endWord(); skipLineComment(); continue }
            if c == "/" && peek() == "*" { endWord(); skipBlockComment(); continue }
            if c.isNewline { line += 1 }
            if !c.isWhitespace && firstReal == nil { firstReal = line }
            if c == "'" || c == "\"" { endWord(); skipQuoted(c); continue }
            if c == "$", let tag = ReferenceSplitter.dollarTag(chars, at: i) { endWord(); skipDollarQuoted(tag); continue }
            if c.isLetter || c == "_" || (c.isNumber && !word.isEmpty) { word.append(c); i += 1; continue }
            endWord()
            if c == ";" && atomicDepth == 0 { finish(at: i) }
            i += 1
        }
        endWord()
        if start < chars.count { finish(at: chars.count) }
        return statements
    }

    /// Tracks BEGIN ATOMIC … END (with nested CASE … END) so its semicolons do not split the statement.
    mutating func endWord() {
        guard !word.isEmpty else { return }
        let w = word.uppercased()
        if atomicDepth > 0 {
            if w == "CASE" { atomicDepth += 1 } else if w == "END" { atomicDepth -= 1 }
        } else if w == "ATOMIC" && previousWord == "BEGIN" {
            atomicDepth = 1
        }
        previousWord = w
        word = ""
    }

    mutating func finish(at end: Int) {
        let text = String(chars[start..<end])
        statements.append(.init(text: text, line: firstReal ?? startLine, isEmpty: firstReal == nil, textLine: startLine))
        start = end + 1
        startLine = line
        firstReal = nil
    }

    mutating func skipLineComment() { i = ReferenceSplitter.endOfLineComment(chars, from: i) }

    mutating func skipBlockComment() {
        let (end, newlines) = ReferenceSplitter.endOfBlockComment(chars, from: i)
        i = end
        line += newlines
    }

    /// '…' (with '' doubling, and backslash escapes after E) or "…".
    mutating func skipQuoted(_ quote: Character) {
        // E'…' only when the E is a word of its own (as PostgreSQL lexes it; the first version also took xE'…').
        let escapes = quote == "'" && i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e") && previousWord == "E"
        i += 1
        while i < chars.count {
            if chars[i].isNewline { line += 1 }
            if escapes && chars[i] == "\\" { i += 2; continue }
            if chars[i] == quote {
                if peek() == quote { i += 2; continue }
                break
            }
            i += 1
        }
        i += 1
    }

    mutating func skipDollarQuoted(_ tag: [Character]) {
        i += tag.count
        while i < chars.count && !ReferenceSplitter.matches(chars, at: i, tag) {
            if chars[i].isNewline { line += 1 }
            i += 1
        }
        i += tag.count
    }
}
