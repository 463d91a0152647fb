/// A typed line made ready for the phrase rules: lowercased, punctuation trimmed, filler dropped, each word
/// looked up (and typo-corrected) once. The rules then only ask cheap questions: "does it say X?".
struct Utterance: Sendable {
    /// Words before filler removal ("what should I do now" needs its "now").
    let raw: [String]
    /// The same words with their case as typed (a table name is case-sensitive: Prisma's `Patient`).
    let cased: [String]
    var tokens: [Token]
    /// Tokens that start with `--`, as typed.
    let flags: [String]
    let questionMark: Bool
    /// The line opens with a question word ("is", "how", "can I"…) once polite filler is gone.
    let isQuestion: Bool
    /// A negation ("don't", "never", …) came before a mutating verb: nothing here may mutate.
    var mutationBlocked = false

    init(_ line: String, lexicon: Lexicon) {
        let pieces = line.split(whereSeparator: \.isWhitespace).map(String.init)
        questionMark = pieces.last?.hasSuffix("?") ?? false
        flags = pieces.filter { $0.hasPrefix("--") }.map { $0.lowercased() }
        raw = pieces.filter { !$0.hasPrefix("--") }.compactMap { Utterance.clean($0) }
        cased = pieces.filter { !$0.hasPrefix("--") }.compactMap { Utterance.clean($0, keepCase: true) }
        let words = Utterance.dropFiller(raw)
        isQuestion = words.first.map { Vocabulary.questionWords.contains($0) } ?? false
        tokens = words.map { Utterance.classify($0, lexicon) }
    }

    /// Lowercase; trim sentence punctuation at either end; drop apostrophes so "don't" → "dont".
    static func clean(_ piece: String, keepCase: Bool = false) -> String? {
        let trim: Set<Character> = ["?", "!", ".", ",", ";", ":", "\"", "(", ")", "`", "'", "’", "[", "]"]
        var word = Substring(keepCase ? piece : piece.lowercased())
        while let c = word.last, trim.contains(c) { word = word.dropLast() }
        while let c = word.first, trim.contains(c), word != ":q" { word = word.dropFirst() }
        let joined = String(word.filter { $0 != "'" && $0 != "’" })
        return joined.isEmpty ? nil : joined
    }

    /// `word` (lowercased) as it was typed.
    func asTyped(_ word: String) -> String { cased.first { $0.lowercased() == word } ?? word }

    static func dropFiller(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        scan: while i < words.count {
            for phrase in Vocabulary.fillerPhrases where words[i...].starts(with: phrase) {
                i += phrase.count
                continue scan
            }
            if !Vocabulary.fillerWords.contains(words[i]) { out.append(words[i]) }
            i += 1
        }
        return out
    }

    /// Exact environment or alias, then vocabulary, then project names, then typo correction.
    static func classify(_ word: String, _ lexicon: Lexicon) -> Token {
        func token(_ kind: Token.Kind, fuzzy: Bool = false, as text: String? = nil) -> Token {
            Token(text: text ?? word, typed: word, kind: kind, fuzzy: fuzzy)
        }
        if let env = lexicon.environment(exactly: word) { return token(.environment(env)) }
        if Vocabulary.known.contains(word) { return token(.word) }
        if let m = lexicon.migration(exactly: word) { return token(.migration(m)) }
        if let m = lexicon.migration(approximately: word) { return token(.migration(m), fuzzy: true) }
        if lexicon.tablesByWord[word] != nil { return token(.table) }
        if word.allSatisfy(\.isNumber) { return token(.unknown) }
        if let hit = lexicon.correct(word) {
            return token(hit.environment.map { .environment($0) } ?? .word, fuzzy: true, as: hit.word)
        }
        return token(.unknown)
    }
}

extension Utterance {
    /// Verbs a negation can cancel.
    static let cancellableVerbs: Set<String> = Vocabulary.deployVerbs
        .union(Vocabulary.resolveExact).union(Vocabulary.resolveLoose).union(Vocabulary.baselineExact)
        .union(["roll", "run"])

    /// "don't deploy staging", "never push to prod": a negation before a mutating verb. The verb and the
    /// negation are removed and the line can no longer mutate; what remains ("check staging instead") still routes.
    mutating func applyNegation() {
        guard let verb = tokens.firstIndex(where: { Utterance.cancellableVerbs.contains($0.text) }),
              tokens[..<verb].contains(where: { Vocabulary.negations.contains($0.text) }) else { return }
        mutationBlocked = true
        tokens.removeAll {
            Utterance.cancellableVerbs.contains($0.text) || Vocabulary.negations.contains($0.text)
                || $0.text == "back"
        }
    }
}
