/// The catalog as read, one typed row per object, before any naming or field rules are applied:
/// the seam between the SQL (`CatalogIntrospector`) and the pure `SchemaBuilder`, so the rules can be
/// tested with hand-written rows.
struct CatalogRows: Sendable {
    struct Extension: Sendable { var name, version, schema: String }
    struct Enum: Sendable { var schema, name, values: String }
    struct Table: Sendable {
        var schema, name: String
        /// `relpersistence`: "p" permanent, "u" unlogged.
        var persistence: String
        var rowSecurity: Bool
        var oid: UInt32 = 0
        var forceRowSecurity = false
        /// `pg_get_partkeydef` of a partitioned table.
        var partitionKey: String? = nil
        /// The tables it inherits from, `schema.table, …`.
        var inherits: String? = nil
    }
    struct Partition: Sendable {
        var schema, name, parentSchema, parent, bound: String
        var partitionKey: String?
        var oid: UInt32 = 0
    }
    struct Policy: Sendable {
        var schema, table, name: String
        var permissive: Bool
        /// `polcmd`: r SELECT, a INSERT, w UPDATE, d DELETE, * ALL.
        var command: String
        var roles: String
        var using, withCheck: String?
    }
    struct Collation: Sendable {
        var schema, name, provider: String
        var locale, collate, ctype: String?
        var deterministic: Bool
    }
    struct Domain: Sendable {
        var schema, name, type: String
        var notNull: Bool
        var defaultExpression, collation, constraints: String?
    }
    struct CompositeType: Sendable { var schema, name, attributes: String }
    struct Privilege: Sendable { var objectType, object, grantee, privileges: String }
    struct Column: Sendable {
        var schema, table, name, type: String
        var notNull: Bool
        var defaultExpression: String?
        var generated: String?
        var collation: String?
        /// Catalog identity and types, for rendering index and constraint definitions on this side.
        var relid: UInt32 = 0, attnum: Int16 = 0, typeOID: UInt32 = 0, collationOID: UInt32 = 0
        /// The type's own collation: a column collation other than it is printed.
        var typeCollationOID: UInt32 = 0
        var typeIsDomain = false
        /// `attgenerated` as read by oid: 0 a plain column (its `pg_attrdef` entry is its default), `s` stored
        /// generated (the entry is its expression).
        var generation: UInt8 = 0
        /// `attidentity`: 0 none, `a` always, `d` by default (a byte: 36,000 columns a side, most with none).
        var identity: UInt8 = 0
        /// `schema.table`, shared by the table's columns (set by `nameRelations`; else made from the two).
        var parent = ""
    }
    struct Index: Sendable {
        var schema, table, name, definition: String
        /// The catalog fields `DefinitionRenderer` builds `definition` from; nil when the server rendered it.
        var key: IndexKey? = nil
        var oid: UInt32 = 0
        /// The table (or materialized view) indexed: `schema` and `table` are named from it.
        var relid: UInt32 = 0
        /// `schema.table`, as for columns.
        var parent = ""
    }
    struct Constraint: Sendable {
        var schema, table, name: String
        /// `contype`: p, u, f, c, x.
        var type: String
        var definition: String
        var key: ConstraintKey? = nil
        var oid: UInt32 = 0
        var relid: UInt32 = 0
        /// `schema.table`, as for columns.
        var parent = ""
    }
    struct View: Sendable {
        var schema, name: String
        var materialized: Bool
        var definition: String
        var oid: UInt32 = 0
    }
    struct Function: Sendable { var schema, name, arguments, definition: String }
    struct Sequence: Sendable {
        var schema, name, type, start, increment, min, max, cache: String
        var cycle: Bool
        var ownedBy: String? = nil
    }
    struct Trigger: Sendable {
        var schema, table, name, definition: String
        /// `tgenabled`: O, D, R, A.
        var enabled: String
    }

    /// The oids of the user relations by kind (`CatalogQueries.relations`, read first): what the other queries
    /// are restricted to.
    struct RelationSet: Sendable {
        var tables: [UInt32] = [], partitions: [UInt32] = [], views: [UInt32] = [], materializedViews: [UInt32] = []
        var sequences: [UInt32] = [], compositeTypes: [UInt32] = []
        /// The partitioned tables (and partitions partitioned in turn): their indexes are partitioned.
        var partitioned: [UInt32] = []

        /// The sets a query is restricted to (`CatalogReaders.Reader.restricted`).
        enum Group: Hashable, Sendable {
            case tables, tablesAndPartitions, indexed, views, materializedViews, sequences, partitions, compositeTypes
        }

        /// No relation of the set (without making it).
        func isEmpty(_ group: Group) -> Bool {
            switch group {
            case .tablesAndPartitions: return tables.isEmpty && partitions.isEmpty
            case .indexed: return tables.isEmpty && partitions.isEmpty && materializedViews.isEmpty
            default: return oids(group).isEmpty
            }
        }

        func oids(_ group: Group) -> [UInt32] {
            switch group {
            case .tables: return tables
            case .tablesAndPartitions: return tables + partitions
            case .indexed: return tables + partitions + materializedViews
            case .views: return views
            case .materializedViews: return materializedViews
            case .sequences: return sequences
            case .partitions: return partitions
            case .compositeTypes: return compositeTypes
            }
        }
    }
    var relationSet = RelationSet()

    var lookups = RenderLookups()
    /// Column defaults and generation expressions by `columnKey`, until `nameRelations` hands them out.
    var defaults = IntegerMap<UInt64, String>()
    /// Each table's parents (`Table.inherits`) by oid, until `nameRelations` hands them out.
    var inherits = IntegerMap<UInt32, String>()

    /// `relid << 16 | attnum`: one column of one relation.
    static func columnKey(_ relid: UInt32, _ attnum: Int16) -> UInt64 {
        UInt64(relid) << 16 | UInt64(UInt16(bitPattern: attnum))
    }
    var schemas: [String] = []
    var extensions: [Extension] = []
    var enums: [Enum] = []
    var tables: [Table] = []
    var columns: [Column] = []
    var indexes: [Index] = []
    var constraints: [Constraint] = []
    var views: [View] = []
    var functions: [Function] = []
    var sequences: [Sequence] = []
    var triggers: [Trigger] = []
    var partitions: [Partition] = []
    var policies: [Policy] = []
    var collationObjects: [Collation] = []
    var domains: [Domain] = []
    var compositeTypes: [CompositeType] = []
    var privileges: [Privilege] = []
}
