/// A command line that does not fit its command's declaration. Each message is one paragraph naming what is
/// wrong, with the command's usage line; the command line exits 2, the console hands the line to the phrase
/// rules instead (a sentence is not a usage error).
public enum CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    case noCommand
    case unknownCommand(word: String, suggestions: [String])
    /// `sop` alone, or `sop frobnicate`: a command family without (or with an unknown) subcommand.
    case missingSubcommand(command: String, given: String?, subcommands: [String])
    case unknownFlag(command: String, flag: String, usage: String)
    case missingArgument(command: String, argument: String, usage: String)
    case extraArgument(command: String, word: String, usage: String)
    case missingValue(command: String, flag: String, usage: String)
    case conflictingFlags(command: String, flags: [String], usage: String)
    case missingChoice(command: String, flags: [String], usage: String)
    /// Not for the console: `quit` on the command line.
    case consoleOnly(command: String)
    /// A flag's value that is not in the form it needs.
    case badValue(flag: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .noCommand:
            return "No command given. `evermed-ops help` lists them; `evermed-ops` alone opens the console."
        case let .unknownCommand(word, suggestions):
            let close = suggestions.isEmpty ? "" : " Did you mean \(suggestions.map { "`\($0)`" }.joined(separator: ", "))?"
            return "Unknown command \"\(VisibleText.line(word))\".\(close) `evermed-ops help` lists every command."
        case let .missingSubcommand(command, given, subcommands):
            let what = given.map { "\(command) has no subcommand \"\(VisibleText.line($0))\"" } ?? "\(command) needs a subcommand"
            return "\(what): \(subcommands.joined(separator: ", ")). `evermed-ops help \(command)` explains each."
        case let .unknownFlag(command, flag, usage):
            return "\(command) has no flag \(VisibleText.line(flag)). Usage: \(usage)"
        case let .missingArgument(command, argument, usage):
            return "\(command) needs \(argument). Usage: \(usage)"
        case let .extraArgument(command, word, usage):
            return "\(command) takes no further argument \"\(VisibleText.line(word))\". Usage: \(usage)"
        case let .missingValue(command, flag, usage):
            return "\(command): \(flag) needs a value. Usage: \(usage)"
        case let .conflictingFlags(command, flags, usage):
            return "\(command): give only one of \(flags.joined(separator: ", ")). Usage: \(usage)"
        case let .missingChoice(command, flags, usage):
            return "\(command): give one of \(flags.joined(separator: " or ")). Usage: \(usage)"
        case let .consoleOnly(command):
            return "`\(command)` is a console command; on the command line it has nothing to do."
        case let .badValue(flag, value, expected):
            return "\(flag) \"\(VisibleText.line(value))\" is not \(expected)."
        }
    }
}
