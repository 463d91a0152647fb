/// A read position over a statement's tokens with the few moves a keyword-driven reader needs:
/// match keywords, skip optional ones, read a (possibly schema-qualified) name, take a parenthesised group.
struct TokenCursor {
    let tokens: [SQLToken]
    var index = 0

    init(_ tokens: [SQLToken]) { self.tokens = tokens }
    init(_ text: String) { self.init(SQLTokenizer.tokens(text)) }

    /// Words that start statements whose first few tokens say all a reader needs (the target table, the
    /// lock): their bodies (a million-row INSERT, a COPY) are not lexed.
    static let dataStatements: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "SELECT", "VALUES",
                                              "WITH", "TABLE", "CALL"]

    /// A cursor over `text` that lexes only its first 64 tokens when it is a data statement, all of it otherwise.
    static func head(of text: String) -> TokenCursor {
        let first = SQLTokenizer.tokens(text, limit: 1).first?.keyword ?? ""
        return TokenCursor(dataStatements.contains(first) ? SQLTokenizer.tokens(text, limit: 64) : SQLTokenizer.tokens(text))
    }

    var atEnd: Bool { index >= tokens.count }
    var current: SQLToken? { index < tokens.count ? tokens[index] : nil }
    var rest: ArraySlice<SQLToken> { tokens[min(index, tokens.count)...] }

    func keyword(at offset: Int = 0) -> String {
        let j = index + offset
        return j < tokens.count ? tokens[j].keyword : ""
    }

    /// True (and consumed) when the next tokens are exactly these keywords.
    mutating func accept(_ words: String...) -> Bool { accept(words) }

    mutating func accept(_ words: [String]) -> Bool {
        for (k, w) in words.enumerated() where keyword(at: k) != w { return false }
        index += words.count
        return true
    }

    /// Consumes every leading keyword found in `words`, in any order; returns the ones seen.
    @discardableResult
    mutating func skip(_ words: Set<String>) -> [String] {
        var seen: [String] = []
        while !atEnd, words.contains(keyword()) { seen.append(keyword()); index += 1 }
        return seen
    }

    mutating func skipIfExists() { _ = accept("IF", "NOT", "EXISTS") || accept("IF", "EXISTS") }

    /// `ident(.ident)*`, each part resolved as PostgreSQL does; nil when no identifier is next.
    mutating func name() -> [String]? {
        guard let first = current, first.isIdentifier else { return nil }
        var parts = [first.identifier]
        index += 1
        while let dot = current, dot.isSymbol("."), index + 1 < tokens.count, tokens[index + 1].isIdentifier {
            parts.append(tokens[index + 1].identifier)
            index += 2
        }
        return parts
    }

    /// The tokens inside the parenthesis group that starts here (consumed), or nil when none starts here.
    mutating func group() -> [SQLToken]? {
        guard let open = current, open.isSymbol("(") else { return nil }
        var depth = 0
        let start = index + 1
        while index < tokens.count {
            if tokens[index].isSymbol("(") { depth += 1 }
            if tokens[index].isSymbol(")") { depth -= 1 }
            index += 1
            if depth == 0 { return Array(tokens[start..<(index - 1)]) }
        }
        return Array(tokens[start...])
    }

    /// Advances to just after the next top-level occurrence of `word`; false (at the end) when absent.
    mutating func advance(past word: String) -> Bool {
        var depth = 0
        while let t = current {
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            index += 1
            if depth == 0 && t.keyword == word { return true }
        }
        return false
    }

    /// Splits tokens at top-level commas (not inside parentheses).
    static func splitAtCommas(_ tokens: some Collection<SQLToken>) -> [[SQLToken]] {
        var parts: [[SQLToken]] = [[]]
        var depth = 0
        for t in tokens {
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            if depth == 0 && t.isSymbol(",") { parts.append([]); continue }
            parts[parts.count - 1].append(t)
        }
        return parts.filter { !$0.isEmpty }
    }
}
