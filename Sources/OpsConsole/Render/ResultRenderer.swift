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
        case let .help(topic): return HelpRenderer.json(topic)
        case .quit: return "{}"
        }
    }
}
