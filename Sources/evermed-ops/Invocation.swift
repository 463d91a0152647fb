import Foundation
import OpsConsole
import OpsCore

/// What the program was asked to do: a command, the console (`-c LINE`, a script, a terminal), help or the
/// version. Parsing is `CommandLineParser`'s; this adds the few flags that only the program itself takes.
enum Invocation {
    static let versionText = "evermed-ops 0.2.0"

    case command(Action, GlobalFlags)
    case console(ConsoleOptions)
    case help(String?)
    case version
    case usageError(String)

    /// `-c LINE`, `--stop-on-error` and `--version` are the program's own; everything else is a command's.
    static func parse(_ argv: [String]) -> Invocation {
        var line: String?, stopOnError = false, rest: [String] = []
        var i = 0
        while i < argv.count {
            switch argv[i] {
            case "-c":
                guard i + 1 < argv.count else { return .usageError("-c needs a console line, as in: evermed-ops -c \"check staging\"") }
                line = argv[i + 1]
                i += 1
            case "--stop-on-error": stopOnError = true
            case "--version": return .version
            default: rest.append(argv[i])
            }
            i += 1
        }
        do {
            let (global, words) = try CommandLineParser.globalFlags(rest)
            if global.help { return .help(CommandRegistry.definition(for: words)?.0.name ?? words.first) }
            if words.isEmpty {
                return .console(ConsoleOptions(configPath: global.config, noColor: global.noColor, stopOnError: stopOnError,
                                               command: line, verbose: global.verbose, json: global.json))
            }
            if line != nil { return .usageError("-c runs a console line; it cannot be combined with a command (\(words[0])).") }
            let parsed = try CommandLineParser.parse(words)
            if parsed.definition.scope == .console { throw CommandError.consoleOnly(command: parsed.definition.name) }
            if case .help(let topic) = try parsed.definition.build(parsed.parsed) { return .help(topic) }
            return .command(try parsed.definition.build(parsed.parsed), global)
        } catch let error as CommandError {
            return .usageError(String(describing: error))
        } catch {
            return .usageError(String(describing: error))
        }
    }

    static func run(_ invocation: Invocation) -> Int32 {
        switch invocation {
        case let .command(action, global):
            var runner = CommandRunner(options: OutputOptions(global))
            if action == .mcp { return runner.serveMCP(version: String(versionText.dropFirst("evermed-ops ".count))) }
            return runner.run(action)
        case let .console(options):
            return Console.run(options)
        case let .help(topic):
            var runner = CommandRunner(options: OutputOptions(configPath: nil, json: false, noColor: false))
            let code = runner.run(.help(topic: topic))
            if topic == nil {
                runner.say("\nevermed-ops with no command opens the console; evermed-ops -c LINE runs one console line "
                    + "(--stop-on-error: a piped script stops at the first failing line). --version prints the version.")
            }
            return code
        case .version:
            CommandRunner(options: OutputOptions(configPath: nil, json: false, noColor: false)).say(versionText)
            return 0
        case let .usageError(message):
            return CommandRunner(options: OutputOptions(configPath: nil, json: false, noColor: false)).usageError("error: " + message)
        }
    }
}
