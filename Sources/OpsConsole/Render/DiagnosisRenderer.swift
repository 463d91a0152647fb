import OpsCore
import OpsEngine

/// `diagnose`: the summary, the causes with their evidence, the plan (mutating steps marked), the verification.
/// `--json`: `{"environment","summary","causes":[{"rule","message","evidence"}],"plan":[{"command","why","mutating"}],"verify"}`.
public enum DiagnosisRenderer {
    public static func human(_ d: Diagnosis, style: Style) -> String {
        var out = [style.bold("diagnose \(VisibleText.line(d.environment))"), VisibleText.line(d.summary)]
        guard !d.causes.isEmpty else { return (out + ["", "verify: " + style.cyan(d.verify)]).joined(separator: "\n") }
        out.append("")
        out.append(style.bold("Causes"))
        for c in d.causes {
            out.append("  " + style.yellow("•") + " " + VisibleText.line(c.message) + style.dim("  [\(c.rule)]"))
            out += c.evidence.map { "      " + style.dim(VisibleText.line($0)) }
        }
        out.append("")
        out.append(style.bold("Plan") + style.dim(" (in promotion order; ✎ changes a database or files, behind its gates)"))
        for (i, step) in d.plan.enumerated() {
            let mark = step.mutating ? style.yellow("✎") : " "
            out.append("  \(i + 1). \(mark) " + style.cyan(VisibleText.line(step.command)))
            out.append("        " + style.dim(VisibleText.line(step.why)))
        }
        out.append("")
        out.append("verify: " + style.cyan(d.verify))
        if let p = d.procedure { out.append("procedure: " + style.cyan(VisibleText.line(p))) }
        return out.joined(separator: "\n")
    }

    public static func json(_ d: Diagnosis) -> String {
        struct Cause: Encodable { var rule: String, environment: String?, message: String, evidence: [String] }
        struct Step: Encodable { var command: String, why: String, mutating: Bool }
        struct Doc: Encodable {
            var environment: String, summary: String, causes: [Cause], plan: [Step], verify: String, procedure: String?
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(environment, forKey: .environment)
                try c.encode(summary, forKey: .summary)
                try c.encode(causes, forKey: .causes)
                try c.encode(plan, forKey: .plan)
                try c.encode(verify, forKey: .verify)
                try c.encode(procedure, forKey: .procedure)
            }
            enum CodingKeys: String, CodingKey { case environment, summary, causes, plan, verify, procedure }
        }
        return JSON.encode(Doc(environment: d.environment, summary: d.summary,
                               causes: d.causes.map { Cause(rule: $0.rule, environment: $0.environment, message: $0.message,
                                                            evidence: $0.evidence) },
                               plan: d.plan.map { Step(command: $0.command, why: $0.why, mutating: $0.mutating) },
                               verify: d.verify, procedure: d.procedure))
    }
}
