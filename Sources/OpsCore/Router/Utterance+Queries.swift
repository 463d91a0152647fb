/// The questions phrase rules ask of a line. All are linear scans of a dozen words: cheap enough per call.
extension Utterance {
    var words: [String] { tokens.map(\.text) }

    func has(_ word: String) -> Bool { tokens.contains { $0.text == word } }

    func hasAny(_ set: Set<String>) -> Bool { tokens.contains { set.contains($0.text) } }

    /// For short literal lists: comparing a dozen strings is cheaper than hashing them into a set per call.
    func hasAny(_ list: [String]) -> Bool { tokens.contains { list.contains($0.text) } }

    /// The first token whose word is in `set`.
    func first(in set: Set<String>) -> Token? { tokens.first { set.contains($0.text) } }

    /// Contiguous words, after filler removal.
    func hasPhrase(_ phrase: [String]) -> Bool { Utterance.contains(words, phrase) }

    /// Contiguous words as typed, before filler removal.
    func rawHasPhrase(_ phrase: [String]) -> Bool { Utterance.contains(raw, phrase) }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        return (0...(words.count - phrase.count)).contains { words[$0...].starts(with: phrase) }
    }

    /// Environments mentioned, once each, in the order they appear.
    var environments: [String] {
        var seen: [String] = []
        for name in tokens.compactMap(\.environment) where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// Environment tokens that were typo-corrected ("stagin" read as staging).
    var fuzzyEnvironmentTokens: [Token] { tokens.filter { $0.environment != nil && $0.fuzzy } }

    var migrations: [String] {
        var seen: [String] = []
        for name in tokens.compactMap(\.migration) where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// "all", "everything", "every environment"…
    var mentionsAll: Bool { hasAny(Vocabulary.allWords) }

    /// The environment named right after "to", "into", "onto" or "on": the target of a deploy or promotion.
    var targetEnvironment: String? {
        let prepositions: Set<String> = ["to", "into", "onto", "on", "in"]
        for (i, token) in tokens.enumerated() where i > 0 && prepositions.contains(tokens[i - 1].text) {
            if let env = token.environment { return env }
        }
        return nil
    }

    /// Any mutating verb, exact or loose, including "roll back".
    var hasMutatingVerb: Bool {
        hasAny(Vocabulary.deployExact) || hasAny(Vocabulary.deployLoose) || hasAny(Vocabulary.resolveExact)
            || hasAny(Vocabulary.resolveLoose) || hasAny(Vocabulary.baselineExact) || hasPhrase(["roll", "back"])
            || (has("run") && hasAny(["migrations", "migration", "pending"]))
    }

    /// An imperative such as "deploy staging and …": the mutating rules own it (and will confirm).
    var startsWithMutatingVerb: Bool {
        tokens.first.map { Utterance.cancellableVerbs.contains($0.text) } ?? false
    }

    /// The command word (or a cue for one) the line is about, for help topics.
    var topic: String? {
        if hasPhrase(["roll", "back"]) || hasPhrase(["rolled", "back"]) { return "resolve" }
        return tokens.lazy.compactMap { Vocabulary.command(for: $0.text) }
            .first { !["help", "quit", "explain", "ask"].contains($0) }
    }
}
