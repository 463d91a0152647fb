import OpsCore
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

    public init(engine: Engine, interactive: Bool, approve: @escaping Approver) {
        self.engine = engine
        self.interactive = interactive
        self.approve = approve
    }

    public func run(_ action: Action) throws -> ActionResult {
        switch action {
        case let .status(envs): return .status(try engine.status(envs))
        case let .check(envs): return .check(try engine.check(envs), all: envs == ["all"] || envs.count != 1)
        case let .diagnose(env): return .check(try engine.check([env]), all: false)
        case let .diff(a, b): return .diff(try engine.diff(a, b))
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
        case .sopList, .sopShow, .sopStart, .sopNext, .sopBack, .sopSkip, .sopStatus, .sopAbort, .sopResume, .sopInit,
             .preflight:
            throw EngineError.notYet(action.commandLine)
        }
    }

    /// Every environment's findings, most urgent first.
    func next() throws -> NextReport {
        let report = try engine.status([])
        let findings = report.environments.flatMap { AdviceRules.advise($0.facts) }
        return NextReport(findings: findings.enumerated().sorted {
            ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset)
        }.map(\.element))
    }
}
