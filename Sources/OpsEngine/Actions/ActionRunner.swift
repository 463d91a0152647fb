import Foundation
import OpsCore
import OpsPlaybooks
import OpsWorkspace

/// Runs typed actions against one loaded workspace: `run(Action) -> ActionResult`. The command line, the
/// console, SOP `ops` blocks and the LLM's tools all come through here, so each action has one implementation;
/// nothing here prints (rendering happens at the print site).
public struct ActionRunner: Sendable {
    public let engine: Engine
    /// A person can answer questions on this terminal.
    public var interactive: Bool
    /// Asks the operator (only called when `interactive`).
    public var approve: Approver
    /// Who a guided session talks to (`sop next` runs blocks and asks questions); nil where nobody is there.
    public var sop: SOPHost?
    /// The print site of the LLM features (streamed text, tool calls, the JSON of read-only tool results).
    public var llm: LLMHost?

    public init(engine: Engine, interactive: Bool, approve: @escaping Approver, sop: SOPHost? = nil, llm: LLMHost? = nil) {
        self.engine = engine
        self.interactive = interactive
        self.approve = approve
        self.sop = sop
        self.llm = llm
    }

    public func run(_ action: Action) throws -> ActionResult {
        switch action {
        case let .status(envs): return .status(try engine.status(envs))
        case let .check(envs): return .check(try engine.check(envs), all: envs == ["all"] || envs.count != 1)
        case let .diagnose(env): return .diagnose(try engine.diagnose(env))
        case let .explain(env, showPrompt):
            guard let env else { throw EngineError.notYet("explain (without a diagnosis first: `diagnose ENV --explain`)") }
            return try explain(env, showPrompt: showPrompt)
        case let .ask(question): return try ask(question)
        case .mcp: throw EngineError.notYet("mcp (it serves on stdio: start it as `evermed-ops mcp`)")
        case let .diff(a, b, options): return .diff(try engine.diff(a, b, options: options))
        case let .deploy(env, flags):
            return .deploy(try engine.deploy(env, options: DeployOptions(flags, interactive: interactive), approve: approve))
        case let .resolve(env, migration, mode, confirm):
            return .resolve(try engine.resolve(env, migration: migration, mode: mode,
                                               options: HistoryChangeOptions(confirm, interactive: interactive), approve: approve))
        case let .baseline(env, upTo, force, confirm):
            return .baseline(try engine.baseline(env, upTo: upTo,
                                                 options: HistoryChangeOptions(confirm, force: force, interactive: interactive),
                                                 approve: approve))
        case let .audit(env):
            if let env { _ = try engine.workspace.environment(named: env) }
            return .audit(engine.auditLog.records(environment: env))
        case let .describe(env, table): return .describe(try engine.describe(env, table: table))
        case .next: return .next(try next())
        case let .help(topic): return .help(topic: topic)
        case .quit: return .quit
        case .sopList: return .sopList(SOPListReport(entries: SOPCatalog.load(engine.workspace).entries))
        case let .sopShow(name): return .sopShow(try sopShow(name))
        case .sopStatus:
            let (session, sop) = try sopRunner(asking: false).status()
            return .sopStatus(session, sop)
        case let .sopStart(name): return .sopStep(try sopRunner(asking: false).start(name))
        case .sopNext: return .sopStep(try sopRunner(asking: true).next())
        case .sopBack: return .sopStep(try sopRunner(asking: false).back())
        case let .sopSkip(reason): return .sopStep(try sopRunner(asking: false).skip(reason))
        case .sopAbort: return .sopStep(try sopRunner(asking: false).abort())
        case .sopResume: return .sopStep(try sopRunner(asking: false).resume())
        case .sopInit: return .sopInit(try sopInit())
        case let .lint(request): return .lint(try engine.lint(request))
        case let .fix(request): return .fix(try fix(request))
        case .lintRules: return .lintRules
        case let .preflight(installHook, force):
            if installHook { return .hook(try installPrePushHook(force: force)) }
            return .preflight(try preflight())
        }
    }

    /// `fix ENV`; after `--capture` on a terminal, the offer to record the new migration as applied in ENV (its
    /// schema already has it), through `resolve` and its own confirmation.
    func fix(_ request: FixRequest) throws -> FixReport {
        var report = try engine.fix(request, interactive: interactive, approve: approve)
        guard report.mode == .capture, interactive, report.refusal == nil, !report.written.isEmpty else { return report }
        let names = report.written.map(\.name).joined(separator: " and ")
        // What was written is on the screen before the question about it.
        let wrote = report.written.map { "wrote \($0.path)" }.joined(separator: "\n") + "\n"
            + report.script.text().split(separator: "\n", omittingEmptySubsequences: false).map { "   │ " + $0 }.joined(separator: "\n")
        guard approve(wrote + "\nRecord \(names) as applied in \(report.environment) now? Its schema already has the change; "
                      + "its history then explains it (resolve … --applied).", nil, .yesNo) else { return report }
        // A new engine reads the migrations folder again: it now holds the file fix wrote.
        let fresh = try Engine(workspace: engine.workspace, progress: engine.progress, warn: engine.warn)
        for written in report.written {
            let resolved = try fresh.resolve(report.environment, migration: written.name, mode: .applied,
                                             options: HistoryChangeOptions(ConfirmFlags(), interactive: true), approve: approve)
            report.resolved.append(resolved)
            if !resolved.done { break }
        }
        return report
    }

    /// The project commands `preflight` runs, in this order, when configured.
    public static let prePushCommands = ["typecheck", "lint", "build"]

    /// The configured pre-push commands (output streamed), then every advice rule.
    func preflight() throws -> PreflightReport {
        let ws = engine.workspace
        var runs: [PreflightReport.CommandRun] = []
        let output = sop?.output ?? { _ in }
        let redactor = engine.redactor
        for name in Self.prePushCommands {
            guard let command = ws.command(named: name) else { continue }
            sop?.event(.block(.command(name), resolved: redactor.redact(command.command), number: runs.count + 1,
                              total: Self.prePushCommands.count))
            let outcome = ShellRunner.run(command.command, directory: ws.root, environment: ws.variables) {
                output(redactor.redact($0))
            }
            sop?.event(.exited(status: outcome.status, interrupted: outcome.interrupted))
            runs.append(.init(name: name, command: redactor.redact(command.command), status: outcome.status,
                              interrupted: outcome.interrupted))
            if outcome.interrupted { throw EngineError.interrupted }
        }
        let notConfigured = Self.prePushCommands.filter { ws.command(named: $0) == nil }
        return PreflightReport(commands: runs, notConfigured: notConfigured, findings: try next().findings)
    }

    func installPrePushHook(force: Bool) throws -> HookReport {
        // The running binary's real path (argv[0] may be relative or a name found on PATH).
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? "evermed-ops"
        switch try GitHooks.installPrePush(root: engine.workspace.root, executable: binary, force: force) {
        case let .written(path): return HookReport(path: path, written: true)
        case let .kept(path): return HookReport(path: path, written: false)
        }
    }

    /// The session runner; `asking`: the command runs blocks and asks questions, so someone must be there.
    func sopRunner(asking: Bool) throws -> SOPRunner {
        let silent = SOPHost(event: { _ in }, result: { _, _ in }, failure: { _, _ in }, ask: { _ in false },
                             output: { _ in }, approve: { _, _, _ in false })
        guard let host = sop ?? (asking ? nil : silent) else { throw EngineError.notYet("sop next (without a console)") }
        return SOPRunner(engine: engine, host: host)
    }

    func sopShow(_ name: String) throws -> SOPShowReport {
        let catalog = SOPCatalog.load(engine.workspace)
        guard let entry = catalog.entry(named: name) else {
            throw SOPError.unknown(name: name, known: catalog.entries.map(\.name))
        }
        switch entry.sop {
        case let .failure(error): throw SOPError.broken(name: entry.name, error: error.description)
        case let .success(sop): return SOPShowReport(entry: entry, sop: sop, commands: engine.workspace.commands)
        }
    }

    func sopInit() throws -> SOPInitReport {
        let ws = engine.workspace
        let (written, kept) = try SOPFiles.initialize(ws, shipped: SOPCatalog.shippedFiles)
        let folder = ws.sopsDirectory ?? ws.root + "/sops"
        return SOPInitReport(folder: folder, written: written, kept: kept)
    }

    /// "What next?": every rule over every environment's check, git, the active session and the audit log.
    func next() throws -> NextReport {
        let ws = engine.workspace
        let environments = try engine.check([]).map(\.facts)
        let git = GitReader(root: ws.root).read(migrations: ws.migrationsDirectory, schema: ws.schemaPath)
        var lastDeploys: [String: AuditRecord] = [:]
        for record in engine.auditLog.records() where record.action == .deploy && record.outcome == .applied {
            lastDeploys[record.environment] = record
        }
        let project = ProjectFacts(environments: environments, git: git.unavailable == nil ? git : nil,
                                   session: SessionStore(stateDirectory: ws.stateDirectory).active(),
                                   lastDeploys: lastDeploys)
        return NextReport(findings: AdviceRules.advise(project))
    }
}
