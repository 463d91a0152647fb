import Foundation
import OpsCore
import OpsEngine
import OpsPlaybooks
import OpsWorkspace

/// The project as one console line sees it: read once, for the router and for the action.
struct LineProject {
    var workspace: Result<Workspace, Error>
    var folder: Result<MigrationsFolder, Error>?
}

extension Console {
    /// Reads the project for a line (the config or the folder may change while the console is open); on success
    /// the session's redactor learns its secrets.
    func loadProject() -> LineProject {
        let result = loadWorkspace()
        let folder = (try? result.get()).map { ws in
            Result { try MigrationsFolder.load(directory: ws.migrationsDirectory, displayPath: ws.migrationsDisplayPath) }
        }
        return LineProject(workspace: result, folder: folder)
    }

    /// The router's view of the project; without a usable config, the router still knows the commands.
    func context(_ project: LineProject) -> RouterContext {
        let workspace = try? project.workspace.get()
        let folder = try? project.folder?.get()
        return RouterContext(environments: workspace?.environments.map(\.name) ?? [],
                             migrations: folder?.migrations.map(\.name) ?? [],
                             sops: SOPCatalog.load(workspace).entries.map(\.name), tables: session.tables,
                             activeSOP: session.activeSOP?.name)
    }

    /// The session store's unfinished session, unless the person set it aside when the console opened.
    func refreshSession(_ project: LineProject) {
        guard let workspace = try? project.workspace.get(),
              let active = SessionStore(stateDirectory: workspace.stateDirectory).active(),
              active.id != session.pausedSession else {
            session.activeSOP = nil
            return
        }
        session.activeSOP = (active.sop, active.step, active.steps)
    }

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
        var context = session.context ?? self.context(loadProject())
        session.context = context
        context.tables = session.tables
        return Completer(context: context).candidates(line: before, cursor: before.count)
    }

    /// A runner for one line, on the project read for it; `json` from the console's `--json` or the line's.
    func runner(_ project: LineProject?, json: Bool) -> CommandRunner {
        var runner = CommandRunner(options: OutputOptions(configPath: options.configPath, json: json,
                                                          noColor: options.noColor, verbose: options.verbose))
        runner.insideConsole = true
        if let project, case let .success(workspace) = project.workspace, let folder = project.folder {
            runner.project = (workspace, folder)
        }
        return runner
    }

    /// One typed action, with the command line's implementation. Ctrl-C while it runs cancels its SQL.
    func execute(_ action: Action, _ project: LineProject?, json: Bool) -> Int32 {
        Interrupts.beginCommand()
        var r = runner(project, json: json)
        let (code, result) = r.perform(action)
        if case let .describe(report)? = result, case let .describe(env, _) = action {
            // Tab offers `users`, not `public.users`: the default schema is what people type.
            session.tables[env] = report.tableNames.map { $0.hasPrefix("public.") ? String($0.dropFirst(7)) : $0 }
        }
        Interrupts.parkIfInterrupted()     // SIGTERM: the handler is exiting with 143; report nothing
        if Interrupts.endCommand() { terminal.err("interrupted: `\(action.commandLine)` was cancelled; nothing further ran.") }
        return code
    }

    /// Ambiguity is resolved by asking: numbered choices on a terminal, an error in a script; with `--json`,
    /// the question as a document (nothing runs).
    func ask(_ question: String, _ choices: [Action], _ project: LineProject?, json: Bool) -> Int32 {
        if json {
            struct Question: Encodable { var question: String, options: [String] }
            terminal.out(JSON.encode(Question(question: question, options: choices.map(\.commandLine))))
            return 1
        }
        let list = choices.enumerated().map { "  \($0.offset + 1). \($0.element.commandLine)" }.joined(separator: "\n")
        guard isatty(0) == 1, options.command == nil else {
            terminal.err("\(question) The line is ambiguous; write one of:\n\(list)")
            return 2
        }
        terminal.out(question + "\n" + list)
        terminal.prompt("choose 1-\(choices.count) (Enter to cancel): ")
        guard let answer = TerminalConfirmer.readAnswer(), let n = Int(answer.trimmingCharacters(in: .whitespaces)),
              (1...choices.count).contains(n) else { return 0 }
        return execute(choices[n - 1], project, json: json)
    }

    /// A loose match to a command that changes a database is only a suggestion until the operator says yes;
    /// with `--json`, the suggestion as a document (nothing runs).
    func confirm(_ action: Action, _ reason: String, _ project: LineProject?, json: Bool) -> Int32 {
        if json {
            terminal.out(JSON.encode(["suggestion": action.commandLine, "reason": reason]))
            return 1
        }
        guard isatty(0) == 1, options.command == nil else {
            terminal.err("Did you mean `\(action.commandLine)`? (\(reason)) Not run: write the command exactly.")
            return 2
        }
        terminal.prompt("Did you mean `\(action.commandLine)`? (\(reason)) [y/N] ")
        let answer = TerminalConfirmer.readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes" ? execute(action, project, json: json) : 0
    }
}

extension Console {
    /// A console opened on an unfinished session offers to continue it (Enter is yes); no sets it aside until
    /// `sop resume`.
    func offerResume() {
        let project = loadProject()
        guard let workspace = try? project.workspace.get(),
              let active = SessionStore(stateDirectory: workspace.stateDirectory).active() else { return }
        let style = terminal.style(noColor: options.noColor)
        terminal.out("An unfinished \(style.bold(active.sop)) session is at step \(active.step)/\(active.steps), “"
            + VisibleText.line(active.stepTitle) + "” (started \(active.startedAt.prefix(16).replacingOccurrences(of: "T", with: " ")) UTC).")
        terminal.prompt("Resume it? [Y/n] ")
        let answer = TerminalConfirmer.readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "n"
        if answer.isEmpty || answer == "y" || answer == "yes" {
            session.pausedSession = nil
            _ = execute(.sopResume, project, json: false)
        } else {
            session.pausedSession = active.id
            terminal.out(style.dim("Set aside: `sop resume` continues it, `sop abort` ends it."))
        }
        refreshSession(project)
    }
}

extension Console {
    /// With an LLM configured, a line the router could not place goes to the model (`route.md`): a command it
    /// names is validated by the registry, shown, and confirmed first when it changes a database; a question
    /// with no command is answered (`ask`). nil: no LLM, or it found nothing — the usual "not understood".
    func askTheModel(_ line: String, _ project: LineProject, json: Bool) -> Int32? {
        guard let workspace = try? project.workspace.get(), workspace.llm != nil else { return nil }
        var r = runner(project, json: json)
        do {
            let actions = try r.actionRunner()
            if let action = try actions.route(line) {
                terminal.err("The model reads “\(Console.excerpt(line))” as `\(action.commandLine)`.")
                return action.isMutating ? confirm(action, "suggested by the model", project, json: json)
                    : execute(action, project, json: json)
            }
            let words = line.lowercased().split(separator: " ")
            let question = line.hasSuffix("?") || ["how", "what", "why", "when", "should", "can", "is", "do"].contains(words.first.map(String.init) ?? "")
            return question ? execute(.ask(question: line), project, json: json) : nil
        } catch {
            terminal.err("error: " + String(describing: error))
            return 2
        }
    }
}
