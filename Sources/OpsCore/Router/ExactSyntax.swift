/// The console syntax, word for word the CLI's (`deploy staging --dry-run`). Tried first: a line that parses
/// here is exactly what the person meant, so even a mutating action runs without a "did you mean".
/// A line that does not parse completely returns nil and goes to the phrase rules instead.
struct ExactSyntax {
    let lexicon: Lexicon
    let context: RouterContext

    func parse(_ line: String) -> Action? {
        guard let pieces = LineWords.split(line), let typed = pieces.first else { return nil }
        let action = parse(command: typed.lowercased(), pieces)
        // A command that changes a database is its own word exactly, as on the command line (`DEPLOY` is a phrase).
        if let action, action.isMutating, typed != action.command { return nil }
        return action
    }

    private func parse(command: String, _ pieces: [String]) -> Action? {
        let args = pieces.dropFirst().map(LineWords.unquoted)
        if command == "describe" { return describe(Array(pieces.dropFirst())) }
        switch command {
        case "status": return status(args)
        case "check": return check(args)
        case "diff": return diff(args)
        case "deploy": return deploy(args)
        case "resolve": return resolve(args)
        case "baseline": return baseline(args)
        case "audit": return audit(args)
        case "describe": return describe(args)
        case "diagnose": return args.count == 1 ? environment(args[0]).map { .diagnose(environment: $0) } : nil
        case "sop": return sop(args)
        case "next": return args.isEmpty ? .next : nil
        case "help": return help(args)
        case "quit", "exit", "\\q": return args.isEmpty ? .quit : nil
        default: return nil
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

    /// For commands that change a database: the full migration name as in the folder, or a name the folder
    /// does not have at all (the engine reports it); a short or mistyped name is a phrase.
    func exactMigration(_ word: String) -> String? {
        if lexicon.migrations.contains(word) { return word }
        return lexicon.migration(exactly: word) == nil && lexicon.migration(approximately: word.lowercased()) == nil
            ? word : nil
    }

    private func status(_ args: [String]) -> Action? {
        if args.map({ $0.lowercased() }) == ["all"] { return .status(environments: []) }
        let envs = args.compactMap(environment)
        return envs.count == args.count ? .status(environments: envs) : nil
    }

    private func check(_ args: [String]) -> Action? {
        if args.map({ $0.lowercased() }) == ["all"] { return .check(environments: ["all"]) }
        let envs = args.compactMap(environment)
        return !args.isEmpty && envs.count == args.count ? .check(environments: envs) : nil
    }

    private func diff(_ args: [String]) -> Action? {
        let sides = args.compactMap { $0.lowercased() == "migrations" ? "migrations" : environment($0) }
        return args.count == 2 && sides.count == 2 ? .diff(from: sides[0], to: sides[1]) : nil
    }

    private func deploy(_ args: [String]) -> Action? {
        let positional = args.filter { !$0.hasPrefix("--") }
        let flags = args.filter { $0.hasPrefix("--") }.map { $0.lowercased() }
        guard positional.count == 1, flags.allSatisfy({ $0 == "--dry-run" }) else { return nil }
        let dryRun = !flags.isEmpty
        guard let env = dryRun ? environment(positional[0]) : exactEnvironment(positional[0]) else { return nil }
        return .deploy(environment: env, dryRun: dryRun)
    }

    private func resolve(_ args: [String]) -> Action? {
        let positional = args.filter { !$0.hasPrefix("--") }
        let modes = args.compactMap { arg in ResolveChoice.allCases.first { $0.flag == arg } }
        guard positional.count == 2, modes.count == 1, args.count == 3,
              let env = exactEnvironment(positional[0]), let migration = exactMigration(positional[1]) else { return nil }
        return .resolve(environment: env, migration: migration, mode: modes[0])
    }

    private func baseline(_ args: [String]) -> Action? {
        var rest = args.flatMap { $0.hasPrefix("--to=") ? ["--to", String($0.dropFirst(5))] : [$0] }
        var upTo: String?
        if let i = rest.firstIndex(where: { $0 == "--to" }) {
            guard i + 1 < rest.count, let m = exactMigration(rest[i + 1]) else { return nil }
            upTo = m
            rest.removeSubrange(i...(i + 1))
        }
        guard rest.count == 1, !rest[0].hasPrefix("-"), let env = exactEnvironment(rest[0]) else { return nil }
        return .baseline(environment: env, upTo: upTo)
    }

    private func audit(_ args: [String]) -> Action? {
        guard let word = args.first else { return .audit(environment: nil) }
        return args.count == 1 ? environment(word).map { .audit(environment: $0) } : nil
    }

    /// The table argument keeps its double quotes: `"My Table"` is an identifier (`TableName`).
    private func describe(_ args: [String]) -> Action? {
        guard args.count == 2, let env = environment(LineWords.unquoted(args[0])) else { return nil }
        let known = lexicon.tablesByWord[args[1].lowercased()]?.first { $0.environment == env }
        return .describe(environment: env, table: known?.table ?? args[1])
    }

    private func sop(_ args: [String]) -> Action? {
        let words = args.map { $0.lowercased() }
        switch words.first {
        case "list" where words.count == 1: return .sopList
        case "next" where words.count == 1: return .sopNext
        case "status" where words.count == 1: return .sopStatus
        case "abort" where words.count == 1: return .sopAbort
        case "start" where words.count == 2:
            return .sopStart(name: context.sops.first { $0.lowercased() == words[1] } ?? args[1])
        default: return nil
        }
    }

    private func help(_ args: [String]) -> Action? {
        guard let word = args.first?.lowercased() else { return .help(topic: nil) }
        guard args.count == 1, let topic = Vocabulary.command(for: word) else { return nil }
        return .help(topic: topic)
    }
}
