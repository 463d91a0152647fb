import OpsCore
import OpsEngine

/// `resolve`, `baseline` and `audit`: evidence first, then what was (or was not) written.
public enum HistoryChangeRenderer {
    public static func resolve(_ r: ResolveReport, style: Style) -> String {
        var out = [style.bold("resolve \(r.environment) \(VisibleText.line(r.migration)) --\(r.mode.rawValue)") + " "
                   + style.target(r.target)]
        out.append("  " + (r.done ? "state before: " : "state now: ")
                   + (r.stateBefore.map { style.state($0) } ?? style.dim("never applied")))
        if let e = r.evidence, r.evidenceAsked {
            out.append("  evidence: " + e.recommendation.rawValue + style.dim(" (shown with the question above)"))
            if !e.compensatingSQL.isEmpty {
                out.append("  to remove the leftovers (not run by evermed-ops):")
                out += e.compensatingSQL.map { "    " + style.cyan($0) }
            }
        } else if let e = r.evidence {
            out.append("  evidence in \(r.environment)'s live schema:")
            for (item, folded) in fold(e.items) {
                let mark = item.present ? style.green("present") : style.red("absent ")
                let more = folded > 0 ? style.dim(" and its \(folded) column\(folded == 1 ? "" : "s")") : ""
                out.append("    \(mark)  \(item.reference.kind.rawValue) \(VisibleText.line(item.reference.name)) (\(item.reference.action.rawValue))\(more)")
            }
            out.append("  " + style.bold("supports: ") + e.recommendation.rawValue + " — " + e.explanation)
            if !e.compensatingSQL.isEmpty {
                out.append("  to remove the leftovers (not run by evermed-ops):")
                out += e.compensatingSQL.map { "    " + style.cyan($0) }
            }
        }
        if let refused = r.refused {
            out.append(style.red("✖ refused") + " (" + refused.gate.rawValue + "): " + refused.message)
            if let fix = refused.fix { out.append("    next: " + style.cyan(fix)) }
        } else if r.done {
            out.append(style.green("✔ ") + "\(VisibleText.line(r.migration)) is now marked \(r.mode == .applied ? "applied" : "rolled back") in \(r.environment).")
            // The next step is what the history now says (a promoted environment waits for its source), after
            // the leftovers the evidence listed.
            let leftovers = r.mode == .rolledBack && r.evidence?.items.contains(where: \.present) == true
            let advice = r.after.flatMap { AdviceRules.advise($0).first { $0.next != nil }?.next }
                ?? "evermed-ops check \(r.environment)   (the history is settled; this also looks for drift)"
            out.append("    next: " + style.cyan(leftovers ? "remove the leftovers above, then " + advice : advice))
        }
        return out.joined(separator: "\n")
    }

    /// A created table's columns are listed only when they disagree with the table (present vs absent).
    static func fold(_ items: [ResolveEvidence.Item]) -> [(ResolveEvidence.Item, Int)] {
        let tables = Dictionary(items.filter { $0.reference.kind == .table }.map { ($0.reference.name, $0.present) },
                                uniquingKeysWith: { a, _ in a })
        var folded: [String: Int] = [:]
        let shown = items.filter { item in
            guard item.reference.kind == .column, item.reference.action == .created else { return true }
            let table = String(item.reference.name[..<(item.reference.name.lastIndex(of: ".") ?? item.reference.name.endIndex)])
            guard let present = tables[table], present == item.present else { return true }
            folded[table, default: 0] += 1
            return false
        }
        return shown.map { ($0, $0.reference.kind == .table ? folded[$0.reference.name] ?? 0 : 0) }
    }

    public static func baseline(_ r: BaselineReport, style: Style) -> String {
        var out = [style.bold("baseline \(r.environment)") + " " + style.target(r.target)]
        if !r.alreadyRecorded.isEmpty { out.append("  already recorded: " + Plural.count(r.alreadyRecorded.count, "migration")) }
        out.append("  to record as applied (not run): " + (r.migrations.isEmpty ? "none" : r.migrations.joined(separator: ", ")))
        if r.drift.isEmpty {
            out.append("  schema: " + style.green("matches") + " the replayed migrations")
        } else {
            out.append("  schema differs from the replayed migrations in \(r.drift.count) place(s) (expected = replayed, actual = live):")
            out.append(DiffRenderer.table(r.drift, style: style, indent: "    "))
        }
        if let refused = r.refused {
            out.append(style.red("✖ refused") + " (" + refused.gate.rawValue + "): " + refused.message)
            if let fix = refused.fix { out.append("    next: " + style.cyan(fix)) }
        } else if r.done {
            out.append(style.green("✔ ") + "recorded " + Plural.count(r.migrations.count, "migration") + " as applied in \(r.environment).")
        } else if r.migrations.isEmpty {
            out.append(style.green("✔ ") + "nothing to record.")
        }
        return out.joined(separator: "\n")
    }

    /// One line per record, kept narrow (about 130 columns): the user without the host, an SOP record's
    /// session shown where an environment would be, a refusal's gate in its detail (not a second "refused"), and the
    /// detail cut to fit. `audit --json` has every field.
    public static func audit(_ records: [AuditRecord], style: Style) -> String {
        guard !records.isEmpty else { return "The audit log is empty." }
        var t = TextTable(["time (UTC)", "user", "where", "action", "outcome", "detail"])
        for r in records {
            let outcomeText = r.outcome.rawValue
            let outcome = r.outcome == .failed || r.outcome == .refused ? style.red(outcomeText)
                : r.outcome == .interrupted || r.outcome == .declined ? style.yellow(outcomeText) : style.green(outcomeText)
            let place = r.action.isSOP ? "\(r.sop ?? "sop") #\(r.step.map(String.init) ?? "-")" : r.environment
            let migrations = r.migrations.count > 1 ? "\(r.migrations.count) migrations"
                : r.migrations.first.map { String($0.prefix(40)) } ?? ""
            var detail = [r.gate.map { "gate \($0)" }, migrations.isEmpty ? nil : migrations, r.detail, r.exitStatus.map { "exit \($0)" },
                          r.backup.map { "backup \($0)" }, r.durationMs.map { "\($0) ms" },
                          r.allowDrift == true ? "allow-drift" : nil].compactMap { $0 }.joined(separator: "; ")
            if detail.count > 60 { detail = String(detail.prefix(59)) + "…" }
            t.add([VisibleText.line(String(r.time.prefix(16)).replacingOccurrences(of: "T", with: " ")),
                   VisibleText.line(r.user), VisibleText.line(place), r.action == .refused ? "-" : r.action.rawValue,
                   outcome, VisibleText.line(detail)])
        }
        return t.render(style)
    }

    public static func auditJSON(_ records: [AuditRecord]) -> String {
        "[" + records.map { $0.jsonLine() }.joined(separator: ",\n ") + "]"
    }
}

extension HistoryChangeRenderer {
    struct Refused: Encodable { var gate: String, message: String, fix: String? }

    public static func resolveJSON(_ r: ResolveReport) -> String {
        struct Item: Encodable { var kind: String, name: String, action: String, present: Bool }
        struct Evidence: Encodable { var recommendation: String, explanation: String, items: [Item], compensating_sql: [String] }
        struct Doc: Encodable {
            var environment: String, migration: String, mode: String, state_before: String?, evidence: Evidence?
            var refused: Refused?, done: Bool
        }
        let evidence = r.evidence.map { e in
            Evidence(recommendation: e.recommendation.rawValue, explanation: e.explanation,
                     items: e.items.map { Item(kind: $0.reference.kind.rawValue, name: $0.reference.name,
                                               action: $0.reference.action.rawValue, present: $0.present) },
                     compensating_sql: e.compensatingSQL)
        }
        return JSON.encode(Doc(environment: r.environment, migration: r.migration, mode: r.mode.rawValue,
                               state_before: r.stateBefore?.rawValue, evidence: evidence,
                               refused: r.refused.map { Refused(gate: $0.gate.rawValue, message: $0.message, fix: $0.fix) },
                               done: r.done))
    }

    public static func baselineJSON(_ r: BaselineReport) -> String {
        struct Doc: Encodable {
            var environment: String, migrations: [String], already_recorded: [String], drift: [SchemaChange]
            var refused: Refused?, done: Bool
        }
        return JSON.encode(Doc(environment: r.environment, migrations: r.migrations, already_recorded: r.alreadyRecorded,
                               drift: r.drift,
                               refused: r.refused.map { Refused(gate: $0.gate.rawValue, message: $0.message, fix: $0.fix) },
                               done: r.done))
    }
}
