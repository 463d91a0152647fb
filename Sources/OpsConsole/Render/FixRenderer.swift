import OpsCore
import OpsEngine

/// `fix`: the drift, the file written (its SQL shown), its lint, and the commands that follow.
/// `--json`: `{"environment","mode","drift","written":[{"name","path","statements"}],"findings","rename_candidates",
/// "renames","waits_for","refused","resolved"}`.
public enum FixRenderer {
    public static func human(_ r: FixReport, style: Style) -> String {
        var out = [style.bold("fix \(VisibleText.line(r.environment))" + (r.mode.map { " --\($0.rawValue)" } ?? "")) + " "
                   + style.target(r.target)]
        if r.nothingToFix {
            out.append(style.green("✔ ") + "\(r.environment)'s live schema matches its migration history: nothing to fix.")
            return out.joined(separator: "\n")
        }
        if !r.drift.isEmpty { out.append("drift: " + DeployGates.describe(r.drift)) }
        if let refusal = r.refusal {
            out.append(style.yellow("✖ ") + "nothing written: " + refusal)
            if let fix = r.refusalFix { out.append("    next: " + style.cyan(fix)) }
            return out.joined(separator: "\n")
        }
        for w in r.written {
            out.append(style.green("wrote ") + VisibleText.line(w.path) + style.dim(" (\(Plural.count(w.statements, "statement")))"))
        }
        for line in r.script.text().split(separator: "\n", omittingEmptySubsequences: false) {
            out.append("   " + style.dim("│ ") + VisibleText.line(String(line)))
        }
        if !r.renames.isEmpty {
            out.append("renames (data kept): " + r.renames.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", "))
        }
        if !r.renameCandidates.isEmpty {
            out.append(style.yellow("▲ ") + "dropped and added, not renamed: " + r.renameCandidates.joined(separator: ", ")
                       + " — if one is a rename, run fix again with --rename \(r.renameCandidates[0]) (it keeps the data)")
        }
        if !r.waitsFor.isEmpty {
            out.append("sorts before \(r.waitsFor.joined(separator: ", ")), which \(r.environment) has not applied: it removes "
                       + "what the failed run left, and only where that migration is not applied")
        }
        let lint = LintReport(targets: r.written.map { .init(name: $0.name, path: $0.path) }, findings: r.findings)
        out.append(style.bold("lint: ") + LintRenderer.verdict(lint, style: style))
        for f in r.findings where f.severity != .info {
            out.append("    line \(f.line) " + style.dim("[\(f.rule.rawValue)]") + " " + VisibleText.line(f.message))
        }
        for resolved in r.resolved {
            out.append(HistoryChangeRenderer.resolve(resolved, style: style))
        }
        out += nextSteps(r).map { "    next: " + style.cyan($0) }
        return out.joined(separator: "\n")
    }

    /// Review and commit; then, for a capture, record it where it already is; for a revert, deploy it.
    static func nextSteps(_ r: FixReport) -> [String] {
        let env = ShellWord.quote(r.environment)
        let files = r.written.map { ShellWord.quote(String($0.path.dropLast("/migration.sql".count))) }.joined(separator: " ")
        var steps = ["review it, then git add \(files) && git commit"]
        let protected = r.isProtected ? " --yes --confirm \(env)" : ""
        switch r.mode {
        case .capture?:
            if !r.resolved.contains(where: \.done) {
                steps += r.written.map { "evermed-ops resolve \(env) \($0.name) --applied\(protected)   (\(r.environment) already has it)" }
            }
            if !r.others.isEmpty {
                steps.append(r.others.map { "evermed-ops deploy \(ShellWord.quote($0))" }.joined(separator: ", then ")
                             + "   (the other environments get it; where the change is already there it does nothing)")
            }
        case .revert?:
            if let source = r.promoteFrom {
                steps.append("evermed-ops deploy \(ShellWord.quote(source))   (\(r.environment) is promoted from it: it gets the "
                             + "migration first; there it does nothing)")
            }
            steps.append("evermed-ops deploy \(env) --allow-drift" + (r.isProtected ? " --backup-to backups" : "")
                         + "   (the drift it removes is what --allow-drift lets through; audited)")
        case nil: break
        }
        return steps
    }

    public static func json(_ r: FixReport) -> String {
        struct Written: Encodable { var name: String, path: String, statements: Int }
        struct Refused: Encodable { var message: String, fix: String? }
        struct Doc: Encodable {
            var environment: String, mode: String?, drift: [SchemaChange], written: [Written], findings: [LintFinding]
            var rename_candidates: [String], renames: [String: String], waits_for: [String], refused: Refused?
            var resolved: [Bool], nothing_to_fix: Bool
        }
        return JSON.encode(Doc(environment: r.environment, mode: r.mode?.rawValue, drift: r.drift,
                               written: r.written.map { Written(name: $0.name, path: $0.path, statements: $0.statements) },
                               findings: r.findings, rename_candidates: r.renameCandidates, renames: r.renames,
                               waits_for: r.waitsFor, refused: r.refusal.map { Refused(message: $0, fix: r.refusalFix) },
                               resolved: r.resolved.map(\.done), nothing_to_fix: r.nothingToFix))
    }
}
