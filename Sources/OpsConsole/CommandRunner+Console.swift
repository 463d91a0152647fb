import Foundation
import OpsCore
import OpsEngine

extension CommandRunner {
    /// `describe ENV TABLE`; also returns the environment's table names for Tab completion.
    public mutating func describe(_ name: String, _ table: String) -> (Int32, [String]?) {
        var names: [String]?
        let code = guarded { runner in
            let report = try runner.engine().describe(name, table: table)
            names = report.tableNames
            runner.terminal.out(DescribeRenderer.human(report, style: runner.style))
            return report.description == nil ? 1 : 0
        }
        return (code, names)
    }

    /// `next` ("what should I do now?"): every environment's findings, most urgent first, each with its command.
    public mutating func next() -> Int32 {
        guarded { runner in
            let report = try runner.engine().status([])
            let advice = report.environments.flatMap { env in AdviceRules.advise(env.facts).map { (env.name, $0) } }
                .filter { $0.1.severity > .ok }
                .sorted { $0.1.severity > $1.1.severity }
            guard !advice.isEmpty else {
                runner.terminal.out(runner.style.green("✔ ") + "Every environment is up to date. Nothing to do; "
                    + "`check all` also looks for drift.")
                return 0
            }
            var lines = ["What to do next, most urgent first:"]
            for (i, (_, a)) in advice.enumerated() {
                lines.append("\(i + 1). \(a.verdict)")
                if let next = a.next { lines.append("   " + runner.style.cyan(next)) }
            }
            runner.terminal.out(lines.joined(separator: "\n"))
            return 0
        }
    }

    /// `diagnose ENV` ("why is production broken?"): the full check with its findings and the commands.
    public mutating func diagnose(_ name: String) -> Int32 { check([name]) }
}
