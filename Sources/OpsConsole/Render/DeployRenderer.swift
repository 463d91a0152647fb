import OpsCore
import OpsEngine
import OpsPostgres

/// `deploy`: the plan (dry run and confirmation), then what happened, with the verdict and next command.
public enum DeployRenderer {
    /// The plan as the operator reviews it: per migration, whether it runs in one transaction, what it locks,
    /// and (with `sql`) the file itself.
    public static func plan(_ plan: DeployPlan, style: Style, sql: Bool) -> String {
        guard !plan.isEmpty else { return "Nothing to deploy." }
        var out: [String] = []
        for (i, m) in plan.migrations.enumerated() {
            let mode = m.transactional ? style.green("one transaction with its history row")
                : style.yellow("statement by statement, outside a transaction")
            out.append(style.bold("\(i + 1). \(VisibleText.line(m.migration.name))") + "  " + style.dim(VisibleText.line(m.migration.path)))
            out.append("   runs: " + mode)
            out += m.nonTransactionalReasons.map { "   " + style.yellow("why: ") + $0 }
            out += lockLines(m).map { "   " + style.red("locks: ") + $0 }
            out += hazardLines(plan.hazards.filter { $0.migration == m.migration.name }, environment: plan.environment,
                               style: style)
            if sql { out.append(listing(m.migration, style: style)) }
        }
        return out.joined(separator: "\n")
    }

    /// A migration's lint findings in the plan: errors and warnings each with the safer way; info counted.
    static func hazardLines(_ findings: [LintFinding], environment: String, style: Style) -> [String] {
        var out: [String] = []
        for f in findings where f.severity != .info {
            let mark = f.severity == .error ? style.red("✖ error") : style.yellow("▲ warning")
            out.append("   " + style.bold("hazard: ") + "\(mark) line \(f.line) " + style.dim("[\(f.rule.rawValue)]") + " "
                       + VisibleText.line(f.message))
            out.append("           " + style.cyan("→ ") + VisibleText.line(f.suggestion))
        }
        let info = findings.filter { $0.severity == .info }.count
        if info > 0 {
            out.append("   " + style.dim("\(info) info finding\(info == 1 ? "" : "s"): evermed-ops lint --pending "
                                         + ShellWord.quote(environment)))
        }
        return out
    }

    /// Lines of a migration shown in a plan: a file longer than this is cut, with a line saying how much more
    /// there is (a 50 MB seed is not a plan anyone reads on a terminal; the file is named).
    static let listedLines = 400

    static func listing(_ migration: LocalMigration, style: Style) -> String {
        let bar = "   " + style.dim("│ ")
        let pieces = migration.sql.split(separator: "\n", maxSplits: listedLines, omittingEmptySubsequences: false)
        var out = pieces.prefix(listedLines).map { bar + $0 }
        if pieces.count > listedLines, let rest = pieces.last {
            let more = rest.utf8.reduce(1) { $1 == 10 ? $0 + 1 : $0 } - (rest.hasSuffix("\n") ? 1 : 0)
            out.append(bar + style.dim("… \(more) more line\(more == 1 ? "" : "s") not shown (\(bytes(migration.sql.utf8.count)) "
                + "in all): see \(VisibleText.line(migration.path))"))
        }
        return out.joined(separator: "\n")
    }

    /// ACCESS EXCLUSIVE locks (they block reads too), one line per object with the lines that take them:
    /// `ACCESS EXCLUSIVE on personal_models (lines 33–47, 65, 68–70)`.
    static func lockLines(_ m: PlannedMigration) -> [String] {
        m.exclusiveLocks.map { lock in
            "ACCESS EXCLUSIVE on \(VisibleText.line(lock.target)) (line\(lock.lines.count == 1 ? "" : "s") \(ranges(lock.lines)))"
        }
    }

    /// `33–47, 65, 68–70`.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < numbers.count {
            var j = i
            while j + 1 < numbers.count && numbers[j + 1] == numbers[j] + 1 { j += 1 }
            parts.append(i == j ? "\(numbers[i])" : "\(numbers[i])–\(numbers[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    public static func human(_ r: DeployReport, style: Style) -> String {
        var out = [style.bold("deploy \(r.environment)") + " " + style.target(r.target)]
        if let refused = r.refused {
            out.append(style.red("✖ refused") + " by the " + style.bold(refused.gate.rawValue) + " gate: " + refused.message)
            if let fix = refused.fix { out.append("    next: " + style.cyan(fix)) }
            if r.dryRun, !r.plan.isEmpty {
                out.append("dry run: the plan it refused (" + Plural.count(r.plan.migrations.count, "migration") + "):")
                out.append(plan(r.plan, style: style, sql: false))
            }
            return out.joined(separator: "\n")
        }
        if r.upToDate {
            out.append(style.green("✔ ") + "\(r.environment) is up to date: nothing to deploy.")
            return out.joined(separator: "\n")
        }
        if r.dryRun {
            out.append("dry run: " + Plural.count(r.plan.migrations.count, "migration")
                       + (r.plan.migrations.count == 1 ? " would be applied" : " would be applied, in this order") + "; nothing was changed.")
            out.append(plan(r.plan, style: style, sql: true))
            return out.joined(separator: "\n")
        }
        if let backup = r.backup { out.append("backup: \(backup.path) (\(bytes(backup.bytes)))") }
        for name in r.applied { out.append(style.green("  applied  ") + VisibleText.line(name)) }
        out += outcome(r, style: style)
        if let after = r.after {
            for advice in AdviceRules.advise(after.facts) { out.append(style.advice(advice)) }
        }
        return out.joined(separator: "\n")
    }

    static func outcome(_ r: DeployReport, style: Style) -> [String] {
        var out: [String] = []
        if let loss = r.connectionLost { out += lostConnection(loss, r, style: style) }
        if let f = r.failed {
            let at = f.line.map { " at line \($0)" } ?? ""
            out.append(style.red("  failed   ") + "\(VisibleText.line(f.migration))\(at): \(f.message)"
                + (f.sqlstate.map { " (SQLSTATE \($0))" } ?? ""))
            out.append("           " + (f.rolledBackCleanly ? "The transaction was rolled back: nothing of it remains."
                : "It ran outside a transaction: statements before the failing one remain. `check` shows them as drift."))
        }
        let running = r.plan.names.first { !r.applied.contains($0) }
        if r.interrupted {
            out.append(style.yellow("  interrupted") + " by the operator" + (running.map { " during \($0)" } ?? "")
                + (r.failed == nil ? "; it was rolled back: nothing of it remains." : "."))
        }
        let notApplied = r.notApplied.filter {
            $0 != r.failed?.migration && !(r.interrupted && $0 == running) && $0 != r.connectionLost?.running
        }
        if !notApplied.isEmpty { out.append(style.dim("  not attempted: " + notApplied.map(VisibleText.line).joined(separator: ", "))) }
        if r.failed != nil && !r.interrupted {
            out.append("    next: " + style.cyan("fix the migration, then evermed-ops resolve \(r.environment) "
                + "\(ShellWord.quote(r.failed!.migration)) --rolled-back"))
        }
        return out
    }

    /// The session was lost: what the history says of the migration that was running, and what to do.
    static func lostConnection(_ loss: ConnectionLoss, _ r: DeployReport, style: Style) -> [String] {
        var out = [style.red("  ✖ lost the connection") + " to \(r.environment)"
            + (loss.running.map { " while applying \(VisibleText.line($0))" } ?? " between migrations") + ": \(loss.message)"]
        if let running = loss.running.map(VisibleText.line) {
            switch loss.runningState {
            case .applied?: out.append("           \(running) is applied: its COMMIT reached the server before the connection went.")
            case .failed?: out.append("           \(running) is recorded failed: it ran outside a transaction and statements "
                + "before the one running remain. `check` shows them; then resolve it.")
            case .some(let state): out.append("           \(running) is \(state.rawValue): the server rolled its transaction back, "
                + "nothing of it remains.")
            case nil: out.append("           What became of \(running) could not be read again (\(loss.recheckError ?? "no connection")).")
            }
        }
        let next = loss.runningState == .failed
            ? "evermed-ops check \(r.environment), then evermed-ops resolve \(r.environment) \(ShellWord.quote(loss.running ?? "")) --rolled-back"
            : "evermed-ops status \(r.environment), then evermed-ops deploy \(r.environment) again"
        out.append("    next: " + style.cyan(next))
        return out
    }

    static func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? "\(n / (1 << 20)) MiB" : n >= 1 << 10 ? "\(n / (1 << 10)) KiB" : "\(n) bytes"
    }

    public static func json(_ r: DeployReport) -> String {
        JSON.encode(Doc(r))
    }

    struct Doc: Encodable {
        struct Failed: Encodable { var migration: String, sqlstate: String?, message: String, line: Int? }
        struct Refused: Encodable { var gate: String, message: String, fix: String? }
        struct Backup: Encodable { var path: String, bytes: Int }
        struct Lost: Encodable { var message: String, running: String?, running_state: String?, recheck_error: String? }
        var environment: String, target: String, dry_run: Bool, plan: [String], applied: [String]
        var failed: Failed?, refused: Refused?, backup: Backup?, interrupted: Bool, in_sync: Bool
        var connection_lost: Lost?
        var hazards: [LintFinding]

        init(_ r: DeployReport) {
            environment = r.environment
            target = r.target
            dry_run = r.dryRun
            plan = r.plan.names
            applied = r.applied
            hazards = r.plan.hazards
            failed = r.failed.map { Failed(migration: $0.migration, sqlstate: $0.sqlstate, message: $0.message, line: $0.line) }
            refused = r.refused.map { Refused(gate: $0.gate.rawValue, message: $0.message, fix: $0.fix) }
            backup = r.backup.map { Backup(path: $0.path, bytes: $0.bytes) }
            interrupted = r.interrupted
            in_sync = r.inSync
            connection_lost = r.connectionLost.map {
                Lost(message: $0.message, running: $0.running, running_state: $0.runningState?.rawValue,
                     recheck_error: $0.recheckError)
            }
        }

        enum CodingKeys: String, CodingKey {
            case environment, target, dry_run, plan, applied, failed, refused, backup, interrupted, in_sync, connection_lost
            case hazards
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(environment, forKey: .environment)
            try c.encode(target, forKey: .target)
            try c.encode(dry_run, forKey: .dry_run)
            try c.encode(plan, forKey: .plan)
            try c.encode(applied, forKey: .applied)
            try c.encode(failed, forKey: .failed)
            try c.encode(refused, forKey: .refused)
            try c.encode(backup, forKey: .backup)
            try c.encode(interrupted, forKey: .interrupted)
            try c.encode(in_sync, forKey: .in_sync)
            try c.encode(hazards, forKey: .hazards)
            try c.encode(connection_lost, forKey: .connection_lost)
        }
    }
}
