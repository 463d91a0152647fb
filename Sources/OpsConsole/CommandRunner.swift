import Foundation
import OpsCore
import OpsEngine
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
}

/// Runs one typed action end to end for the one-shot CLI: load the workspace, run the engine, render,
/// and return the exit code (0 in sync / same, 1 findings, 2 error).
public struct CommandRunner {
    public let options: OutputOptions
    var terminal = Terminal()
    /// The console runs many commands in one process and installs its own interrupt handling.
    var insideConsole = false

    public init(options: OutputOptions) {
        self.options = options
        terminal.noColor = options.noColor
    }

    var style: Style { terminal.style(noColor: options.noColor || options.json) }

    mutating func engine() throws -> Engine {
        let cwd = FileManager.default.currentDirectoryPath
        let workspace = try Workspace.load(configPath: options.configPath, cwd: cwd,
                                           environment: ProcessInfo.processInfo.environment)
        // The redactor first: the closures below capture a copy of the terminal, and a migrations-folder
        // error thrown by Engine.init is printed through it too.
        terminal.redactor = Engine.redactor(for: workspace)
        let t = terminal, verbose = options.verbose
        let engine = try Engine(workspace: workspace, progress: { t.progress($0, force: verbose) },
                                warn: { t.err("warning: " + $0) })
        for warning in engine.folder.warnings where !options.json { terminal.err("warning: " + warning) }
        if !insideConsole { Interrupts.installOneShotHandlers(report: { [terminal] in terminal.err($0) }) }
        return engine
    }

    /// Any thrown error is a usage, config, connection or internal error: one paragraph on stderr, exit 2.
    mutating func guarded(_ body: (inout CommandRunner) throws -> Int32) -> Int32 {
        do { return try body(&self) } catch {
            Interrupts.parkIfInterrupted()
            // Console: Ctrl-C cancelled the work; its error is a consequence, and the console says what stopped.
            if insideConsole && Interrupts.endCommand() { return 130 }
            terminal.err("error: " + String(describing: error))
            // --json promises a document on stdout: the error is one too, so a script never parses nothing.
            if options.json { terminal.out(ErrorRenderer.json(error)) }
            return 2
        }
    }

    public mutating func status(_ names: [String]) -> Int32 {
        guarded { runner in
            let report = try runner.engine().status(names)
            Interrupts.parkIfInterrupted()
            runner.terminal.out(runner.options.json ? StatusRenderer.json(report)
                                                    : StatusRenderer.human(report, style: runner.style))
            return report.anyError ? 2 : report.allInSync ? 0 : 1
        }
    }

    public mutating func check(_ names: [String]) -> Int32 {
        guarded { runner in
            let reports = try runner.engine().check(names)
            Interrupts.parkIfInterrupted()
            let all = names == ["all"] || names.count != 1
            runner.terminal.out(runner.options.json ? CheckRenderer.json(reports, all: all)
                                                    : CheckRenderer.human(reports, style: runner.style))
            if reports.contains(where: { $0.error != nil }) { return 2 }
            return reports.allSatisfy(\.inSync) ? 0 : 1
        }
    }

    public mutating func diff(_ a: String, _ b: String) -> Int32 {
        guarded { runner in
            let report = try runner.engine().diff(a, b)
            Interrupts.parkIfInterrupted()
            runner.terminal.out(runner.options.json ? DiffRenderer.json(report)
                                                    : DiffRenderer.human(report, style: runner.style))
            return report.changes.isEmpty ? 0 : 1
        }
    }

    /// For argument errors found before any action runs.
    public func usageError(_ message: String) -> Int32 {
        terminal.err(message)
        return 2
    }
}
