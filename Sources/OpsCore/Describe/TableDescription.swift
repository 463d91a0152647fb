/// One table as `describe ENV TABLE` shows it, laid out as psql's `\d`: columns in table order, then indexes
/// (`"users_pkey" PRIMARY KEY, btree (id)`), check and foreign-key constraints, the foreign keys of other tables
/// that reference it, and triggers. Built from a snapshot, so it needs no query of its own.
public struct TableDescription: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        public var name: String, type: String, nullable: Bool, defaultValue: String?, identity: String?
        public var generated: String?, collation: String?
    }

    /// An index, constraint or trigger: its name, a short type (constraints only) and its definition.
    public struct Entry: Equatable, Sendable {
        public var name: String, type: String?, definition: String
    }

    /// A foreign key of another table (or this one) pointing here: psql's "Referenced by".
    public struct Reference: Equatable, Sendable {
        public var table: String, constraint: String, definition: String
    }

    public var name: String
    public var columns: [Column]
    public var indexes: [Entry]
    public var constraints: [Entry]
    public var triggers: [Entry]
    public var referencedBy: [Reference] = []
    /// A partitioned table's key (`RANGE (logdate)`).
    public var partitionKey: String?
    /// Its partitions with their bounds, psql's "Partitions:" (`public.measurement_2024 FOR VALUES FROM …`).
    public var partitions: [String] = []
    /// For a partition: `public.measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`.
    public var partitionOf: String?
    /// The tables it inherits from (their columns are not listed here: they are theirs).
    public var inherits: String?
    /// Row-level security: `enabled`, `forced`, or nil when off.
    public var rowSecurity: String?
    public var policies: [Policy] = []

    public struct Policy: Equatable, Sendable {
        public var name: String, permissive: Bool, command: String, roles: String, using: String?, withCheck: String?
    }

    /// The table named `table` (`TableName`: `users` means `public.users`), or nil when the snapshot has no
    /// such table or `table` is not a table name.
    public static func make(_ snapshot: SchemaSnapshot, table: String) -> TableDescription? {
        guard let name = TableName.parse(table), let qualified = name.resolve(in: snapshot.tableNames) else { return nil }
        if let partition = snapshot[.partition, qualified], let parent = partition.fields["of"],
           var d = make(snapshot, qualified: parent, own: qualified) {
            d.name = qualified
            d.partitionOf = parent + " " + (partition.fields["bound"] ?? "")
            d.partitionKey = partition.fields["partition_key"]
            return d
        }
        return make(snapshot, qualified: qualified, own: qualified)
    }

    /// The description of table `qualified`, with the indexes, constraints and triggers of `own` (a partition
    /// shows its parent's columns, and its own indexes).
    static func make(_ snapshot: SchemaSnapshot, qualified: String, own: String) -> TableDescription? {
        guard let tableObject = snapshot[.table, qualified] else { return nil }
        let all = snapshot.sorted
        let children = all.filter { $0.parent == own }
        let columnsOf = qualified == own ? children : all.filter { $0.parent == qualified }
        func local(_ o: SchemaObject) -> String { String(o.name.dropFirst(qualified.count + 1)) }
        func entries(_ kind: ObjectKind) -> [Entry] {
            children.filter { $0.kind == kind }.map {
                Entry(name: local($0), type: kind == .constraint ? $0.fields["type"] : nil,
                      definition: $0.fields["definition"] ?? "")
            }
        }
        let columns = columnsOf.filter { $0.kind == .column }
            .sorted { ($0.ordinal ?? Int16.max, $0.name) < ($1.ordinal ?? Int16.max, $1.name) }
            .map { c in
                Column(name: local(c), type: c.fields["type"] ?? "?", nullable: c.fields["nullable"] != "false",
                       defaultValue: c.fields["default"], identity: c.fields["identity"], generated: c.fields["generated"],
                       collation: c.fields["collation"])
            }
        let references = all.filter { $0.kind == .constraint && $0.fields["type"] == "foreign key" }.compactMap { c -> Reference? in
            guard let parent = c.parent, let target = referencedTable(c.fields["definition"] ?? "", from: parent),
                  target == qualified else { return nil }
            return Reference(table: parent, constraint: String(c.name.dropFirst(parent.count + 1)),
                             definition: c.fields["definition"] ?? "")
        }
        var d = TableDescription(name: qualified, columns: columns, indexes: entries(.index),
                                 constraints: entries(.constraint), triggers: entries(.trigger), referencedBy: references)
        d.partitionKey = tableObject.fields["partition_key"]
        d.inherits = tableObject.fields["inherits"]
        d.partitions = all.filter { $0.kind == .partition && $0.fields["of"] == own }
            .map { $0.name + " " + ($0.fields["bound"] ?? "") }
        if tableObject.fields["row_security"] == "enabled" {
            d.rowSecurity = tableObject.fields["force_row_security"] == "forced" ? "forced" : "enabled"
        }
        d.policies = children.filter { $0.kind == .policy }.map { p in
            Policy(name: local(p), permissive: p.fields["permissive"] != "restrictive", command: p.fields["command"] ?? "ALL",
                   roles: p.fields["roles"] ?? "PUBLIC", using: p.fields["using"], withCheck: p.fields["with_check"])
        }
        return d
    }

    /// The constraints psql lists under "Check constraints" and "Foreign-key constraints" (a primary key or
    /// unique constraint shows on its index instead).
    public var checks: [Entry] { constraints.filter { $0.type == "check" } }
    public var foreignKeys: [Entry] { constraints.filter { $0.type == "foreign key" } }
    /// Exclusion and other constraints without an index line of their own.
    public var otherConstraints: [Entry] {
        constraints.filter { !["check", "foreign key", "primary key", "unique"].contains($0.type ?? "") }
    }

    /// Every index line, psql's way: the primary key first, then by name; a primary key or unique constraint
    /// whose index the catalog read lists under the constraint shows here too.
    public var indexLines: [String] {
        var lines: [(Int, String, String)] = indexes.map { i in
            (constraints.first { $0.name == i.name }?.type == "primary key" ? 0 : 1, i.name, indexLine(i))
        }
        for c in constraints where ["primary key", "unique"].contains(c.type ?? "") && !indexes.contains(where: { $0.name == c.name }) {
            let pk = c.type == "primary key"
            let columns = c.definition.drop { $0 != "(" }
            lines.append((pk ? 0 : 1, c.name, "\"\(c.name)\" \(pk ? "PRIMARY KEY" : "UNIQUE CONSTRAINT"), btree \(columns)"))
        }
        return lines.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// An index as psql prints it: `"users_email_key" UNIQUE CONSTRAINT, btree (email)`.
    public func indexLine(_ index: Entry) -> String {
        let constraint = constraints.first { $0.name == index.name }?.type
        let kind: String
        switch constraint {
        case "primary key": kind = "PRIMARY KEY, "
        case "unique": kind = "UNIQUE CONSTRAINT, "
        default: kind = index.definition.hasPrefix("CREATE UNIQUE INDEX") ? "UNIQUE, " : ""
        }
        return "\"\(index.name)\" \(kind)\(Self.method(of: index.definition))"
    }

    /// `CREATE INDEX x ON public.t USING btree (a, b) WHERE c` → `btree (a, b) WHERE c`.
    static func method(of definition: String) -> String {
        guard let using = definition.utf8Range(of: " USING ") else { return definition }
        return String(definition[using.upperBound...])
    }

    /// The table a `FOREIGN KEY (…) REFERENCES target(…)` definition points at, qualified like snapshot names
    /// (an unqualified target is in the referencing table's schema, as pg_get_constraintdef leaves it).
    static func referencedTable(_ definition: String, from parent: String) -> String? {
        guard let r = definition.utf8Range(of: " REFERENCES ") else { return nil }
        var rest = definition[r.upperBound...]
        var parts: [String] = []
        while !rest.isEmpty {
            if rest.first == "\"" {
                var name = "", i = rest.dropFirst()
                while let c = i.first {
                    i = i.dropFirst()
                    if c == "\"" { if i.first == "\"" { name.append("\""); i = i.dropFirst(); continue } else { break } }
                    name.append(c)
                }
                parts.append(name)
                rest = i
            } else {
                let word = rest.prefix { $0 != "." && $0 != "(" && $0 != " " }
                parts.append(String(word))
                rest = rest.dropFirst(word.count)
            }
            guard rest.first == "." else { break }
            rest = rest.dropFirst()
        }
        let schema = parent.split(separator: ".").first.map(String.init) ?? "public"
        switch parts.count {
        case 1: return schema + "." + parts[0]
        case 2: return parts[0] + "." + parts[1]
        default: return nil
        }
    }

    /// Up to `limit` table names (local to `public` when there) closest to `typed`, nearest first.
    public static func closest(_ typed: String, in tables: [String], limit: Int = 3) -> [String] {
        let shown = tables.map { $0.hasPrefix("public.") ? String($0.dropFirst(7)) : $0 }
        let word = typed.lowercased()
        let scored = shown.map { name -> (String, Int) in
            let lower = name.lowercased()
            let d = lower.contains(word) || word.contains(lower) ? 0 : EditDistance.distance(word, lower)
            return (name, d)
        }
        let near = scored.filter { $0.1 <= max(2, word.count / 3) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return near.prefix(limit).map(\.0)
    }
}
