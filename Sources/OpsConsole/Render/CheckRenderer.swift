import OpsCore
import OpsEngine

/// `check`: per environment, the migration lists that need attention, the drift table and the verdict.
public enum CheckRenderer {
    public static func human(_ reports: [CheckReport], style: Style) -> String {
        reports.map { human($0, style: style) }.joined(separator: "\n\n")
    }

    static func human(_ report: CheckReport, style: Style) -> String {
        var out = [style.bold(report.environment) + " " + style.target(report.target)]
        if let r = report.reconciliation {
            var counts: [String] = []
            for state in MigrationState.allCases {
                let n = r.names(state).count
                if n > 0 { counts.append(style.state(state, "\(n) \(state.rawValue)")) }
            }
            out.append("  migrations: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")))
            for state in [MigrationState.failed, .modified, .missingLocally, .rolledBack, .pending] {
                for entry in r.entries where entry.state == state {
                    let order = entry.outOfOrder ? style.dim(" (out of order)") : ""
                    out.append("    " + style.state(state, state.rawValue.padded(16)) + VisibleText.line(entry.name) + order)
                    if state == .failed, let why = failureSummary(entry.record) {
                        out.append("    " + String(repeating: " ", count: 16) + style.dim(why))
                    }
                }
            }
            if !r.hasHistoryTable { out.append(style.dim("  no _prisma_migrations table: nothing has been applied here yet")) }
        }
        if report.error == nil {
            if report.drift.isEmpty {
                out.append("  drift: " + style.green("none") + style.dim(" (live schema matches its migration history)"))
            } else {
                out.append("  drift: \(report.drift.count) difference\(report.drift.count == 1 ? "" : "s") "
                    + style.dim("(expected = replayed history, actual = live)"))
                out.append(DiffRenderer.table(report.drift, style: style, indent: "    "))
            }
        }
        out += report.notes.map { "  " + style.dim("note: " + $0) }
        for advice in AdviceRules.advise(report.facts) { out.append("  " + style.advice(advice)) }
        return out.joined(separator: "\n")
    }

    /// When the failed migration started and the first line of the error Prisma (or we) logged for it.
    static func failureSummary(_ record: MigrationRecord?) -> String? {
        guard let record else { return nil }
        let started = record.startedDescription
        return record.errorLine.map { started + ": " + VisibleText.line(DiffRenderer.shorten($0, limit: 100)) }
            ?? started + ", no log recorded"
    }

    public static func json(_ reports: [CheckReport], all: Bool) -> String {
        let docs = reports.map(Doc.init)
        return all ? JSON.encode(["environments": docs]) : JSON.encode(docs[0])
    }

    struct Lists: Encodable {
        var applied: [String], pending: [String], failed: [String], rolled_back: [String]
        var modified: [String], missing_locally: [String], out_of_order: [String]
    }

    struct AdviceDoc: Encodable {
        var severity: String, verdict: String, next: String?
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(severity, forKey: .severity)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(next, forKey: .next)
        }
        enum CodingKeys: String, CodingKey { case severity, verdict, next }
    }

    struct Doc: Encodable {
        var environment: String, target: String, in_sync: Bool, error: String?
        var migrations: Lists, drift: [SchemaChange], notes: [String], advice: [AdviceDoc]

        init(_ r: CheckReport) {
            let h = r.reconciliation
            func names(_ s: MigrationState) -> [String] { h?.names(s) ?? [] }
            environment = r.environment
            target = r.target
            in_sync = r.inSync
            error = r.error
            migrations = Lists(applied: names(.applied), pending: names(.pending), failed: names(.failed),
                               rolled_back: names(.rolledBack), modified: names(.modified),
                               missing_locally: names(.missingLocally), out_of_order: h?.outOfOrder ?? [])
            drift = r.drift
            notes = r.notes
            advice = AdviceRules.advise(r.facts).map {
                AdviceDoc(severity: "\($0.severity)", verdict: $0.verdict, next: $0.next)
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(environment, forKey: .environment)
            try c.encode(target, forKey: .target)
            try c.encode(in_sync, forKey: .in_sync)
            try c.encode(error, forKey: .error)
            try c.encode(migrations, forKey: .migrations)
            try c.encode(drift, forKey: .drift)
            try c.encode(notes, forKey: .notes)
            try c.encode(advice, forKey: .advice)
        }
        enum CodingKeys: String, CodingKey { case environment, target, in_sync, error, migrations, drift, notes, advice }
    }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
