import Foundation
import OpsCore
import OpsEngine
import OpsLLM
import OpsWorkspace

/// Options every command takes.
public struct OutputOptions: Sendable {
    public var configPath: String?
    public var json: Bool
    public var noColor: Bool
    /// Progress lines on stderr even when it is not a TTY (CI logs, tests).
    public var verbose: Bool

    public init(configPath: String?, json: Bool, noColor: Bool, verbose: Bool = false) {
        self.configPath = configPath
        self.json = json
        self.noColor = noColor
        self.verbose = verbose
    }

    public init(_ global: GlobalFlags) {
        self.init(configPath: global.config, json: global.json, noColor: global.noColor, verbose: global.verbose)
    }
}

/// Runs one typed action end to end, for the command line and for each console line: load the workspace
/// (once), run the action (`ActionRunner`), render the result at the print site (human or `--json`), and
/// return the exit code (`ActionResult.exitCode`; 2 for an error, which is printed as one paragraph).
public struct CommandRunner {
    public let options: OutputOptions
    var terminal = Terminal()
    /// The console runs many commands in one process and installs its own interrupt handling.
    var insideConsole = false
    /// The project as the console read it for this line (read here when nil: the command line).
    var project: (workspace: Workspace, folder: Result<MigrationsFolder, Error>)?

    public init(options: OutputOptions) {
        self.options = options
        terminal.noColor = options.noColor
    }

    var style: Style { terminal.style(noColor: options.noColor || options.json) }

    /// Runs `action` and prints what it found; the exit code.
    public mutating func run(_ action: Action) -> Int32 { perform(action).code }

    /// The same, also handing back the result (the console keeps `describe`'s table names for Tab).
    mutating func perform(_ action: Action) -> (code: Int32, result: ActionResult?) {
        if case let .help(topic) = action {
            terminal.out(HelpRenderer.text(topic, style: terminal.style(noColor: options.noColor)))
            return (0, .help(topic: topic))
        }
        do {
            let runner = try actionRunner()
            let result = try runner.run(action)
            Interrupts.parkIfInterrupted()   // SIGTERM while it ran: the handler is exiting; report nothing
            terminal.out(options.json ? ResultRenderer.json(result) : ResultRenderer.human(result, style: style))
            return (result.exitCode, result)
        } catch {
            Interrupts.parkIfInterrupted()
            // Console: Ctrl-C cancelled the work; its error is a consequence, and the console says what stopped.
            if insideConsole && Interrupts.endCommand() { return (130, nil) }
            terminal.err("error: " + String(describing: error))
            // --json promises a document on stdout: the error is one too, so a script never parses nothing.
            if options.json { terminal.out(ErrorRenderer.json(error)) }
            return (2, nil)
        }
    }

    /// The workspace, loaded once for this action, and an engine whose progress and warnings reach the terminal.
    mutating func actionRunner() throws -> ActionRunner {
        let cwd = FileManager.default.currentDirectoryPath
        let workspace = try project?.workspace ?? Workspace.load(configPath: options.configPath, cwd: cwd,
                                                                environment: ProcessInfo.processInfo.environment)
        // The redactor first: the closures below capture a copy of the terminal, and a migrations-folder
        // error thrown by Engine.init is printed through it too.
        terminal.redactor = Engine.redactor(for: workspace)
        let t = terminal, verbose = options.verbose
        let engine = try Engine(workspace: workspace, folder: try project?.folder.get(),
                                progress: { t.progress($0, force: verbose) }, warn: { t.err("warning: " + $0) })
        for warning in engine.folder.warnings where !options.json { terminal.err("warning: " + warning) }
        if !insideConsole { Interrupts.installOneShotHandlers(report: { [terminal] in terminal.err($0) }) }
        let confirmer = TerminalConfirmer(terminal: terminal)
        var runner = ActionRunner(engine: engine, interactive: confirmer.isInteractive, approve: approver(confirmer),
                                  sop: sopHost(confirmer))
        runner.llm = llmHost(runner)
        return runner
    }

    /// The LLM's print site: the diagnosis before the explanation, the text as it streams (not under `--json`),
    /// each tool call on stderr, and read-only tool results rendered as their `--json` documents.
    func llmHost(_ runner: ActionRunner) -> LLMHost {
        let t = terminal, style = terminal.style(noColor: options.noColor), json = options.json
        let diagnosis: @Sendable (Diagnosis) -> Void = { d in
            guard !json else { return }
            t.out(DiagnosisRenderer.human(d, style: style) + "\n\n" + style.bold("Explanation"))
        }
        let streamer: @Sendable (String) -> Void = { piece in t.stream(piece) }
        let token: (@Sendable (String) -> Void)? = json ? nil : streamer
        let toolCall: @Sendable (String, String) -> Void = { name, args in t.err(style.dim("  ↳ \(name) \(args)")) }
        let execute: @Sendable (ToolRegistry.Invocation) throws -> String = { invocation in
            try ToolResults.json(invocation, runner: runner)
        }
        return LLMHost(diagnosis: diagnosis, token: token, toolCall: toolCall, execute: execute, cancel: CancelToken())
    }

    /// A guided session's narration goes to stdout (stderr under `--json`, whose stdout is the step's document);
    /// its questions are asked on the terminal, or read from the next line of stdin in a script.
    func sopHost(_ confirmer: TerminalConfirmer) -> SOPHost {
        let t = terminal, json = options.json, style = terminal.style(noColor: options.noColor)
        let say: @Sendable (String) -> Void = { text in
            guard !text.isEmpty else { return }
            if json { t.err(text) } else { t.out(text) }
        }
        let ask: @Sendable (String) -> Bool = { question in confirmer.answerYesNo(question) }
        let approve = approver(confirmer, answerFromStdin: true)
        return SOPHost(event: { say(SOPRenderer.event($0, style: style)) },
                       result: { result, _ in say(ResultRenderer.human(result, style: style)) },
                       failure: { error, _ in t.err("error: " + String(describing: error)) },
                       ask: ask, output: { say("  " + style.dim("│ ") + $0) }, approve: approve)
    }

    /// Asks on the terminal: the plan and the question on stderr, the answer from stdin.
    /// `answerFromStdin`: in a guided session a script answers on stdin (not only a terminal).
    func approver(_ confirmer: TerminalConfirmer, answerFromStdin: Bool = false) -> Approver {
        let style = terminal.style(noColor: options.noColor)
        return { title, plan, request in
            if let plan { confirmer.show(DeployRenderer.plan(plan, style: style, sql: false)) }
            switch request {
            case let .typeName(name):
                return answerFromStdin ? confirmer.answerTyped(title + "\nType \(name) to continue: ", expected: name)
                    : confirmer.confirmTyped(title + "\nType \(name) to continue: ", expected: name)
            case .yesNo: return answerFromStdin ? confirmer.answerYesNo(title) : confirmer.confirmYesNo(title)
            }
        }
    }

    /// A line for stdout, through the print site.
    public func say(_ text: String) { terminal.out(text) }

    /// For argument errors found before any action runs.
    public func usageError(_ message: String) -> Int32 {
        terminal.err(message)
        return 2
    }
}
