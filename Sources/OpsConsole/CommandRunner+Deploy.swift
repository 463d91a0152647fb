import Foundation
import OpsCore
import OpsEngine

extension CommandRunner {
    /// Asks on the terminal: the plan and the question on stderr, the answer from stdin.
    var approver: Approver {
        let confirmer = TerminalConfirmer(terminal: terminal), style = terminal.style(noColor: options.noColor)
        return { title, plan, request in
            if let plan { confirmer.show(DeployRenderer.plan(plan, style: style, sql: false)) }
            switch request {
            case let .typeName(name): return confirmer.confirmTyped(title + "\nType \(name) to continue: ", expected: name)
            case .yesNo: return confirmer.confirmYesNo(title)
            }
        }
    }

    var interactive: Bool { TerminalConfirmer(terminal: terminal).isInteractive }

    /// 0 applied (and in sync) or nothing to do or dry run, 1 refused / failed / still not in sync, 2 the
    /// connection was lost part-way (the report says what was applied), 130 interrupted.
    public mutating func deploy(_ name: String, _ deployOptions: DeployOptions) -> Int32 {
        guarded { runner in
            var o = deployOptions
            o.interactive = runner.interactive
            let report = try runner.engine().deploy(name, options: o, approve: runner.approver)
            Interrupts.parkIfInterrupted()
            runner.terminal.out(runner.options.json ? DeployRenderer.json(report) : DeployRenderer.human(report, style: runner.style))
            if report.interrupted { return 130 }
            if report.connectionLost != nil { return 2 }
            if !report.succeeded { return 1 }
            return report.dryRun || report.inSync ? 0 : 1
        }
    }

    public mutating func resolve(_ name: String, _ migration: String, _ mode: ResolveMode, _ historyOptions: HistoryChangeOptions) -> Int32 {
        guarded { runner in
            var o = historyOptions
            o.interactive = runner.interactive
            let report = try runner.engine().resolve(name, migration: migration, mode: mode, options: o, approve: runner.approver)
            runner.terminal.out(runner.options.json ? HistoryChangeRenderer.resolveJSON(report)
                                                    : HistoryChangeRenderer.resolve(report, style: runner.style))
            return report.refused == nil ? 0 : 1
        }
    }

    public mutating func baseline(_ name: String, upTo: String?, _ historyOptions: HistoryChangeOptions) -> Int32 {
        guarded { runner in
            var o = historyOptions
            o.interactive = runner.interactive
            let report = try runner.engine().baseline(name, upTo: upTo, options: o, approve: runner.approver)
            runner.terminal.out(runner.options.json ? HistoryChangeRenderer.baselineJSON(report)
                                                    : HistoryChangeRenderer.baseline(report, style: runner.style))
            return report.refused == nil ? 0 : 1
        }
    }

    public mutating func audit(_ environment: String?) -> Int32 {
        guarded { runner in
            let engine = try runner.engine()
            if let environment { _ = try engine.workspace.environment(named: environment) }
            let records = engine.auditLog.records(environment: environment)
            runner.terminal.out(runner.options.json ? HistoryChangeRenderer.auditJSON(records)
                                                    : HistoryChangeRenderer.audit(records, style: runner.style))
            return 0
        }
    }
}
