/// A migration file split into statements, the way psql splits a script: semicolons end statements
/// except inside quotes ('…', E'…', "…"), dollar quotes ($tag$…$tag$), comments (--, nested /* */)
/// and SQL-standard function bodies (BEGIN ATOMIC … END). Each statement remembers where it starts, so an
/// error can name the line in the file; the deploy planner uses the same split to find statements that
/// cannot run inside a transaction.
public struct SQLScript: Sendable {
    public struct Statement: Equatable, Sendable {
        /// The statement's text without the terminating semicolon, leading comments and whitespace kept.
        public var text: String
        /// 1-based line in the file where the statement's first non-blank, non-comment character is.
        public var line: Int
        /// True when the statement is only comments/whitespace (never sent to the server).
        public var isEmpty: Bool
        /// 1-based line where `text` itself begins (right after the previous semicolon).
        public var textLine: Int

        /// The 1-based file line of a 1-based character position in `text`, as the server reports it
        /// (PG_DIAG_STATEMENT_POSITION counts characters — code points — not bytes, and CR LF as two).
        public func line(ofPosition position: Int) -> Int {
            var line = textLine
            for (i, scalar) in text.unicodeScalars.enumerated() {
                if i >= position - 1 { break }
                if scalar == "\n" { line += 1 }
            }
            return line
        }
    }

    public let statements: [Statement]

    public init(_ sql: String) {
        var all: [Statement] = []
        SQLScript.forEach(in: sql) { all.append($0) }
        statements = all
    }

    /// Statements that do something (comment-only pieces dropped).
    public var executable: [Statement] { statements.filter { !$0.isEmpty } }

    /// Calls `body` with each statement of `sql` in order, holding one at a time: a 50 MB migration is split
    /// without a second copy of it. Comment-only pieces are included (`isEmpty`).
    public static func forEach(in sql: String, _ body: (Statement) throws -> Void) rethrows {
        try scan(sql) { try body($0); return true }
    }

    /// The executable statements of `sql`, one at a time (see `forEach`).
    public static func forEachExecutable(in sql: String, _ body: (Statement) throws -> Void) rethrows {
        try scan(sql) { statement in
            if !statement.isEmpty { try body(statement) }
            return true
        }
    }

    /// Like `forEach`, stopping as soon as `body` returns false.
    public static func scan(_ sql: String, _ body: (Statement) throws -> Bool) rethrows {
        var text = sql
        try text.withUTF8 { buffer in
            var scanner = StatementScanner(buffer)
            while let statement = scanner.next() {
                guard try body(statement) else { return }
            }
        }
    }
}

/// A source of a migration's executable statements, read once in order: a file split as it is read
/// (`sql`), or statements already split (`list`, for tests and small scripts).
public enum StatementSource: Sendable {
    case sql(String)
    case list([SQLScript.Statement])

    /// Calls `body` with each executable statement until it returns false.
    public func scan(_ body: (SQLScript.Statement) throws -> Bool) rethrows {
        switch self {
        case let .sql(text):
            try SQLScript.scan(text) { statement in statement.isEmpty ? true : try body(statement) }
        case let .list(statements):
            for statement in statements where !statement.isEmpty {
                guard try body(statement) else { return }
            }
        }
    }

    /// The first executable statement for which `predicate` holds.
    public func first(where predicate: (SQLScript.Statement) -> Bool) -> SQLScript.Statement? {
        var found: SQLScript.Statement?
        scan { statement in
            if predicate(statement) { found = statement; return false }
            return true
        }
        return found
    }
}

/// One pass over a script's bytes, yielding statements as their terminating semicolons are found.
private struct StatementScanner {
    let buf: SQLBytes.Buffer
    var i = 0, line = 1, start = 0, startLine = 1
    var firstReal: Int? = nil
    /// The current word, uppercased, when it is short enough to be BEGIN, ATOMIC, CASE or END.
    var word: [UInt8] = [], wordIsLong = false
    var previousWord: [UInt8] = []
    var atomicDepth = 0

    init(_ buf: SQLBytes.Buffer) { self.buf = buf }

    mutating func next() -> SQLScript.Statement? {
        while i < buf.count {
            let b = buf[i]
            let following: UInt8? = i + 1 < buf.count ? buf[i + 1] : nil
            if b == 45 && following == 45 { endWord(); i = SQLBytes.endOfLineComment(buf, from: i); continue }   // --
            if b == 47 && following == 42 { endWord(); skip(SQLBytes.endOfBlockComment(buf, from: i)); continue }  // /*
            if SQLBytes.isLineBreak(buf, i) { line += 1 }
            if !SQLBytes.isSpace(b) && firstReal == nil { firstReal = line }
            if b == 39 || b == 34 {                                                                   // ' "
                let escapes = b == 39 && wordIsE
                endWord()
                skip(SQLBytes.endOfQuoted(buf, from: i, escapes: escapes))
                continue
            }
            if b == 36, let tag = SQLBytes.dollarTag(buf, at: i) {                                        // $tag$
                endWord()
                skip(SQLBytes.endOfDollarQuoted(buf, from: i, tagLength: tag))
                continue
            }
            if SQLBytes.isIdentifierStart(b) || (SQLBytes.isDigit(b) && (!word.isEmpty || wordIsLong)) {
                addToWord(b)
                i += 1
                continue
            }
            endWord()
            if b == 59 && atomicDepth == 0 {                                                              // ;
                let statement = finish(at: i)
                i += 1
                return statement
            }
            i += 1
        }
        endWord()
        if start < buf.count {
            let statement = finish(at: buf.count)
            start = buf.count + 1
            return statement
        }
        return nil
    }

    var wordIsE: Bool { !wordIsLong && (word == [69]) }

    mutating func skip(_ span: (end: Int, lines: Int)) {
        i = span.end
        line += span.lines
    }

    mutating func addToWord(_ b: UInt8) {
        guard !wordIsLong else { return }
        if word.count >= 6 { wordIsLong = true; word = []; return }
        word.append(b >= 97 && b <= 122 ? b - 32 : b)
    }

    /// Tracks BEGIN ATOMIC … END (with nested CASE … END) so its semicolons do not split the statement.
    mutating func endWord() {
        guard !word.isEmpty || wordIsLong else { return }
        let w = wordIsLong ? [] : word
        if atomicDepth > 0 {
            if w == Array("CASE".utf8) { atomicDepth += 1 } else if w == Array("END".utf8) { atomicDepth -= 1 }
        } else if w == Array("ATOMIC".utf8) && previousWord == Array("BEGIN".utf8) {
            atomicDepth = 1
        }
        previousWord = w
        word = []
        wordIsLong = false
    }

    mutating func finish(at end: Int) -> SQLScript.Statement {
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
        let statement = SQLScript.Statement(text: text, line: firstReal ?? startLine, isEmpty: firstReal == nil,
                                            textLine: startLine)
        start = end + 1
        startLine = line
        firstReal = nil
        return statement
    }
}
