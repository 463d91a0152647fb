/// The confidence rule: when a mutating action may run without a "yes".
///
/// A mutating action (deploy, resolve, baseline) is returned as `.action` only when every part of it was said
/// exactly:
/// - the verb is the command's own word (`deploy`/`apply`/`migrate`, `resolve`, `baseline`), spelled right;
/// - each environment is a configured name or a conventional alias of one (`prod`), spelled right;
/// - the migration is its full name or its unique name without the timestamp;
/// - every other word is a preposition or an object noun ("to", "migrations", "pending"…), and the line is not
///   phrased as a question.
/// Anything inferred — a synonym ("push", "ship", "roll back"), a typo, a partial migration name, a word the
/// router could not place — is recorded as a reason, and any reason turns the action into
/// `.confirmSuggestion`. Missing parts are never guessed: they become `.ask`. Non-mutating actions run
/// directly whatever the confidence, because running them changes nothing.
struct Confidence {
    private(set) var reasons: [String] = []

    mutating func note(_ reason: String) { reasons.append(reason) }

    /// "read “push” as deploy"
    mutating func noteReading(_ typed: String, as meaning: String) { note("read “\(typed)” as \(meaning)") }

    /// Notes every typo-corrected or partially matched token among `tokens`.
    mutating func noteFuzzy(_ tokens: [Token]) {
        for token in tokens where token.fuzzy {
            noteReading(token.typed, as: token.environment ?? token.migration ?? token.text)
        }
    }

    /// Words that are neither part of the action nor harmless glue.
    mutating func noteUnplaced(_ utterance: Utterance, allowed: Set<String>) {
        let extra = utterance.tokens.filter { token in
            if token.environment != nil || token.migration != nil { return false }
            return !allowed.contains(token.text) && !Confidence.glue.contains(token.text)
        }
        if !extra.isEmpty { note("did not place “\(extra.map(\.typed).joined(separator: " "))”") }
        if utterance.questionMark { note("the line ends with a question mark") }
    }

    /// Prepositions and object nouns that may surround a mutating verb without lowering confidence.
    static let glue: Set<String> = [
        "to", "on", "in", "into", "onto", "for", "at", "of", "migrations", "migration", "pending", "changes",
        "schema", "database", "db", "env", "environment", "all", "latest", "new", "them", "up", "and", "as",
    ]

    /// The result for `action` given the reasons noted.
    func result(_ action: Action) -> RouteResult {
        guard action.isMutating, !reasons.isEmpty else { return .action(action) }
        return .confirmSuggestion(action, reason: reasons.joined(separator: "; "))
    }
}
