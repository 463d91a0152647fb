import OpsCore

/// What an action found, as a value: the typed report the action produced. The print site renders it (human
/// or JSON); SOP steps and the LLM's tools read it; `exitCode` is the one mapping to the process's status.
public enum ActionResult: Sendable {
    case status(StatusReport)
    /// `all`: the JSON document is `{"environments": […]}` rather than one environment's object.
    case check([CheckReport], all: Bool)
    case diff(DiffReport)
    case deploy(DeployReport)
    case resolve(ResolveReport)
    case baseline(BaselineReport)
    case audit([AuditRecord])
    case describe(DescribeReport)
    case next(NextReport)
    case diagnose(Diagnosis)
    case explanation(ExplanationReport)
    case answer(AnswerReport)
    /// `--show-prompt`: the request body that would be sent (JSON text).
    case prompt(String)
    case sopList(SOPListReport)
    case sopShow(SOPShowReport)
    /// The active session (nil for none) and its SOP (nil when it no longer loads).
    case sopStatus(SOPSession?, SOP?)
    case sopStep(SOPStepReport)
    case sopInit(SOPInitReport)
    case lint(LintReport)
    case fix(FixReport)
    case lintRules
    case preflight(PreflightReport)
    case hook(HookReport)
    case help(topic: String?)
    case quit

    /// 0 in sync / same / done, 1 findings (not in sync, differences, refused, failed), 2 error, 130 interrupted.
    public var exitCode: Int32 {
        switch self {
        case let .status(r): return r.anyError ? 2 : r.allInSync ? 0 : 1
        case let .check(reports, _):
            if reports.contains(where: { $0.error != nil }) { return 2 }
            return reports.allSatisfy(\.inSync) ? 0 : 1
        case let .diff(r): return r.changes.isEmpty ? 0 : 1
        case let .deploy(r):
            if r.interrupted { return 130 }
            if r.connectionLost != nil { return 2 }
            if !r.succeeded { return 1 }
            return r.dryRun || r.inSync ? 0 : 1
        case let .resolve(r): return r.refused == nil ? 0 : 1
        case let .baseline(r): return r.refused == nil ? 0 : 1
        case let .describe(r): return r.description == nil ? 1 : 0
        case let .preflight(r): return r.passed ? 0 : 1
        case let .lint(r): return r.passed ? 0 : 1
        case let .fix(r): return r.refusal == nil ? 0 : 1
        case let .diagnose(d): return d.causes.isEmpty ? 0 : 1
        case let .explanation(r): return r.diagnosis.causes.isEmpty ? 0 : 1
        case .answer, .prompt: return 0
        case let .hook(r): return r.written ? 0 : 1
        case let .sopStep(r):
            if case .notDone = r.outcome { return 1 }
            return 0
        case .audit, .next, .help, .quit, .lintRules, .sopList, .sopShow, .sopStatus, .sopInit: return 0
        }
    }
}

/// "What next?": every finding of every environment, most urgent first.
public struct NextReport: Sendable {
    public var findings: [Advice]

    public init(findings: [Advice]) { self.findings = findings }
}
