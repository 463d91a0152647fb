/// psql-style tab completion for the console: the candidates depend only on the words before the cursor
/// (`tab-complete.c`'s approach), and come from the command declarations (`CommandRegistry`) and the context —
/// no query runs while the person presses Tab.
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
        guard let first = words.first?.lowercased() else { return CommandRegistry.consoleWords }
        let family = CommandRegistry.all.filter { $0.path[0] == first }
        guard !family.isEmpty else { return [] }
        // `sop st|`: the second word of a two-word command.
        if family.allSatisfy({ $0.path.count == 2 }) && words.count == 1 { return family.map { $0.path[1] } }
        guard let (definition, depth) = CommandRegistry.definition(for: words) else { return [] }
        let args = Array(words.dropFirst(depth))
        if let last = args.last, let flag = definition.flag(named: last), let kind = flag.value {
            return values(kind, [])
        }
        let (positional, usedFlags) = split(args, definition)
        let flags = remainingFlags(definition, used: usedFlags)
        if partial.hasPrefix("-") { return flags }
        // `check all` takes nothing more; an environment is offered once.
        if positional.contains(where: { $0.lowercased() == "all" }) { return flags }
        let named = Set(positional.map { $0.lowercased() })
        let slot = positional.count < definition.arguments.count ? definition.arguments[positional.count]
            : definition.arguments.last.flatMap { $0.repeating && $0.kind != .text ? $0 : nil }
        guard let slot else { return flags }
        let offered = values(slot.kind, positional).filter { slot.kind != .environment || !named.contains($0.lowercased()) }
        return offered + (slot.optional || slot.repeating ? flags : [])
    }

    /// The positional words among `args`, and the flags used (values of valued flags skipped).
    private func split(_ args: [String], _ d: CommandDefinition) -> ([String], Set<String>) {
        var positional: [String] = [], used = Set<String>()
        var skip = false
        for arg in args {
            if skip { skip = false; continue }
            if arg.hasPrefix("-"), let flag = d.flag(named: String(arg.prefix { $0 != "=" })) {
                used.insert(flag.name)
                skip = flag.value != nil && !arg.contains("=")
                continue
            }
            positional.append(arg)
        }
        return (positional, used)
    }

    /// Flags not typed yet; none of a group once one of it is.
    private func remainingFlags(_ d: CommandDefinition, used: Set<String>) -> [String] {
        let usedGroups = Set(d.flags.filter { used.contains($0.name) }.compactMap(\.group))
        return d.flags.filter { !used.contains($0.name) && !($0.group.map(usedGroups.contains) ?? false) }.map(\.name)
    }

    /// The values one argument slot accepts, given the positional arguments before it.
    private func values(_ kind: ValueKind, _ before: [String]) -> [String] {
        switch kind {
        case .environment: return context.environments
        case .environmentOrAll: return context.environments + ["all"]
        case .side: return context.environments.filter { !before.contains($0) } + ["migrations"]
        case .migration: return context.migrations
        case .table: return tables(in: before.last)
        case .sopName: return context.sops
        case .topic: return CommandRegistry.consoleWords
        case .directory, .text: return []
        }
    }

    /// The introspected tables of the environment typed before (a name or an alias).
    private func tables(in word: String?) -> [String] {
        guard let word, let env = lexicon.environment(exactly: word) else { return [] }
        return context.tables[env] ?? []
    }
}
