import OpsCore
import OpsEngine

/// `lint`: one `path:line: severity: message [rule]` line per finding (as compilers print, so editors and CI
/// annotations can jump to it) with the safe alternative under it, then a verdict.
/// `--json`: `{"findings":[{"migration","line","rule","severity","message","suggestion"}]}`.
public enum LintRenderer {
    public static func human(_ r: LintReport, style: Style) -> String {
        var out: [String] = []
        if let env = r.environment {
            out.append(style.dim("lint against \(env)'s tables (sizes from its catalog)"))
        }
        for f in r.findings {
            let severity: String
            switch f.severity {
            case .error: severity = style.red("error")
            case .warning: severity = style.yellow("warning")
            case .info: severity = style.dim("info")
            }
            out.append("\(VisibleText.line(r.path(of: f.migration))):\(f.line): \(severity): \(VisibleText.line(f.message)) "
                       + style.dim("[\(f.rule.rawValue)]"))
            out.append("    " + style.cyan("→ ") + VisibleText.line(f.suggestion))
        }
        out.append(verdict(r, style: style))
        return out.joined(separator: "\n")
    }

    /// `✖ 1 error, 2 warnings in 3 migrations` or `✔ 3 migrations: no hazards found`.
    static func verdict(_ r: LintReport, style: Style) -> String {
        let scope = Plural.count(r.targets.count, "migration")
        if r.findings.isEmpty { return style.green("✔") + " \(scope): no hazards found" }
        if r.count(.error) == 0 && r.count(.warning) == 0 { return style.green("✔") + " \(scope): no hazards (\(r.count(.info)) info)" }
        var parts: [String] = []
        if r.count(.error) > 0 { parts.append(Plural.count(r.count(.error), "error")) }
        if r.count(.warning) > 0 { parts.append(Plural.count(r.count(.warning), "warning")) }
        if r.count(.info) > 0 { parts.append("\(r.count(.info)) info") }
        let mark = r.passed ? style.yellow("▲") : style.red("✖")
        return "\(mark) \(parts.joined(separator: ", ")) in \(scope)"
            + (r.passed ? "" : " (an error fails lint; fix it, or allow it in the file with -- evermed-ops: allow=RULE)")
    }

    public static func json(_ r: LintReport) -> String {
        struct Doc: Encodable { var findings: [LintFinding] }
        return JSON.encode(Doc(findings: r.findings))
    }

    public static func rules(style: Style) -> String {
        var table = TextTable(["rule", "severity", "finds", "like"])
        for rule in LintRule.allCases {
            table.add([rule.rawValue, rule.defaultSeverity.rawValue, rule.summary, style.dim(rule.counterparts)])
        }
        return table.render(style) + "\n" + style.dim("With an environment, lock and rewrite hazards are info on an "
            + "empty table and errors on a large one; data loss is an error on a table with rows.")
    }

    public static func rulesJSON() -> String {
        struct Rule: Encodable { var id: String, severity: String, summary: String, counterparts: String }
        struct Doc: Encodable { var rules: [Rule] }
        return JSON.encode(Doc(rules: LintRule.allCases.map {
            Rule(id: $0.rawValue, severity: $0.defaultSeverity.rawValue, summary: $0.summary, counterparts: $0.counterparts)
        }))
    }
}
