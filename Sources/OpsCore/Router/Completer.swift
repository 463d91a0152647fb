/// psql-style tab completion for the console: the candidates depend only on the words before the cursor
/// (`tab-complete.c`'s approach), and come from the context — no query runs while the person presses Tab.
public struct Completer: Sendable {
    private let context: RouterContext
    private let lexicon: Lexicon

    public init(context: RouterContext) {
        self.context = context
        self.lexicon = Lexicon(context)
    }

    /// Words that may replace the partial word at `cursor` (a Character offset into `line`; for ASCII lines the
    /// same as libedit's byte offset). Filtered by that partial word (case-insensitively), sorted, unique;
    /// `[]` when the position takes nothing we know.
    public func candidates(line: String, cursor: Int) -> [String] {
        let offset = max(0, min(cursor, line.count))
        let before = line.prefix(offset)
        var words = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let partial = before.last.map { $0.isWhitespace } ?? true ? "" : words.removeLast()
        let options = options(after: words, partial: partial)
        let lowered = partial.lowercased()
        return Array(Set(options.filter { $0.lowercased().hasPrefix(lowered) })).sorted()
    }

    /// What may come next after `words` (the complete words before the cursor).
    func options(after words: [String], partial: String) -> [String] {
        guard let first = words.first?.lowercased() else { return Vocabulary.commands }
        let args = Array(words.dropFirst())
        guard let spec = CommandSpec.all[first] else { return [] }
        if args.last?.lowercased() == "--to", spec.valueFlags.contains("--to") { return context.migrations }
        let positional = spec.positionals(args)
        let used = Set(args.map { $0.lowercased() })
        let flags = spec.flags(afterUsing: used)
        if partial.hasPrefix("-") { return flags }
        if positional.count < spec.slots.count { return values(spec.slots[positional.count], positional) }
        if let repeating = spec.repeating, !positional.contains(where: { $0.lowercased() == "all" }) {
            return values(repeating, positional).filter { !used.contains($0.lowercased()) }
        }
        return flags
    }

    /// The values one argument slot accepts, given the positional arguments before it.
    private func values(_ slot: CommandSpec.Slot, _ before: [String]) -> [String] {
        switch slot {
        case .environment: return context.environments
        case .environmentOrAll: return context.environments + ["all"]
        case .side: return context.environments.filter { !before.contains($0) } + ["migrations"]
        case .migration: return context.migrations
        case .table: return tables(in: before.last)
        case .sopVerb: return ["abort", "list", "next", "start", "status"]
        case .sopName: return before.last?.lowercased() == "start" ? context.sops : []
        case .topic: return Vocabulary.commands
        }
    }

    /// The introspected tables of the environment typed before (a name or an alias).
    private func tables(in word: String?) -> [String] {
        guard let word, let env = lexicon.environment(exactly: word) else { return [] }
        return context.tables[env] ?? []
    }
}
