/// The kinds of database object that evermed-ops compares. Raw values are the names used in JSON output.
public enum ObjectKind: String, Codable, CaseIterable, Sendable, Comparable {
    case schema, `extension`, `enum`, table, column, index, constraint, view
    case materializedView = "materialized_view"
    case function, sequence, trigger

    /// Dependency order: parents before children, so sorted output reads top-down.
    public static func < (a: ObjectKind, b: ObjectKind) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .schema: return 0
        case .extension: return 1
        case .enum: return 2
        case .table: return 3
        case .column: return 4
        case .index: return 5
        case .constraint: return 6
        case .view: return 7
        case .materializedView: return 8
        case .function: return 9
        case .sequence: return 10
        case .trigger: return 11
        }
    }

    /// The attributes compared for this kind, in the order a reader expects them.
    /// Attributes not listed here are still compared, after these, in name order.
    public var fieldOrder: [String] {
        switch self {
        case .schema: return []
        case .extension: return ["version", "schema"]
        case .enum: return ["values"]
        case .table: return ["persistence", "row_security"]
        case .column: return ["type", "nullable", "default", "identity", "generated", "collation"]
        case .index: return ["definition"]
        case .constraint: return ["type", "definition"]
        case .view, .materializedView, .function: return ["definition"]
        case .sequence: return ["type", "start", "increment", "min", "max", "cache", "cycle"]
        case .trigger: return ["definition", "enabled"]
        }
    }
}

/// Identity of an object inside one database: its kind plus its schema-qualified name.
public struct ObjectKey: Hashable, Codable, Sendable, Comparable {
    public var kind: ObjectKind
    public var name: String

    public init(_ kind: ObjectKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        a.kind == b.kind ? a.name < b.name : a.kind < b.kind
    }
}

/// One database object as the diff sees it: an identity and a flat set of canonical attributes
/// (server-rendered text such as `format_type` or `pg_get_indexdef`). Comparing by equality of these
/// values keeps the diff a keyed set difference, as migra does.
public struct SchemaObject: Codable, Equatable, Sendable {
    public var kind: ObjectKind
    /// A column's position in its table (attnum): how `describe` orders columns. Not compared by the diff (a
    /// column's place is not part of the schema a migration promises). Declared here, next to `kind`, so it
    /// fits in the padding before `name`: 60,000 objects of a large schema cost no extra memory for it.
    public var ordinal: Int16?
    /// Schema-qualified: `public.users`, `public.users.email`, `public.users.users_pkey`, `public.f(integer)`.
    public var name: String
    /// The qualified name of the table (or other object) this one belongs to; nil for top-level objects.
    public var parent: String?
    /// Canonical attribute values; an absent key means "none" (no default, no collation, …).
    public var fields: [String: String]

    public init(kind: ObjectKind, name: String, parent: String? = nil, fields: [String: String] = [:], ordinal: Int16? = nil) {
        self.kind = kind
        self.name = name
        self.parent = parent
        self.fields = fields
        self.ordinal = ordinal
    }

    public var key: ObjectKey { ObjectKey(kind, name) }
}
