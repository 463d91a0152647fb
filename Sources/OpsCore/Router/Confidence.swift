/// The confidence rule: a mutating action (deploy, resolve, baseline) runs without a "yes" only when the line
/// is its exact syntax — the registered command word, the configured environment name, the full migration
/// name, the registered flags and nothing else (`ExactSyntax`). Every phrase ("deploy to staging", "apply
/// migrations STAGING", a typo, an alias, an unknown flag) is a `.confirmSuggestion`, and this type collects
/// the reasons shown with it: a synonym ("push", "ship", "roll back"), a typo, a partial migration name, a word
/// the router could not place. Missing parts are never guessed: they become `.ask`. Non-mutating actions run
/// directly whatever the confidence, because running them changes nothing.
struct Confidence {
    private(set) var reasons: [String] = []

    mutating func note(_ reason: String) { reasons.append(reason) }

    /// "read “push” as deploy"
    mutating func noteReading(_ typed: String, as meaning: String) { note("read “\(typed)” as \(meaning)") }

    /// Notes every typo-corrected or partially matched token among `tokens`, and every alias (`prod` for
    /// production): only the configured name is the exact syntax of a command that changes a database.
    mutating func noteFuzzy(_ tokens: [Token]) {
        for token in tokens {
            let meant = token.environment ?? token.migration ?? token.text
            if token.fuzzy || (token.environment != nil && token.typed != meant.lowercased()) {
                noteReading(token.typed, as: meant)
            }
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

    /// The result for `action` given the reasons noted. The phrase rules never run a mutating action: only
    /// the exact syntax does (`ExactSyntax`), so a phrase is at best a suggestion, with its reasons.
    func result(_ action: Action) -> RouteResult {
        guard action.isMutating else { return .action(action) }
        let why = reasons.isEmpty ? ["a phrase, not the command `\(action.commandLine)` itself"] : reasons
        return .confirmSuggestion(action, reason: why.joined(separator: "; "))
    }
}
