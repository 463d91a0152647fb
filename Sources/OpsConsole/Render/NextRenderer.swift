import OpsCore
import OpsEngine

/// `next` ("what should I do now?"): the most important finding first, one line each with its command;
/// `--json`: `{"findings":[{"rule","severity","environment","message","command"}]}`.
public enum NextRenderer {
    public static func human(_ r: NextReport, style: Style) -> String {
        let todo = r.findings.filter { $0.severity > .ok }
        guard !todo.isEmpty else {
            return style.green("✔ ") + "Every environment is up to date. Nothing to do; `check all` also looks for drift."
        }
        var lines = ["What to do next, most urgent first:"]
        for (i, a) in todo.enumerated() {
            lines.append("\(i + 1). \(a.verdict)")
            if let next = a.next { lines.append("   " + style.cyan(next)) }
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ r: NextReport) -> String {
        struct Finding: Encodable {
            var rule: String, severity: String, environment: String?, message: String, command: String?
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(rule, forKey: .rule)
                try c.encode(severity, forKey: .severity)
                try c.encode(environment, forKey: .environment)
                try c.encode(message, forKey: .message)
                try c.encode(command, forKey: .command)
            }
            enum CodingKeys: String, CodingKey { case rule, severity, environment, message, command }
        }
        struct Doc: Encodable { var findings: [Finding] }
        return JSON.encode(Doc(findings: r.findings.map {
            Finding(rule: $0.rule, severity: $0.severityName, environment: $0.environment, message: $0.verdict, command: $0.next)
        }))
    }
}
