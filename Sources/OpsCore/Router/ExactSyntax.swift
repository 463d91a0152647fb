/// The console syntax: the command line's own (`CommandLineParser` over `CommandRegistry`), with the
/// project's names resolved. Tried first: a line that parses here is exactly what the person meant, so even a
/// mutating action runs without a "did you mean". A line that does not parse returns nil and goes to the
/// phrase rules instead.
///
/// Names: a command that only reads accepts aliases and any case for environments (`check PROD`); one that
/// changes a database needs its own lowercase word, the configured environment name and the full migration
/// name — anything inferred is a phrase, answered with a suggestion to confirm.
struct ExactSyntax {
    let lexicon: Lexicon
    let context: RouterContext

    func parse(_ line: String) -> Action? {
        guard let words = LineWords.split(line), !words.isEmpty,
              let result = try? CommandLineParser.parse(words), result.global == GlobalFlags() else { return nil }
        let d = result.definition
        let strict = d.mutating && !(d.name == "deploy" && result.parsed.has("--dry-run"))
        if strict && words[0] != d.path[0] { return nil }
        var parsed = result.parsed
        var positionals: [String] = []
        for (i, word) in parsed.positionals.enumerated() {
            let spec = i < d.arguments.count ? d.arguments[i] : d.arguments.last!
            guard let name = resolve(word, spec.kind, strict: strict, before: positionals) else { return nil }
            positionals.append(name)
        }
        parsed.positionals = positionals
        return try? d.build(parsed)
    }

    /// A typed word as the action should carry it; nil when it only approximately names something (a
    /// phrase's job), or when a strict command was given an alias.
    func resolve(_ word: String, _ kind: ValueKind, strict: Bool, before: [String]) -> String? {
        let plain = LineWords.unquoted(word)
        switch kind {
        case .environment: return strict ? exactEnvironment(plain) : environment(plain)
        case .environmentOrAll: return plain.lowercased() == "all" ? "all" : environment(plain)
        case .side: return plain.lowercased() == "migrations" ? "migrations" : environment(plain)
        case .migration: return strict ? exactMigration(plain) : migration(plain)
        case .table: return table(word, in: before.last)
        case .sopName: return context.sops.first { $0.lowercased() == plain.lowercased() } ?? plain
        case .topic: return Vocabulary.command(for: plain.lowercased())
        case .directory, .text: return plain
        }
    }

    /// A configured name or alias; any word when no environments are configured (the engine then says why).
    func environment(_ word: String) -> String? {
        if lexicon.environments.isEmpty { return word }
        return lexicon.environment(exactly: word)
    }

    /// For commands that change a database: the configured name as configured, nothing inferred (`prod`,
    /// `STAGING` are phrases, answered with a suggestion to confirm).
    func exactEnvironment(_ word: String) -> String? {
        if lexicon.environments.isEmpty { return word }
        return lexicon.environments.contains(word) ? word : nil
    }

    /// A migration by full or short name; as typed when it names none (the engine reports the unknown one).
    func migration(_ word: String) -> String? {
        if let exact = lexicon.migration(exactly: word) { return exact }
        return lexicon.migration(approximately: word.lowercased()) == nil ? word : nil
    }

    /// For commands that change a database: the full migration name as in the folder, or a name the folder
    /// does not have at all (the engine reports it); a short or mistyped name is a phrase.
    func exactMigration(_ word: String) -> String? {
        if lexicon.migrations.contains(word) { return word }
        return lexicon.migration(exactly: word) == nil && lexicon.migration(approximately: word.lowercased()) == nil
            ? word : nil
    }

    /// A table as typed (quotes kept: `"My Table"` is an identifier), or as introspected when the typed word
    /// matches a known table of that environment only by case (Prisma's `"User"` typed as `user`).
    func table(_ word: String, in environmentWord: String?) -> String {
        guard !word.hasPrefix("\""), let env = environmentWord.flatMap(environment) else { return word }
        let known = lexicon.tablesByWord[word.lowercased()]?.filter { $0.environment == env }.map(\.table) ?? []
        return known.contains(word) ? word : (known.count == 1 ? known[0] : word)
    }
}
