/// The kinds of database object that evermed-ops compares. Raw values are the names used in JSON output.
public enum ObjectKind: String, Codable, CaseIterable, Sendable, Comparable {
    case schema, `extension`, `enum`, table, column, index, constraint, view
    case materializedView = "materialized_view"
    case function, sequence, trigger
    /// A table attached to a partitioned table (`PARTITION OF … FOR VALUES …`): `of` and `bound`.
    case partition
    /// A row-level security policy on a table (`public.accounts.account_managers`).
    case policy
    case collation, domain
    /// A composite type (`CREATE TYPE … AS (…)`).
    case type
    /// The privileges one grantee holds on a schema, table, sequence or function (`--privileges` only).
    case privilege

    /// Dependency order: parents before children, so sorted output reads top-down.
    public static func < (a: ObjectKind, b: ObjectKind) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self {
        case .schema: return 0
        case .extension: return 1
        case .collation: return 2
        case .enum: return 3
        case .domain: return 4
        case .type: return 5
        case .table: return 6
        case .partition: return 7
        case .column: return 8
        case .index: return 9
        case .constraint: return 10
        case .policy: return 11
        case .view: return 12
        case .materializedView: return 13
        case .function: return 14
        case .sequence: return 15
        case .trigger: return 16
        case .privilege: return 17
        }
    }

    /// The attributes compared for this kind, in the order a reader expects them.
    /// Attributes not listed here are still compared, after these, in name order.
    public var fieldOrder: [String] {
        switch self {
        case .schema: return []
        case .extension: return ["version", "schema"]
        case .enum: return ["values"]
        case .table: return ["persistence", "row_security", "force_row_security", "partition_key", "inherits"]
        case .column: return ["type", "nullable", "default", "identity", "generated", "collation"]
        case .index: return ["definition"]
        case .constraint: return ["type", "definition"]
        case .view, .materializedView, .function: return ["definition"]
        case .sequence: return ["type", "start", "increment", "min", "max", "cache", "cycle", "owned_by"]
        case .trigger: return ["definition", "enabled"]
        case .partition: return ["of", "bound", "partition_key"]
        case .policy: return ["permissive", "command", "roles", "using", "with_check"]
        case .collation: return ["provider", "locale", "lc_collate", "lc_ctype", "deterministic"]
        case .domain: return ["type", "nullable", "default", "collation", "constraints"]
        case .type: return ["attributes"]
        case .privilege: return ["object_type", "privileges"]
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
    public var fields: SchemaFields

    public init(kind: ObjectKind, name: String, parent: String? = nil, fields: SchemaFields = [:], ordinal: Int16? = nil) {
        self.kind = kind
        self.name = name
        self.parent = parent
        self.fields = fields
        self.ordinal = ordinal
    }

    public var key: ObjectKey { ObjectKey(kind, name) }
}
