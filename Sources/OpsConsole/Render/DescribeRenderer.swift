import OpsCore
import OpsEngine

/// `describe`: psql's `\d` layout — a column table, then indexes, constraints and triggers.
public enum DescribeRenderer {
    public static func human(_ r: DescribeReport, style: Style) -> String {
        guard let d = r.description else {
            if TableName.parse(r.table) == nil {
                return "\(VisibleText.line(r.table)) is not a table name. Write it as users, public.users or \"My Table\" "
                    + "(double quotes keep case, dots and spaces, as in SQL)."
            }
            let close = TableDescription.closest(r.table, in: r.tableNames)
            let env = ShellWord.quote(r.environment)
            if !close.isEmpty {
                return "No table \(VisibleText.line(r.table)) in \(r.environment) (\(r.target)). Did you mean "
                    + close.map { "`describe \(env) \(ShellWord.quote($0))`" }.joined(separator: ", ") + "?"
            }
            let some = r.tableNames.map { $0.hasPrefix("public.") ? String($0.dropFirst(7)) : $0 }
            return "No table \(VisibleText.line(r.table)) in \(r.environment) (\(r.target))."
                + (some.isEmpty ? " It has no tables yet (`status \(env)` shows what is applied there)."
                    : " Its tables: \(some.prefix(12).map(VisibleText.line).joined(separator: ", "))"
                        + (some.count > 12 ? " and \(some.count - 12) more (Tab after `describe \(env) ` lists them)." : "."))
        }
        let kind = d.partitionKey != nil ? "Partitioned table" : "Table"
        var out = [style.bold("\(kind) \"\(VisibleText.line(d.name))\"") + " " + style.dim("in \(r.environment) (\(r.target))")]
        var t = TextTable(["Column", "Type", "Collation", "Nullable", "Default"])
        for c in d.columns {
            let def = c.identity.map { "generated \($0) as identity" } ?? c.generated.map { "generated always as (\($0)) stored" }
                ?? c.defaultValue ?? ""
            t.add([c.name, c.type, c.collation ?? "", c.nullable ? "" : "not null", def].map(VisibleText.line))
        }
        out.append(t.render(style, indent: " "))
        if let of = d.partitionOf { out.append("Partition of: " + VisibleText.line(of)) }
        if let key = d.partitionKey { out.append("Partition key: " + VisibleText.line(key)) }
        if let parents = d.inherits { out.append("Inherits: " + VisibleText.line(parents) + " (its columns are not repeated here)") }
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out.append(title + ":")
            out += lines.map { "    " + VisibleText.line($0) }
        }
        section("Indexes", d.indexLines)
        section("Check constraints", d.checks.map { "\"\($0.name)\" \($0.definition)" })
        section("Foreign-key constraints", d.foreignKeys.map { "\"\($0.name)\" \($0.definition)" })
        section("Other constraints", d.otherConstraints.map { "\"\($0.name)\" \($0.definition)" })
        section("Referenced by", d.referencedBy.map { "TABLE \"\(Self.local($0.table))\" CONSTRAINT \"\($0.constraint)\" \($0.definition)" })
        section("Triggers", d.triggers.map { "\"\($0.name)\" \($0.definition)" })
        if let rls = d.rowSecurity {
            let title = rls == "forced" ? "Policies (forced row security enabled)" : "Policies"
            if d.policies.isEmpty { out.append(title + ": (none: every row is hidden from roles without BYPASSRLS)") }
            section(title, d.policies.flatMap { p -> [String] in
                var lines = ["POLICY \"\(p.name)\"" + (p.permissive ? "" : " AS RESTRICTIVE")
                             + (p.command == "ALL" ? "" : " FOR \(p.command)"), "  TO \(p.roles)"]
                if let using = p.using { lines.append("  USING (\(using))") }
                if let check = p.withCheck { lines.append("  WITH CHECK (\(check))") }
                return lines
            })
        } else if !d.policies.isEmpty {
            section("Policies (row security disabled)", d.policies.map { "POLICY \"\($0.name)\"" })
        }
        section("Partitions", d.partitions.map(Self.local))
        return out.joined(separator: "\n")
    }

    /// `public.users` → `users`, as psql prints names on the search path.
    static func local(_ qualified: String) -> String {
        qualified.hasPrefix("public.") ? String(qualified.dropFirst(7)) : qualified
    }

    public static func json(_ r: DescribeReport) -> String {
        struct Column: Encodable { var name: String, type: String, nullable: Bool, default_value: String?, identity: String?, generated: String?, collation: String? }
        struct Entry: Encodable { var name: String, type: String?, definition: String }
        struct Table: Encodable { var name: String, columns: [Column], indexes: [Entry], constraints: [Entry], triggers: [Entry] }
        struct Doc: Encodable { var environment: String, target: String, table: Table? }
        let table = r.description.map { d in
            Table(name: d.name,
                  columns: d.columns.map { Column(name: $0.name, type: $0.type, nullable: $0.nullable, default_value: $0.defaultValue,
                                                  identity: $0.identity, generated: $0.generated, collation: $0.collation) },
                  indexes: d.indexes.map { Entry(name: $0.name, type: $0.type, definition: $0.definition) },
                  constraints: d.constraints.map { Entry(name: $0.name, type: $0.type, definition: $0.definition) },
                  triggers: d.triggers.map { Entry(name: $0.name, type: $0.type, definition: $0.definition) })
        }
        return JSON.encode(Doc(environment: r.environment, target: r.target, table: table))
    }
}
