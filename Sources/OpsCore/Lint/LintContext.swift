/// What `lint` knows about the database a migration will run on: the relations it has, how big they are,
/// and which table each index belongs to. Read in one set-based catalog query; nil fields mean unknown.
public struct LintContext: Equatable, Sendable {
    public struct Relation: Equatable, Sendable {
        /// `reltuples` (an estimate; -1 when the table was never vacuumed or analyzed).
        public var estimatedRows: Double
        /// The heap's size in bytes (`pg_relation_size`): 0 means no row was ever stored.
        public var heapBytes: Int64
        /// With indexes and TOAST (`pg_total_relation_size`).
        public var totalBytes: Int64

        public init(estimatedRows: Double, heapBytes: Int64, totalBytes: Int64) {
            self.estimatedRows = estimatedRows
            self.heapBytes = heapBytes
            self.totalBytes = totalBytes
        }

        public var isEmpty: Bool { heapBytes == 0 && estimatedRows <= 0 }
    }

    /// The environment's name, for messages.
    public var environment: String
    /// Tables, views, materialized views and foreign tables by qualified name (`public.users`).
    public var relations: [String: Relation] { didSet { bareRelations = Self.bare(relations.keys) } }
    /// Index (qualified) → its table (qualified).
    public var indexTables: [String: String] { didSet { bareIndexes = Self.bare(indexTables.keys) } }
    /// Unqualified name → the qualified names that end in it (for `relation` and `indexTable`).
    private var bareRelations: [String: [String]] = [:]
    private var bareIndexes: [String: [String]] = [:]

    static func bare(_ names: some Collection<String>) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for name in names {
            guard let dot = name.firstIndex(of: ".") else { continue }
            out[String(name[name.index(after: dot)...]), default: []].append(name)
        }
        return out
    }
    /// A table is large from this many estimated rows…
    public var largeRows: Double
    /// …or this many bytes with its indexes.
    public var largeBytes: Int64

    public static let defaultLargeRows: Double = 1_000_000
    public static let defaultLargeBytes: Int64 = 1 << 30

    public init(environment: String, relations: [String: Relation], indexTables: [String: String] = [:],
                largeRows: Double = LintContext.defaultLargeRows, largeBytes: Int64 = LintContext.defaultLargeBytes) {
        self.environment = environment
        self.relations = relations
        self.indexTables = indexTables
        self.bareRelations = Self.bare(relations.keys)
        self.bareIndexes = Self.bare(indexTables.keys)
        self.largeRows = largeRows
        self.largeBytes = largeBytes
    }

    public func isLarge(_ r: Relation) -> Bool { r.estimatedRows >= largeRows || r.totalBytes >= largeBytes }

    /// The table of an index, read like `relation`: an unqualified name found in exactly one other schema.
    public func indexTable(_ qualified: String) -> String? {
        if let t = indexTables[qualified] { return t }
        guard qualified.hasPrefix("public."), let names = bareIndexes[String(qualified.dropFirst(7))], names.count == 1
        else { return nil }
        return indexTables[names[0]]
    }

    /// The relation a name refers to. An unqualified name is read as `public.name`; when the environment has none
    /// there but exactly one `name` in another schema, that one (its search_path — Prisma's `?schema=` — points
    /// there).
    public func relation(_ qualified: String) -> Relation? {
        if let r = relations[qualified] { return r }
        guard qualified.hasPrefix("public."), let names = bareRelations[String(qualified.dropFirst(7))], names.count == 1
        else { return nil }
        return relations[names[0]]
    }
}

/// The project's `lint:` settings from evermed-ops.yml.
public struct LintSettings: Equatable, Sendable {
    public var largeRows: Double = LintContext.defaultLargeRows
    public var largeBytes: Int64 = LintContext.defaultLargeBytes
    /// Rules switched off for the project.
    public var disabled: Set<LintRule> = []

    public init(largeRows: Double = LintContext.defaultLargeRows, largeBytes: Int64 = LintContext.defaultLargeBytes,
                disabled: Set<LintRule> = []) {
        self.largeRows = largeRows
        self.largeBytes = largeBytes
        self.disabled = disabled
    }
}
