import OpsCore
import OpsEngine

/// Every action's result, rendered: the one dispatch from `ActionResult` to the renderer of its report.
public enum ResultRenderer {
    public static func human(_ result: ActionResult, style: Style) -> String {
        switch result {
        case let .status(r): return StatusRenderer.human(r, style: style)
        case let .check(reports, _): return CheckRenderer.human(reports, style: style)
        case let .diff(r): return DiffRenderer.human(r, style: style)
        case let .deploy(r): return DeployRenderer.human(r, style: style)
        case let .resolve(r): return HistoryChangeRenderer.resolve(r, style: style)
        case let .baseline(r): return HistoryChangeRenderer.baseline(r, style: style)
        case let .audit(records): return HistoryChangeRenderer.audit(records, style: style)
        case let .describe(r): return DescribeRenderer.human(r, style: style)
        case let .next(r): return NextRenderer.human(r, style: style)
        case let .diagnose(d): return DiagnosisRenderer.human(d, style: style)
        case let .explanation(r): return LLMRenderer.explanation(r, style: style)
        case let .answer(r): return LLMRenderer.answer(r, style: style)
        case let .prompt(body): return LLMRenderer.prompt(body)
        case let .sopList(r): return SOPRenderer.list(r, style: style)
        case let .sopShow(r): return SOPRenderer.show(r, style: style)
        case let .sopStatus(session, sop): return SOPRenderer.status(session, sop, style: style)
        case let .sopStep(r): return SOPRenderer.step(r, style: style)
        case let .sopInit(r): return SOPRenderer.initialized(r, style: style)
        case let .lint(r): return LintRenderer.human(r, style: style)
        case let .fix(r): return FixRenderer.human(r, style: style)
        case .lintRules: return LintRenderer.rules(style: style)
        case let .preflight(r): return PreflightRenderer.human(r, style: style)
        case let .hook(r): return PreflightRenderer.hook(r, style: style)
        case let .help(topic): return HelpRenderer.text(topic, style: style)
        case .quit: return ""
        }
    }

    public static func json(_ result: ActionResult) -> String {
        switch result {
        case let .status(r): return StatusRenderer.json(r)
        case let .check(reports, all): return CheckRenderer.json(reports, all: all)
        case let .diff(r): return DiffRenderer.json(r)
        case let .deploy(r): return DeployRenderer.json(r)
        case let .resolve(r): return HistoryChangeRenderer.resolveJSON(r)
        case let .baseline(r): return HistoryChangeRenderer.baselineJSON(r)
        case let .audit(records): return HistoryChangeRenderer.auditJSON(records)
        case let .describe(r): return DescribeRenderer.json(r)
        case let .next(r): return NextRenderer.json(r)
        case let .diagnose(d): return DiagnosisRenderer.json(d)
        case let .explanation(r): return LLMRenderer.explanationJSON(r)
        case let .answer(r): return LLMRenderer.answerJSON(r)
        case let .prompt(body): return LLMRenderer.prompt(body)
        case let .sopList(r): return SOPRenderer.listJSON(r)
        case let .sopShow(r): return SOPRenderer.showJSON(r)
        case let .sopStatus(session, _): return SOPRenderer.statusJSON(session)
        case let .sopStep(r): return SOPRenderer.stepJSON(r)
        case let .sopInit(r): return SOPRenderer.initJSON(r)
        case let .lint(r): return LintRenderer.json(r)
        case let .fix(r): return FixRenderer.json(r)
        case .lintRules: return LintRenderer.rulesJSON()
        case let .preflight(r): return PreflightRenderer.json(r)
        case let .hook(r): return PreflightRenderer.hookJSON(r)
        case let .help(topic): return HelpRenderer.json(topic)
        case .quit: return "{}"
        }
    }
}
