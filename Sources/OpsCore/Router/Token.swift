/// One word of a typed line after normalisation, with what the lexicon says it is.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A vocabulary word (cue or neutral), or an unknown word kept as typed.
        case word
        case environment(String)
        case migration(String)
        /// A table name known from the last introspection of some environment.
        case table
        case unknown
    }

    /// The canonical spelling: a typo-corrected word becomes the word it was read as.
    var text: String
    /// What the person typed (lowercased, punctuation trimmed), for "read X as Y" reasons.
    var typed: String
    var kind: Kind
    /// True when the word was matched by typo tolerance or as a partial name, not exactly.
    var fuzzy: Bool

    var environment: String? {
        if case .environment(let name) = kind { return name }
        return nil
    }

    var migration: String? {
        if case .migration(let name) = kind { return name }
        return nil
    }
}
