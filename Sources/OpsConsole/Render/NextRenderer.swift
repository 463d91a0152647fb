import OpsCore
import OpsEngine

/// `next` ("what should I do now?"): the most important finding first, one line each with its command;
/// `--json`: `{"findings":[{"rule","severity","environment","message","command"}]}`.
public enum NextRenderer {
    public static func human(_ r: NextReport, style: Style) -> String {
        let todo = r.findings.filter { $0.severity > .ok }
        let fine = r.findings.filter { $0.severity == .ok }.map { style.green("✔ ") + VisibleText.line($0.verdict) }
        guard !todo.isEmpty else {
            return ([style.green("Nothing to do:") + " every environment is in sync and the working copy is clean."] + fine)
                .joined(separator: "\n")
        }
        var lines = ["What to do next, most urgent first:"]
        for (i, a) in todo.enumerated() {
            let mark = a.severity == .blocking ? style.red("✖") : a.severity == .warning ? style.yellow("▲") : style.cyan("●")
            lines.append("\(i + 1). \(mark) \(VisibleText.line(a.verdict))" + (a.next.map { " — " + style.cyan(VisibleText.line($0)) } ?? ""))
        }
        return (lines + fine).joined(separator: "\n")
    }

    public static func json(_ r: NextReport) -> String {
        struct Doc: Encodable { var findings: [FindingDoc] }
        return JSON.encode(Doc(findings: r.findings.map(FindingDoc.init)))
    }
}

/// One finding of `next --json` (and `preflight --json`): `{"rule","severity","environment","message","command"}`,
/// every key present (null when there is none).
struct FindingDoc: Encodable {
    var rule: String, severity: String, environment: String?, message: String, command: String?

    init(_ a: Advice) {
        (rule, severity, environment, message, command) = (a.rule, a.severityName, a.environment, a.verdict, a.command)
    }

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
