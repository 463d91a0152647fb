/// The global flags, wherever they were typed.
public struct GlobalFlags: Equatable, Sendable {
    public var config: String?
    public var json = false
    public var noColor = false
    public var verbose = false
    /// `--help` / `-h`: the command's help instead of running it.
    public var help = false

    public init(config: String? = nil, json: Bool = false, noColor: Bool = false, verbose: Bool = false, help: Bool = false) {
        self.config = config
        self.json = json
        self.noColor = noColor
        self.verbose = verbose
        self.help = help
    }
}

/// Parses the words of a command (argv after the program name, or a console line split by `LineWords`)
/// against `CommandRegistry`: the command's words, then its positional arguments and flags in any order
/// (`--flag VALUE` or `--flag=VALUE`), the global flags anywhere. Nothing is resolved here: names stay as
/// typed, for the command line to use as they are and for the console to resolve against the project.
public enum CommandLineParser {
    public struct Result: Sendable {
        public var definition: CommandDefinition
        public var parsed: ParsedCommand
        public var global: GlobalFlags
        /// How many of the words named the command.
        public var commandWords: Int
    }

    /// Splits off the global flags; the remaining words keep their order.
    public static func globalFlags(_ words: [String]) throws(CommandError) -> (GlobalFlags, [String]) {
        var global = GlobalFlags()
        var rest: [String] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            switch word {
            case "--json": global.json = true
            case "--no-color": global.noColor = true
            case "--verbose", "-v": global.verbose = true
            case "--help", "-h": global.help = true
            case "--config":
                guard i + 1 < words.count else { throw .missingValue(command: "evermed-ops", flag: "--config", usage: "--config PATH") }
                global.config = words[i + 1]
                i += 1
            default:
                if word.hasPrefix("--config=") { global.config = String(word.dropFirst("--config=".count)) } else { rest.append(word) }
            }
            i += 1
        }
        return (global, rest)
    }

    public static func parse(_ words: [String]) throws(CommandError) -> Result {
        let (global, rest) = try globalFlags(words)
        guard let first = rest.first else { throw .noCommand }
        guard let (definition, used) = CommandRegistry.definition(for: rest) else {
            let family = CommandRegistry.all.filter { $0.path.count == 2 && $0.path[0] == first.lowercased() }
            if !family.isEmpty {
                throw .missingSubcommand(command: family[0].path[0], given: rest.dropFirst().first,
                                         subcommands: family.map { $0.path[1] })
            }
            throw .unknownCommand(word: first, suggestions: suggestions(for: first))
        }
        let parsed = try parse(Array(rest.dropFirst(used)), as: definition)
        return Result(definition: definition, parsed: parsed, global: global, commandWords: used)
    }

    /// The words after the command's own, against its arguments and flags.
    static func parse(_ words: [String], as d: CommandDefinition) throws(CommandError) -> ParsedCommand {
        var positionals: [String] = []
        var flags: [String: String] = [:]
        var i = 0
        while i < words.count {
            let word = words[i]
            i += 1
            guard word.count > 1, word.hasPrefix("-"), !word.dropFirst().allSatisfy(\.isNumber) else {
                positionals.append(word)
                continue
            }
            let (name, inline) = split(word)
            guard let spec = d.flag(named: name) else { throw .unknownFlag(command: d.name, flag: name, usage: d.usage) }
            if spec.value == nil {
                guard inline == nil else { throw .unknownFlag(command: d.name, flag: word, usage: d.usage) }
                flags[spec.name] = ""
                continue
            }
            if let inline {
                flags[spec.name] = inline
            } else {
                guard i < words.count else { throw .missingValue(command: d.name, flag: spec.name, usage: d.usage) }
                flags[spec.name] = words[i]
                i += 1
            }
        }
        try check(positionals, d)
        try checkGroups(flags, d)
        return ParsedCommand(name: d.name, positionals: positionals, flags: flags)
    }

    /// `--to=X` → (`--to`, `X`); `--dry-run` → (`--dry-run`, nil).
    static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }

    static func check(_ positionals: [String], _ d: CommandDefinition) throws(CommandError) {
        let required = d.arguments.filter { !$0.optional }
        if positionals.count < required.count {
            throw .missingArgument(command: d.name, argument: required[positionals.count].name, usage: d.usage)
        }
        let repeating = d.arguments.last?.repeating == true
        if !repeating, positionals.count > d.arguments.count {
            throw .extraArgument(command: d.name, word: positionals[d.arguments.count], usage: d.usage)
        }
    }

    static func checkGroups(_ flags: [String: String], _ d: CommandDefinition) throws(CommandError) {
        let groups = Set(d.flags.compactMap(\.group))
        for group in groups.sorted() {
            let members = d.flags.filter { $0.group == group }.map(\.name)
            let given = members.filter { flags[$0] != nil }
            if given.count > 1 { throw .conflictingFlags(command: d.name, flags: given, usage: d.usage) }
            if given.isEmpty, d.requiredGroups.contains(group) {
                throw .missingChoice(command: d.name, flags: members, usage: d.usage)
            }
        }
    }

    /// Commands whose name is within two edits of `word`.
    static func suggestions(for word: String) -> [String] {
        let typed = Array(word.lowercased().utf8)
        return CommandRegistry.commandWords.filter { EditDistance.distance(typed, Array($0.utf8), limit: 2) <= 2 }
    }
}
