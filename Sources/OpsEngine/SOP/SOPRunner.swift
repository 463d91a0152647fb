import Foundation
import OpsCore
import OpsPlaybooks
import OpsWorkspace

/// Runs guided sessions: `sop start/next/back/skip/abort/resume/status`. A step's blocks run in order — `ops`
/// lines through the router and the action runner (mutating lines must be exact and still pass their gates and
/// confirmations), shell blocks and project commands only after an explicit yes, task-list items as yes/no —
/// then its gates are evaluated; the step is done only when all of that holds. The session is saved after every
/// change and every block, confirmation, skip, abort and completion is audited.
struct SOPRunner {
    let engine: Engine
    let host: SOPHost
    let catalog: SOPCatalog
    let store: SessionStore

    init(engine: Engine, host: SOPHost) {
        self.engine = engine
        self.host = host
        self.catalog = SOPCatalog.load(engine.workspace)
        self.store = SessionStore(stateDirectory: engine.workspace.stateDirectory)
    }

    /// The runner `ops` lines use: confirmations come from the host (the terminal, or stdin in a script).
    var actions: ActionRunner {
        ActionRunner(engine: engine, interactive: true, approve: host.approve, sop: host)
    }

    // MARK: - Commands

    func start(_ name: String) throws -> SOPStepReport {
        if let active = store.active() { throw SOPError.inProgress(active) }
        let (entry, sop) = try load(name)
        let session = SOPSession(id: SessionStore.newID(), sop: sop, digest: entry.digest, at: Engine.timestamp())
        try save(session)
        audit(.sopStart, .ok, session, detail: sop.title)
        return SOPStepReport(session: session, sop: sop, outcome: .shown("started"))
    }

    func resume(command: String = "sop resume") throws -> SOPStepReport {
        let (session, sop, note) = try active(command)
        try save(session)
        return SOPStepReport(session: session, sop: sop, outcome: .shown(note ?? "resumed"))
    }

    func back() throws -> SOPStepReport {
        var (session, sop, _) = try active("sop back")
        session.back(sop)
        try save(session)
        return SOPStepReport(session: session, sop: sop, outcome: .shown("back"))
    }

    func skip(_ reason: String) throws -> SOPStepReport {
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw SOPError.emptyReason }
        var (session, sop, _) = try active("sop skip")
        let step = session.step
        session.skip(sop, reason: reason, at: Engine.timestamp())
        try save(session)
        audit(.sopSkip, .ok, session, step: step, detail: reason)
        if !session.isActive { audit(.sopDone, .ok, session, step: step, detail: summary(session)) }
        return SOPStepReport(session: session, sop: sop, outcome: .shown("skipped"))
    }

    func abort() throws -> SOPStepReport {
        var (session, sop, _) = try active("sop abort")
        session.abort()
        try save(session)
        audit(.sopAbort, .ok, session)
        return SOPStepReport(session: session, sop: sop, outcome: .shown("aborted"))
    }

    /// The active session, else the most recent one (done or aborted; nil when there was none), and its SOP
    /// when it still loads.
    func status() -> (SOPSession?, SOP?) {
        guard let session = store.active() ?? store.all().last else { return (nil, nil) }
        return (session, (try? load(session.sop))?.1)
    }

    /// Runs the current step from the first block not yet done, then its gates.
    func next() throws -> SOPStepReport {
        var (session, sop, note) = try active("sop next")
        let number = session.step
        let step = sop.steps[number - 1]
        host.event(.step(step, number: number, total: sop.steps.count, note: note))
        if session.blocksDone > 0 { host.event(.resumed(done: session.blocksDone, total: step.blocks.count)) }
        for (i, block) in step.blocks.enumerated() where i >= session.blocksDone {
            host.event(.block(block, resolved: resolved(block), number: i + 1, total: step.blocks.count))
            if let failure = run(block, session) {
                session.fail(reason: failure.reason, at: Engine.timestamp())
                try save(session)
                return SOPStepReport(session: session, sop: sop,
                                     outcome: .notDone(reasons: [failure.reason], commands: failure.commands))
            }
            session.blockDone()
            try save(session)
        }
        let outcomes = try evaluate(step.gates)
        if !outcomes.isEmpty { host.event(.gates(outcomes)) }
        let failing = outcomes.filter { !$0.holds }
        guard failing.isEmpty else {
            let reasons = failing.map { "\($0.gate): \($0.detail)" }
            session.fail(reason: reasons.joined(separator: "; "), at: Engine.timestamp())
            try save(session)
            return SOPStepReport(session: session, sop: sop,
                                 outcome: .notDone(reasons: reasons, commands: failing.compactMap(\.command)))
        }
        session.complete(sop, at: Engine.timestamp())
        try save(session)
        audit(.sopStep, .ok, session, step: number, detail: step.title)
        if !session.isActive { audit(.sopDone, .ok, session, step: number, detail: summary(session)) }
        return SOPStepReport(session: session, sop: sop, outcome: .done)
    }

    // MARK: - Blocks

    struct Failure {
        var reason: String
        var commands: [String] = []
    }

    /// Runs one block; nil when it succeeded.
    func run(_ block: SOPBlock, _ session: SOPSession) -> Failure? {
        switch block {
        case .ops:
            for line in block.lines {
                if let failure = runLine(line, session) { return failure }
            }
            return nil
        case let .sh(script):
            return shell(script, label: "the shell block", session)
        case let .command(name):
            guard let command = engine.workspace.command(named: name) else {
                host.event(.notConfigured(name: name))
                let yes = host.ask("`\(name)` is not configured; run it yourself. Did it pass?")
                audit(.sopConfirm, yes ? .ok : .declined, session, detail: "\(name) (not configured): " + (yes ? "yes" : "no"))
                return yes ? nil : Failure(reason: "`\(name)` was not confirmed (add `commands: { \(name): … }` to "
                    + "\(engine.workspace.configPath.map { ($0 as NSString).lastPathComponent } ?? Workspace.configFileName) to run it from here)")
            }
            return shell(command.command, label: "`\(name)`", session)
        case let .confirm(text):
            let yes = host.ask(text)
            audit(.sopConfirm, yes ? .ok : .declined, session, detail: text + ": " + (yes ? "yes" : "no"))
            return yes ? nil : Failure(reason: "not confirmed: “\(text)”")
        }
    }

    /// A shell command: asked first, then run with its output streamed; a non-zero exit fails the step.
    func shell(_ script: String, label: String, _ session: SOPSession) -> Failure? {
        let shown = engine.redactor.redact(script)
        guard host.ask("Run \(label)?") else {
            audit(.sopBlock, .declined, session, detail: "sh: " + Self.short(shown))
            return Failure(reason: "\(label) was not run: answer yes at `sop next`, or run it yourself and `sop skip REASON`")
        }
        let redactor = engine.redactor, output = host.output
        let outcome = ShellRunner.run(script, directory: engine.workspace.root, environment: engine.workspace.variables) {
            output(redactor.redact($0))
        }
        host.event(.exited(status: outcome.status, interrupted: outcome.interrupted))
        audit(.sopBlock, outcome.status == 0 ? .ok : outcome.interrupted ? .interrupted : .failed, session,
              detail: "sh: " + Self.short(shown), exitStatus: Int(outcome.status))
        if outcome.interrupted { return Failure(reason: "\(label) was interrupted (Ctrl-C)") }
        return outcome.status == 0 ? nil : Failure(reason: "\(label) exited with status \(outcome.status)")
    }

    /// One console line of an `ops` block. A read-only command that finds something (exit 1) is information
    /// — the gates decide; an error, a refusal or a mutating action that did not complete fails the step.
    func runLine(_ line: String, _ session: SOPSession) -> Failure? {
        let context = RouterContext(environments: engine.workspace.environments.map(\.name),
                                    migrations: engine.folder.migrations.map(\.name),
                                    sops: catalog.entries.map(\.name))
        let action: Action
        switch Router(context: context).route(line) {
        case let .action(a):
            action = a
        case let .confirmSuggestion(a, _):
            return fail(line, session, "`\(line)` is not exact syntax (it would be `\(a.commandLine)`): an SOP "
                + "runs only exact commands that change a database")
        case let .ask(question, _):
            return fail(line, session, "`\(line)` is ambiguous: \(question)")
        case .notUnderstood, .refused:
            return fail(line, session, "`\(line)` is not a command")
        }
        if action.command == "sop" || action == .quit {
            host.failure(SOPError.notAllowed(line: line), line)
            return fail(line, session, "`\(line)` cannot run inside a step")
        }
        do {
            let result = try actions.run(action)
            host.result(result, line)
            let code = result.exitCode
            audit(.sopBlock, code == 0 ? .ok : action.isMutating || code >= 2 ? .failed : .ok, session,
                  detail: "ops: " + Self.short(line), exitStatus: Int(code))
            if code >= 2 || (action.isMutating && code != 0) {
                return Failure(reason: "`\(line)` did not complete (exit \(code))", commands: [])
            }
            return nil
        } catch {
            host.failure(error, line)
            return fail(line, session, "`\(line)` failed")
        }
    }

    private func fail(_ line: String, _ session: SOPSession, _ reason: String) -> Failure {
        audit(.sopBlock, .failed, session, detail: "ops: " + Self.short(line), exitStatus: 2)
        return Failure(reason: reason)
    }

    /// The configured command line of a `> run:` block, shown before it is asked.
    func resolved(_ block: SOPBlock) -> String? {
        guard case let .command(name) = block else { return nil }
        return engine.workspace.command(named: name).map { engine.redactor.redact($0.command) }
    }

    // MARK: - Gates

    func evaluate(_ gates: [GateCondition]) throws -> [GateEvaluator.Outcome] {
        guard !gates.isEmpty else { return [] }
        let names = engine.workspace.environments.map(\.name)
        var wanted: [String] = []
        for gate in gates {
            guard let env = gate.environment else { continue }
            for name in env == "all" ? names : [env] where names.contains(name) && !wanted.contains(name) {
                wanted.append(name)
            }
        }
        let needsDrift = gates.contains {
            if case let .environment(_, c) = $0 { return c == .inSync || c == .noDrift }
            return false
        }
        var facts: [String: EnvironmentFacts] = [:]
        if !wanted.isEmpty {
            let ordered = names.filter(wanted.contains)
            if needsDrift {
                for report in try engine.check(ordered) { facts[report.environment] = report.facts }
            } else {
                for env in try engine.status(ordered).environments { facts[env.name] = env.facts }
            }
        }
        var git: GitFacts?
        if gates.contains(where: \.needsGit) {
            let paths = gates.compactMap { gate -> String? in
                if case let .gitClean(path) = gate { return path }
                return nil
            }
            git = GitReader(root: engine.workspace.root).read(migrations: engine.workspace.migrationsDirectory,
                                                              paths: paths, schema: nil)
        }
        let evaluator = GateEvaluator(environments: facts, environmentNames: names,
                                      latestMigration: engine.folder.migrations.map(\.name).max(), git: git,
                                      migrationsPath: engine.workspace.migrationsDisplayPath)
        return gates.map(evaluator.evaluate)
    }

    // MARK: - Sessions

    /// The SOP's entry, or why it cannot run.
    func load(_ name: String) throws -> (SOPCatalog.Entry, SOP) {
        guard let entry = catalog.entry(named: name) else {
            throw SOPError.unknown(name: name, known: catalog.entries.map(\.name))
        }
        switch entry.sop {
        case let .success(sop): return (entry, sop)
        case let .failure(error): throw SOPError.broken(name: entry.name, error: error.description)
        }
    }

    /// The in-progress session and its SOP; when the file changed, the session follows it by step title.
    func active(_ command: String) throws -> (SOPSession, SOP, String?) {
        guard var session = store.active() else { throw SOPError.noSession(command: command) }
        let (entry, sop) = try load(session.sop)
        let note = session.follow(sop, digest: entry.digest)
        return (session, sop, note)
    }

    func save(_ session: SOPSession) throws {
        do { try store.save(session) } catch { throw SOPError.save(String(describing: error)) }
    }

    func audit(_ action: AuditRecord.Action, _ outcome: AuditRecord.Outcome, _ session: SOPSession, step: Int? = nil,
               detail: String? = nil, exitStatus: Int? = nil) {
        engine.auditSOP(action, outcome, sop: session.sop, step: step ?? session.step, session: session.id,
                        detail: detail, exitStatus: exitStatus)
    }

    func summary(_ s: SOPSession) -> String {
        let done = s.history.filter { $0.result == .done }.map(\.step)
        let skipped = s.history.filter { $0.result == .skipped }.map(\.step)
        return "\(Set(done).count) done, \(Set(skipped).subtracting(done).count) skipped"
    }

    /// A block's text for the audit log: one line, at most 200 characters.
    static func short(_ text: String) -> String {
        let one = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ⏎ ")
        return one.count > 200 ? String(one.prefix(199)) + "…" : one
    }
}
