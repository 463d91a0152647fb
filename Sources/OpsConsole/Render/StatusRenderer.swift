import OpsCore
import OpsEngine

/// `status` as a matrix (rows: migrations, columns: environments) followed by one verdict per environment.
public enum StatusRenderer {
    public static func human(_ report: StatusReport, style: Style) -> String {
        var out: [String] = []
        var table = TextTable(["migration"] + report.environments.map(\.name))
        var anyOutOfOrder = false
        for name in report.migrations {
            var row = [VisibleText.line(name)]
            for env in report.environments {
                guard env.reachable else { row.append(style.dim("?")); continue }
                guard let entry = report.state(name, in: env) else { row.append(style.dim("—")); continue }
                var text = entry.state.rawValue
                if entry.outOfOrder { text += "*"; anyOutOfOrder = true }
                row.append(style.state(entry.state, text))
            }
            table.add(row)
        }
        if report.migrations.isEmpty {
            out.append("No migrations in the local folder or in any environment's history.")
        } else {
            out.append(table.render(style))
        }
        if anyOutOfOrder { out.append(style.dim("* pending, but sorts before a migration that is already applied (out of order)")) }
        out.append("")
        for env in report.environments {
            out.append(style.bold(env.name) + " " + style.target(env.target))
            for advice in AdviceRules.advise(env.facts) { out.append("  " + style.advice(advice)) }
        }
        out += report.warnings.map { style.yellow("warning: ") + $0 }
        return out.joined(separator: "\n")
    }

    public static func json(_ report: StatusReport) -> String {
        struct Item: Encodable {
            var name: String, state: String, out_of_order: Bool
        }
        struct Env: Encodable {
            var name: String, target: String, reachable: Bool, error: String?, in_sync: Bool, migrations: [Item]
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(name, forKey: .name)
                try c.encode(target, forKey: .target)
                try c.encode(reachable, forKey: .reachable)
                try c.encode(error, forKey: .error)
                try c.encode(in_sync, forKey: .in_sync)
                try c.encode(migrations, forKey: .migrations)
            }
            enum CodingKeys: String, CodingKey { case name, target, reachable, error, in_sync, migrations }
        }
        struct Doc: Encodable { var environments: [Env]; var warnings: [String] }
        let envs = report.environments.map { env in
            Env(name: env.name, target: env.target, reachable: env.reachable, error: env.error,
                in_sync: env.reconciliation?.historyInSync ?? false,
                migrations: (env.reconciliation?.entries ?? []).map {
                    Item(name: $0.name, state: $0.state.rawValue, out_of_order: $0.outOfOrder)
                })
        }
        return JSON.encode(Doc(environments: envs, warnings: report.warnings))
    }
}
