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
    public var relations: [String: Relation]
    /// Index (qualified) → its table (qualified).
    public var indexTables: [String: String]
    /// A table is large from this many estimated rows…
    public var largeRows: Double
    /// …or this many bytes with its indexes.
    public var largeBytes: Int64
    /// The `lock_timeout` evermed-ops's deploy sets on this environment (seconds; 0: none).
    public var deployLockTimeout: Double

    public static let defaultLargeRows: Double = 1_000_000
    public static let defaultLargeBytes: Int64 = 1 << 30

    public init(environment: String, relations: [String: Relation], indexTables: [String: String] = [:],
                largeRows: Double = LintContext.defaultLargeRows, largeBytes: Int64 = LintContext.defaultLargeBytes,
                deployLockTimeout: Double = 0) {
        self.environment = environment
        self.relations = relations
        self.indexTables = indexTables
        self.largeRows = largeRows
        self.largeBytes = largeBytes
        self.deployLockTimeout = deployLockTimeout
    }

    public func isLarge(_ r: Relation) -> Bool { r.estimatedRows >= largeRows || r.totalBytes >= largeBytes }
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
