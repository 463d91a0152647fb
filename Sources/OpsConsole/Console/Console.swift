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

    public init(configPath: String?, noColor: Bool, stopOnError: Bool, command: String?, verbose: Bool = false) {
        self.configPath = configPath
        self.noColor = noColor
        self.stopOnError = stopOnError
        self.command = command
        self.verbose = verbose
    }
}

/// The operator console: reads lines (libedit on a terminal, plain lines from a pipe), routes each to a typed
/// action and runs it with the same code as the one-shot CLI. Every error is printed and the session goes on.
/// Exit code: the last failing line's code, 0 when none failed.
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
        while true {
            editor.prompt = session.prompt
            guard let line = editor.readLine() else { terminal.out(""); break }
            // The project is read before the line is remembered, so a secret it holds (a password typed at
            // the prompt by mistake) is known to the redactor when the history decides what to keep.
            Interrupts.beginCommand()     // from here a Ctrl-C stops this line, also while the project is read
            let context = self.context()
            editor.remember(line, secrets: session.redactor)
            if handle(line, context: context) == nil { break }
        }
        return lastFailure
    }

    /// Pipe or file: no prompt, no escape codes; stop at the first failure with --stop-on-error.
    func runScript() -> Int32 {
        while let line = readLine() {
            guard let code = handle(line) else { break }
            if code != 0 && options.stopOnError { return code }
        }
        return lastFailure
    }

    /// Runs one line; nil means quit. Blank lines and `#` comments do nothing.
    func handle(_ raw: String, context known: RouterContext? = nil) -> Int32? {
        let line = raw.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, !line.hasPrefix("#") else { return 0 }
        // A Ctrl-C from an earlier line must not answer this line's questions; one pressed while this line's
        // project was read (a large migrations folder is hashed) stops it before anything runs.
        if known == nil { Interrupts.beginCommand() }
        let context = known ?? self.context()
        session.context = context
        if Interrupts.endCommand() {
            terminal.err("interrupted: `\(Console.excerpt(line))` was not run.")
            return 130
        }
        let code: Int32
        switch Router(context: context).route(line) {
        case let .action(action):
            if action == .quit { return nil }
            code = execute(action)
        case let .ask(question, choices):
            code = ask(question, choices)
        case let .confirmSuggestion(action, reason):
            code = confirm(action, reason)
        case let .notUnderstood(suggestions):
            terminal.err("I did not understand \"\(Console.excerpt(line))\". Closest commands: "
                + suggestions.map { "`\($0)`" }.joined(separator: ", ") + ".")
            code = 2
        case let .refused(reason):
            terminal.err(reason)
            code = 2
        }
        if code != 0 { lastFailure = code }
        return code
    }

    /// A line quoted back in a message: one line, at most 80 characters.
    static func excerpt(_ line: String) -> String {
        let one = VisibleText.line(line)
        return one.count > 80 ? String(one.prefix(79)) + "…" : one
    }
}
