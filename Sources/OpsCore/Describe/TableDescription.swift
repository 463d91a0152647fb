/// One table as `describe ENV TABLE` shows it (psql's `\d`): columns with type, nullability and default,
/// then indexes, constraints and triggers. Built from a snapshot, so it needs no query of its own.
public struct TableDescription: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        public var name: String, type: String, nullable: Bool, defaultValue: String?, identity: String?
        public var generated: String?, collation: String?
    }

    /// An index, constraint or trigger: its name, a short type (constraints only) and its definition.
    public struct Entry: Equatable, Sendable {
        public var name: String, type: String?, definition: String
    }

    public var name: String
    public var columns: [Column]
    public var indexes: [Entry]
    public var constraints: [Entry]
    public var triggers: [Entry]

    /// The table named `table` (`TableName`: `users` means `public.users`), or nil when the snapshot has no
    /// such table or `table` is not a table name.
    public static func make(_ snapshot: SchemaSnapshot, table: String) -> TableDescription? {
        guard let name = TableName.parse(table), let qualified = name.resolve(in: snapshot.tableNames) else { return nil }
        guard snapshot[.table, qualified] != nil else { return nil }
        let children = snapshot.sorted.filter { $0.parent == qualified }
        func local(_ o: SchemaObject) -> String { String(o.name.dropFirst(qualified.count + 1)) }
        func entries(_ kind: ObjectKind) -> [Entry] {
            children.filter { $0.kind == kind }.map {
                Entry(name: local($0), type: kind == .constraint ? $0.fields["type"] : nil,
                      definition: $0.fields["definition"] ?? "")
            }
        }
        let columns = children.filter { $0.kind == .column }.map { c in
            Column(name: local(c), type: c.fields["type"] ?? "?", nullable: c.fields["nullable"] != "false",
                   defaultValue: c.fields["default"], identity: c.fields["identity"], generated: c.fields["generated"],
                   collation: c.fields["collation"])
        }
        return TableDescription(name: qualified, columns: columns, indexes: entries(.index),
                                constraints: entries(.constraint), triggers: entries(.trigger))
    }
}
