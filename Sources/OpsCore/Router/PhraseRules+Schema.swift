/// Schema questions: comparing two sides and describing a table.
extension PhraseRules {
    /// "compare staging with production", "what changed between staging and prod", "does local match the
    /// migrations?". Sides are taken in the order typed; a missing side is asked for.
    func diff(_ u: Utterance) -> RouteResult? {
        let sides = diffSides(u)
        let cue = u.hasAny(Vocabulary.diffWords) || u.hasPhrase(["changed", "between"])
            || (u.has("between") && sides.count >= 2)
        guard cue, !u.startsWithMutatingVerb else { return nil }
        if sides.count >= 2 { return .action(.diff(from: sides[0], to: sides[1])) }
        return ask.diff(from: sides.first)
    }

    private func diffSides(_ u: Utterance) -> [String] {
        var sides: [String] = []
        for token in u.tokens {
            let side = token.environment ?? (Vocabulary.migrationSideWords.contains(token.text) ? "migrations" : nil)
            if let side, !sides.contains(side) { sides.append(side) }
        }
        return sides
    }

    /// "describe table users on staging", "what columns does users have in prod", "\d users staging".
    /// Table names come from the last introspection; without an environment, the ones that have the table.
    func describe(_ u: Utterance) -> RouteResult? {
        let table = tableWord(u)
        let looking = u.hasAny(["show", "see", "view", "display", "list"])
        let cue = u.hasAny(Vocabulary.describeWords) || (table != nil && (u.has("table") || looking))
            || (u.has("tables") && looking)
        guard cue, !u.startsWithMutatingVerb else { return nil }
        // Words the rule cannot place besides the table: not a request to describe something (a line such as
        // `describe local x"; drop table y; --` must not describe y).
        let strays = u.tokens.filter { $0.kind == .unknown && $0.typed != table }
        guard strays.isEmpty else { return nil }
        let envs = u.environments
        guard let table else { return ask.describe(table: nil, among: envs.isEmpty ? nil : envs) }
        let having = lexicon.tablesByWord[table.lowercased()]?.map(\.environment)
        let candidates = envs.isEmpty ? (having ?? context.environments) : envs
        guard candidates.count == 1 else { return ask.describe(table: u.asTyped(table), among: candidates) }
        return .action(.describe(environment: candidates[0], table: canonicalTable(table, in: candidates[0], u)))
    }

    /// A known table name, else the word typed right after "table" when the lexicon cannot place it.
    private func tableWord(_ u: Utterance) -> String? {
        if let known = u.tokens.first(where: { lexicon.tablesByWord[$0.typed] != nil }) { return known.typed }
        guard let i = u.tokens.firstIndex(where: { $0.text == "table" }), i + 1 < u.tokens.count,
              u.tokens[i + 1].kind == .unknown else { return nil }
        return u.tokens[i + 1].typed
    }

    /// The table as introspected ("User"), since Prisma's quoted names are case-sensitive; else as typed
    /// (`describe` matches the exact spelling first and folds case only when nothing matches exactly).
    private func canonicalTable(_ word: String, in env: String, _ u: Utterance) -> String {
        lexicon.tablesByWord[word.lowercased()]?.first { $0.environment == env }?.table ?? u.asTyped(word)
    }
}
