import Foundation
import OpsCore
import OpsEngine
import OpsWorkspace

extension Console {
    /// The router's view of the project, loaded fresh for each line (the config or the folder may change
    /// while the console is open); without a usable config, the router still knows the commands.
    func context() -> RouterContext {
        let workspace = try? loadWorkspace().get()
        let folder = workspace.flatMap { try? MigrationsFolder.load(directory: $0.migrationsDirectory,
                                                                    displayPath: $0.migrationsDisplayPath) }
        return RouterContext(environments: workspace?.environments.map(\.name) ?? [],
                             migrations: folder?.migrations.map(\.name) ?? [], sops: [], tables: session.tables,
                             activeSOP: session.activeSOP?.name)
    }

    /// The project as it is now; on success the session's redactor learns its secrets.
    func loadWorkspace() -> Result<Workspace, Error> {
        let cwd = FileManager.default.currentDirectoryPath
        let result = Result { try Workspace.load(configPath: options.configPath, cwd: cwd,
                                                 environment: ProcessInfo.processInfo.environment) }
        if case let .success(workspace) = result {
            session.redactor = Engine.redactor(for: workspace)
            terminal.redactor = session.redactor
        }
        return result
    }

    /// A `--config` naming no readable file ends the console at once (exit 2); any other problem with the
    /// project is reported by each line that needs it, so `help` and `quit` still work.
    static func isFatalAtStart(_ error: Error, configPath: String?) -> Bool {
        guard configPath != nil, let error = error as? WorkspaceError else { return false }
        switch error {
        case .configNotFound: return true
        case let .unreadableFile(path, _): return path == configPath
        default: return false
        }
    }

    /// Tab uses the context of the last line (re-reading the config and hashing every migration on each key
    /// press would be work done again), with the tables learnt since.
    func completions(_ before: String) -> [String] {
        var context = session.context ?? self.context()
        session.context = context
        context.tables = session.tables
        return Completer(context: context).candidates(line: before, cursor: before.count)
    }

    var runner: CommandRunner {
        var runner = CommandRunner(options: OutputOptions(configPath: options.configPath, json: false,
                                                          noColor: options.noColor, verbose: options.verbose))
        runner.insideConsole = true
        return runner
    }

    /// One typed action, with the one-shot CLI's implementation. Ctrl-C while it runs cancels its SQL.
    func execute(_ action: Action) -> Int32 {
        Interrupts.beginCommand()
        var r = runner
        let code: Int32
        switch action {
        case let .status(envs): code = r.status(envs)
        case let .check(envs): code = r.check(envs)
        case let .diff(a, b): code = r.diff(a, b)
        case let .deploy(env, dryRun):
            var o = DeployOptions()
            o.dryRun = dryRun
            code = r.deploy(env, o)
        case let .resolve(env, migration, mode):
            code = r.resolve(env, migration, mode == .applied ? .applied : .rolledBack, HistoryChangeOptions())
        case let .baseline(env, upTo): code = r.baseline(env, upTo: upTo, HistoryChangeOptions())
        case let .audit(env): code = r.audit(env)
        case let .describe(env, table):
            let (c, names) = r.describe(env, table)
            // Tab offers `users`, not `public.users`: the default schema is what people type.
            if let names { session.tables[env] = names.map { $0.hasPrefix("public.") ? String($0.dropFirst(7)) : $0 } }
            code = c
        case .next: code = r.next()
        case let .diagnose(env): code = r.diagnose(env)
        case let .help(topic):
            terminal.out(ConsoleHelp.text(topic, style: terminal.style(noColor: options.noColor)))
            code = 0
        case .sopList, .sopStart, .sopNext, .sopStatus, .sopAbort:
            terminal.err("Playbooks (the SOPs in sops/) are not loaded by this version of evermed-ops yet; "
                + "`help` lists what the console can do today.")
            code = 2
        case .quit: code = 0
        }
        Interrupts.parkIfInterrupted()     // SIGTERM: the handler is exiting with 143; report nothing
        if Interrupts.endCommand() { terminal.err("interrupted: `\(action.commandLine)` was cancelled; nothing further ran.") }
        return code
    }

    /// Ambiguity is resolved by asking: numbered choices on a terminal, an error in a script.
    func ask(_ question: String, _ choices: [Action]) -> Int32 {
        let list = choices.enumerated().map { "  \($0.offset + 1). \($0.element.commandLine)" }.joined(separator: "\n")
        guard isatty(0) == 1, options.command == nil else {
            terminal.err("\(question) The line is ambiguous; write one of:\n\(list)")
            return 2
        }
        terminal.out(question + "\n" + list)
        terminal.prompt("choose 1-\(choices.count) (Enter to cancel): ")
        guard let answer = TerminalConfirmer.readAnswer(), let n = Int(answer.trimmingCharacters(in: .whitespaces)),
              (1...choices.count).contains(n) else { return 0 }
        return execute(choices[n - 1])
    }

    /// A loose match to a command that changes a database is only a suggestion until the operator says yes.
    func confirm(_ action: Action, _ reason: String) -> Int32 {
        guard isatty(0) == 1, options.command == nil else {
            terminal.err("Did you mean `\(action.commandLine)`? (\(reason)) Not run: write the command exactly.")
            return 2
        }
        terminal.prompt("Did you mean `\(action.commandLine)`? (\(reason)) [y/N] ")
        let answer = TerminalConfirmer.readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes" ? execute(action) : 0
    }
}
