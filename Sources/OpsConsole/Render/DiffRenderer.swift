import OpsCore
import OpsEngine

/// `diff A B` and the drift table of `check`: one row per change, with the field and both values.
public enum DiffRenderer {
    public static func human(_ report: DiffReport, style: Style) -> String {
        if let sql = report.sql { return script(report, sql) }
        let head = style.bold("\(report.from) → \(report.to)") + " "
            + style.dim("(\(report.fromTarget) → \(report.toTarget))")
        guard !report.changes.isEmpty else { return head + "\n  " + style.green("no differences") }
        let summary = "  \(report.changes.count) difference\(report.changes.count == 1 ? "" : "s"): "
            + style.dim("added = only in \(report.to), removed = only in \(report.from)")
        return [head, summary, table(report.changes, style: style, indent: "  ")].joined(separator: "\n")
    }

    static func table(_ changes: [SchemaChange], style: Style, indent: String) -> String {
        var t = TextTable(["kind", "name", "change", "detail"])
        for c in changes {
            var detail = ""
            if c.change == .changed {
                detail = "\(c.field ?? ""): \(shorten(c.expected)) → \(shorten(c.actual))"
            }
            t.add([c.kind.rawValue, VisibleText.line(c.name), style.change(c.change), VisibleText.line(detail)])
        }
        return t.render(style, indent: indent)
    }

    /// Long definitions (functions, views) would swamp the table; the JSON output carries them whole.
    static func shorten(_ value: String?, limit: Int = 60) -> String {
        guard let v = value else { return "(none)" }
        let flat = v.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    /// `--sql`: the script alone (plain, so it can be redirected into a migration file), under a header.
    static func script(_ report: DiffReport, _ sql: MigrationScript) -> String {
        let count = sql.all.count, lost = sql.destructive.count
        guard !sql.isEmpty else {
            return "-- \(report.from) and \(report.to) have the same schema: no SQL to run.\n"
        }
        return sql.text(header: [
            "evermed-ops diff \(report.from) \(report.to) --sql: turns \(report.from) (\(report.fromTarget)) into "
                + "\(report.to) (\(report.toTarget))",
            Plural.count(count, "statement") + (lost == 0 ? ", none destructive." : ", \(lost) destructive (marked below)."),
        ])
    }

    public static func json(_ report: DiffReport) -> String {
        struct Statement: Encodable {
            var sql: String, loses: String?
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(sql, forKey: .sql)
                try c.encode(loses, forKey: .loses)
            }
            enum CodingKeys: String, CodingKey { case sql, loses }
        }
        struct Script: Encodable { var before: [Statement], transactional: [Statement], after: [Statement] }
        struct Doc: Encodable {
            var from: String, to: String, from_target: String, to_target: String, changes: [SchemaChange], sql: Script?
        }
        let sql = report.sql.map { s in
            Script(before: s.before.map { Statement(sql: $0.sql, loses: $0.loses) },
                   transactional: s.transactional.map { Statement(sql: $0.sql, loses: $0.loses) },
                   after: s.after.map { Statement(sql: $0.sql, loses: $0.loses) })
        }
        return JSON.encode(Doc(from: report.from, to: report.to, from_target: report.fromTarget, to_target: report.toTarget,
                               changes: report.changes, sql: sql))
    }
}
