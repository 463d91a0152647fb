/// SQL that turns one schema into another (`diff A B --sql`, `fix ENV`), in three parts, because PostgreSQL
/// allows some statements only outside a transaction block or after a commit:
///
/// - `before`: new enum values (`ALTER TYPE … ADD VALUE`), committed first — a value cannot be used in the
///   transaction that added it;
/// - `transactional`: everything else, meant to run in one transaction;
/// - `after`: `CREATE INDEX CONCURRENTLY` on existing tables, and `VALIDATE CONSTRAINT` of the foreign keys and
///   checks added `NOT VALID`, each on its own (a weaker lock, no long transaction).
public struct MigrationScript: Equatable, Sendable {
    /// One statement, with what it loses when it is destructive (shown as a comment above it).
    public struct Statement: Equatable, Sendable {
        public var sql: String
        /// `loses every row of public.t` — nil for statements that lose nothing.
        public var loses: String?
        /// For an idempotent script: the catalog condition under which the statement still has work to do (it is
        /// then wrapped in a `DO` block), and a statement that clears the way first (`DROP TRIGGER IF EXISTS`).
        public var guardCondition: String?
        public var clearFirst: String?
        /// The object a `DROP` statement removes (for `PendingGuard`, which guards drops by the history).
        public var drops: ObjectKey?

        public init(_ sql: String, loses: String? = nil, guard condition: String? = nil, clearFirst: String? = nil,
                    drops: ObjectKey? = nil) {
            self.sql = sql
            self.loses = loses
            self.guardCondition = condition
            self.clearFirst = clearFirst
            self.drops = drops
        }
    }

    public var before: [Statement] = []
    public var transactional: [Statement] = []
    public var after: [Statement] = []

    public init(before: [Statement] = [], transactional: [Statement] = [], after: [Statement] = []) {
        self.before = before
        self.transactional = transactional
        self.after = after
    }

    public var isEmpty: Bool { before.isEmpty && transactional.isEmpty && after.isEmpty }

    public var all: [Statement] { before + transactional + after }

    /// The destructive statements, for a summary.
    public var destructive: [Statement] { all.filter { $0.loses != nil } }

    /// The script as text: each part under a comment saying how it must run, destructive statements preceded by
    /// `-- destructive: …`, every statement ending in `;`.
    public func text(header: [String] = []) -> String {
        var out = header.map { "-- " + $0 }
        func part(_ title: String, _ statements: [Statement]) {
            guard !statements.isEmpty else { return }
            if !out.isEmpty { out.append("") }
            out.append("-- " + title)
            for s in statements {
                if let loses = s.loses { out.append("-- destructive: " + loses) }
                out.append(s.sql.hasSuffix(";") ? s.sql : s.sql + ";")
            }
        }
        part("Before: new enum values, committed first (a value cannot be used in the transaction that adds it).", before)
        part("In one transaction.", transactional)
        part("After, each statement on its own (CONCURRENTLY and VALIDATE take weaker locks outside a transaction).", after)
        return out.joined(separator: "\n") + (out.isEmpty ? "" : "\n")
    }
}
