import OpsCore
import OpsEngine

/// `preflight` and `preflight --install-hook`.
public enum PreflightRenderer {
    public static func human(_ r: PreflightReport, style: Style) -> String {
        var out: [String] = []
        for c in r.commands {
            out.append((c.status == 0 ? style.green("✔ ") : style.red("✖ ")) + "\(c.name): \(VisibleText.line(c.command))"
                + (c.status == 0 ? "" : style.red("  (exit \(c.status))")))
        }
        if !r.notConfigured.isEmpty {
            out.append(style.dim("not configured: \(r.notConfigured.joined(separator: ", ")) (commands: in evermed-ops.yml)"))
        }
        out.append(NextRenderer.human(NextReport(findings: r.findings), style: style))
        if r.passed {
            out.append(style.green("preflight passed") + ": nothing blocks a push.")
        } else {
            let why = r.failedCommands.map { "\($0.name) failed" } + (r.blocking.isEmpty ? [] : ["\(r.blocking.count) blocking finding(s)"])
            out.append(style.red("preflight failed") + ": " + why.joined(separator: ", ")
                + ". Fix them before pushing (a pre-push hook stops here; `git push --no-verify` skips it once).")
        }
        return out.joined(separator: "\n")
    }

    public static func json(_ r: PreflightReport) -> String {
        struct Command: Encodable { var name: String, command: String, status: Int32 }
        struct Doc: Encodable {
            var passed: Bool, commands: [Command], not_configured: [String]
            /// Exactly as `next --json` lists them.
            var findings: [FindingDoc]
        }
        return JSON.encode(Doc(passed: r.passed, commands: r.commands.map { Command(name: $0.name, command: $0.command, status: $0.status) },
                               not_configured: r.notConfigured, findings: r.findings.map(FindingDoc.init)))
    }

    public static func hook(_ r: HookReport, style: Style) -> String {
        r.written ? style.green("wrote ") + r.path + ": every `git push` now runs `evermed-ops preflight` first."
            : style.yellow("kept ") + r.path + ": a pre-push hook is already there and was not changed. Call "
                + "`evermed-ops preflight` from it, or replace it with `preflight --install-hook --force`."
    }

    public static func hookJSON(_ r: HookReport) -> String {
        struct Doc: Encodable { var path: String, written: Bool }
        return JSON.encode(Doc(path: r.path, written: r.written))
    }
}
