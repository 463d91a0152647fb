import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OpsCore
import OpsEngine
import OpsWorkspace

/// How the console was started.
public struct ConsoleOptions: Sendable {
    public var configPath: String?
    public var noColor: Bool
    /// Piped scripts: stop at the first failing line (psql's ON_ERROR_STOP).
    public var stopOnError: Bool
    /// `-c LINE`: run one line and exit, like `psql -c`.
    public var command: String?
    /// Progress lines on stderr even when it is not a terminal.
    public var verbose: Bool

    /// `--json`: every line prints what its command prints with `--json`.
    public var json: Bool

    public init(configPath: String?, noColor: Bool, stopOnError: Bool, command: String?, verbose: Bool = false,
                json: Bool = false) {
        self.configPath = configPath
        self.noColor = noColor
        self.stopOnError = stopOnError
        self.command = command
        self.verbose = verbose
        self.json = json
    }
}

/// The operator console: reads lines (libedit on a terminal, plain lines from a pipe), routes each to a typed
/// action and runs it with the same code as the one-shot CLI. Every error is printed and the session goes on.
/// Exit code: `-c` and scripts, the (last) failing line's code, 0 when none failed; an interactive session that
/// ends normally, 0 (like psql).
public final class Console {
    let options: ConsoleOptions
    var terminal = Terminal()
    var session = ConsoleState()
    var lastFailure: Int32 = 0

    public init(options: ConsoleOptions) {
        self.options = options
        terminal.noColor = options.noColor
    }

    public static func run(_ options: ConsoleOptions) -> Int32 { Console(options: options).run() }

    func run() -> Int32 {
        let interactive = isatty(0) == 1 && isatty(1) == 1
        let tty = TerminalModes.save()
        Interrupts.install(mode: .console, report: { [terminal] in terminal.err($0) },
                           beforeExit: { tty?.restore() })
        defer { tty?.restore() }
        // Before any line is read: a --config that names no file is an error, as for every one-shot command,
        // and the redactor must know the workspace's secrets before the first line can reach the history.
        if case let .failure(error) = loadWorkspace(), Console.isFatalAtStart(error, configPath: options.configPath) {
            terminal.err("error: " + String(describing: error))
            return 2
        }
        if let line = options.command { return handle(line) ?? lastFailure }
        return interactive ? runInteractive() : runScript()
    }

    /// Terminal: libedit, history, Tab completion, a prompt that shows the context.
    func runInteractive() -> Int32 {
        guard let editor = LineEditor(historyFile: HistoryFile()) else { return runScript() }
        editor.completer = { [unowned self] before in self.completions(before) }
        terminal.out(terminal.style(noColor: options.noColor).dim(
            "evermed-ops console — type `help`, a command such as `check staging`, or a question; Ctrl-D quits."))
        offerResume()
        while true {
            editor.prompt = session.prompt
            guard let line = editor.readLine() else { terminal.out(""); break }
            Interrupts.beginCommand()     // from here a Ctrl-C stops this line, also while the project is read
            // The project is read before the line is remembered, so a secret it holds (a password typed at
            // the prompt by mistake) is known to the redactor when the history decides what to keep.
            let project = loadProject()
            editor.remember(line, secrets: session.redactor)
            if handle(line, project: project) == nil { break }
        }
        // Like psql: a session that ends normally exits 0, whatever its lines found.
        return 0
    }

    /// Pipe or file: no prompt, no escape codes; stop at the first failure with --stop-on-error.
    func runScript() -> Int32 {
        while let line = readLine() {
            guard let code = handle(line) else { break }
            if code != 0 && options.stopOnError { return code }
        }
        return lastFailure
    }

    /// Runs one line; nil means quit. Blank lines and `#` comments do nothing. `--json` and `--no-color` may end
    /// any line; the program's name may start it (advice pasted back as shown).
    func handle(_ raw: String, project known: LineProject? = nil) -> Int32? {
        var line = raw.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, !line.hasPrefix("#") else { return 0 }
        if line.hasPrefix("evermed-ops ") { line = String(line.dropFirst("evermed-ops ".count)).trimmingCharacters(in: .whitespaces) }
        let (json, stripped) = Console.lineFlags(line)
        guard let stripped else {
            terminal.err("--config cannot be changed from a console line: start the console with `evermed-ops --config PATH`.")
            lastFailure = 2
            return 2
        }
        line = stripped
        // A Ctrl-C from an earlier line must not answer this line's questions; one pressed while this line's
        // project was read (a large migrations folder is hashed) stops it before anything runs.
        if known == nil { Interrupts.beginCommand() }
        let project = known ?? loadProject()
        refreshSession(project)
        let context = self.context(project)
        session.context = context
        if Interrupts.endCommand() {
            terminal.err("interrupted: `\(Console.excerpt(line))` was not run.")
            return 130
        }
        let asJSON = json || options.json
        let code: Int32
        switch Router(context: context).route(line) {
        case let .action(action):
            if action == .quit { return nil }
            if action == .mcp {
                terminal.err("`mcp` serves an MCP client on stdin/stdout: start it as `evermed-ops mcp` from the client's configuration.")
                lastFailure = 2
                return 2
            }
            // Any `sop` command picks up a session set aside at start; with one active, a bare `next` is its next
            // step ("what next?" is still the advice, which names the session's step among the findings).
            if action.command == "sop" { session.pausedSession = nil }
            let bareNext = line.trimmingCharacters(in: .whitespaces).lowercased() == "next"
            var run = action == .next && bareNext && session.activeSOP != nil ? .sopNext : action
            switch run {
            case let .diagnose(env), let .explain(env?, _): session.lastDiagnosed = env
            case let .explain(nil, showPrompt):
                guard let last = session.lastDiagnosed else {
                    terminal.err("Explain what? Run `diagnose ENV` first, or `diagnose ENV --explain` in one go.")
                    lastFailure = 2
                    return 2
                }
                run = .explain(environment: last, showPrompt: showPrompt)
            default: break
            }
            code = execute(run, project, json: asJSON)
            refreshSession(project)
        case let .ask(question, choices):
            code = ask(question, choices, project, json: asJSON)
        case let .confirmSuggestion(action, reason):
            code = confirm(action, reason, project, json: asJSON)
        case let .notUnderstood(suggestions):
            if let handled = askTheModel(line, project, json: asJSON) {
                code = handled
                break
            }
            let message = "I did not understand \"\(Console.excerpt(line))\". Closest commands: "
                + suggestions.map { "`\($0)`" }.joined(separator: ", ") + "."
            terminal.err(message)
            if asJSON { terminal.out(JSON.encode(["error": message])) }
            code = 2
        case let .refused(reason):
            terminal.err(reason)
            if asJSON { terminal.out(JSON.encode(["error": reason])) }
            code = 2
        }
        if code != 0 { lastFailure = code }
        return code
    }

    /// The line without the global flags a line may carry (`--json`, `--no-color`, `-v`), whether it asked for
    /// JSON; nil when it tries to change `--config`.
    static func lineFlags(_ line: String) -> (json: Bool, line: String?) {
        var json = false
        var kept: [Substring] = []
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            switch word {
            case "--json": json = true
            case "--no-color", "-v", "--verbose": continue
            case "--config": return (json, nil)
            default:
                if word.hasPrefix("--config=") { return (json, nil) }
                kept.append(word)
            }
        }
        return (json, kept.joined(separator: " ").trimmingCharacters(in: .whitespaces))
    }

    /// A line quoted back in a message: one line, at most 80 characters.
    static func excerpt(_ line: String) -> String {
        let one = VisibleText.line(line)
        return one.count > 80 ? String(one.prefix(79)) + "…" : one
    }
}
