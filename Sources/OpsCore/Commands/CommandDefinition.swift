/// What kind of value an argument or a flag takes: for Tab completion, and for how a console line resolves a
/// typed word (an environment alias, a migration's short name).
public enum ValueKind: String, Sendable, Equatable {
    case environment
    /// An environment or the word `all`.
    case environmentOrAll
    /// An environment or `migrations` (a side of `diff`).
    case side
    case migration
    /// A table of the environment before it (from the last `describe`).
    case table
    case sopName
    /// A command word (`help TOPIC`).
    case topic
    case directory
    /// Free text (a reason).
    case text
}

/// One positional argument of a command.
public struct ArgumentSpec: Sendable, Equatable {
    /// As usage shows it: `ENV`, `MIGRATION`.
    public var name: String
    public var kind: ValueKind
    public var optional = false
    /// Takes the rest of the positional words (`status ENV...`, `sop skip REASON...`).
    public var repeating = false

    public init(_ name: String, _ kind: ValueKind, optional: Bool = false, repeating: Bool = false) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.repeating = repeating
    }
}

/// One flag of a command: `--dry-run`, or `--confirm ENV` with a value.
public struct FlagSpec: Sendable, Equatable {
    /// `--dry-run`.
    public var name: String
    /// `-y` for `--yes`.
    public var short: String?
    /// nil for a switch; the kind of its value otherwise (written `--flag VALUE` or `--flag=VALUE`).
    public var value: ValueKind?
    /// The value's name in usage: `ENV`, `DIR`.
    public var valueName: String?
    public var help: String
    /// Flags of the same group exclude each other; a `required` group needs exactly one of them.
    public var group: String?

    public init(_ name: String, short: String? = nil, value: ValueKind? = nil, valueName: String? = nil,
                group: String? = nil, help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.valueName = valueName
        self.help = help
        self.group = group
    }
}

/// Where a command can be typed.
public enum CommandScope: Sendable, Equatable {
    case everywhere
    /// Only at the console (`quit`).
    case console
    /// Only on the command line (`mcp`: it serves an MCP client on stdio).
    case commandLine
}

/// A command, declared once: its words, arguments, flags, help and how its parsed form becomes an `Action`.
/// The parser (`CommandLineParser`), Tab completion, `help` and the command line's usage all come from here.
public struct CommandDefinition: Sendable {
    /// The words that name it: `["deploy"]`, `["sop", "start"]`.
    public var path: [String]
    public var arguments: [ArgumentSpec]
    public var flags: [FlagSpec]
    /// Groups of `flags` of which exactly one must be given (`resolve`'s `--applied` / `--rolled-back`).
    public var requiredGroups: [String]
    public var summary: String
    public var examples: [String]
    /// A longer explanation for `help COMMAND`, when the summary is not enough.
    public var details: String?
    public var scope: CommandScope
    /// Whether the action can change a database (deploy without `--dry-run`, resolve, baseline).
    public var mutating: Bool
    /// Builds the action from what was typed; throws `CommandError` for values it refuses.
    public var build: @Sendable (ParsedCommand) throws(CommandError) -> Action

    public init(_ path: [String], arguments: [ArgumentSpec] = [], flags: [FlagSpec] = [], requiredGroups: [String] = [],
                summary: String, examples: [String] = [], details: String? = nil, scope: CommandScope = .everywhere,
                mutating: Bool = false, build: @escaping @Sendable (ParsedCommand) throws(CommandError) -> Action) {
        self.path = path
        self.arguments = arguments
        self.flags = flags
        self.requiredGroups = requiredGroups
        self.summary = summary
        self.examples = examples
        self.details = details
        self.scope = scope
        self.mutating = mutating
        self.build = build
    }

    /// `deploy`, `sop start`.
    public var name: String { path.joined(separator: " ") }

    /// `deploy ENV [--dry-run] [--yes] [--confirm ENV] …`.
    public var usage: String {
        var parts = [name]
        for a in arguments {
            let shown = a.repeating ? a.name + "..." : a.name
            parts.append(a.optional ? "[\(shown)]" : shown)
        }
        var grouped = Set<String>()
        for f in flags {
            if let g = f.group, requiredGroups.contains(g) {
                guard grouped.insert(g).inserted else { continue }
                parts.append(flags.filter { $0.group == g }.map(\.name).joined(separator: " | "))
                continue
            }
            parts.append("[" + f.name + (f.valueName.map { " " + $0 } ?? "") + "]")
        }
        return parts.joined(separator: " ")
    }

    public func flag(named word: String) -> FlagSpec? {
        flags.first { $0.name == word || ($0.short != nil && $0.short == word) }
    }
}

/// A command line matched against a definition: the positional words and the flags given (a switch maps to
/// "", a valued flag to its value), before any name is resolved.
public struct ParsedCommand: Sendable, Equatable {
    public var name: String
    public var positionals: [String]
    public var flags: [String: String]

    public init(name: String, positionals: [String], flags: [String: String]) {
        self.name = name
        self.positionals = positionals
        self.flags = flags
    }

    public func has(_ flag: String) -> Bool { flags[flag] != nil }
    public func value(_ flag: String) -> String? { flags[flag] }
    public subscript(_ i: Int) -> String? { i < positionals.count ? positionals[i] : nil }
}
