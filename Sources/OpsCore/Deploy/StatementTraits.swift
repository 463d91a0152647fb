/// What the deploy planner needs to know about one statement before running it: whether it may run
/// inside the migration's transaction, which table lock it takes and on what, and a one-line summary
/// for plans and confirmations.
public struct StatementTraits: Equatable, Sendable {
    /// False when PostgreSQL refuses the statement inside a transaction block (or the file manages its own).
    public var transactional: Bool
    /// Why it cannot run in a transaction, e.g. "CREATE INDEX CONCURRENTLY cannot run inside a transaction block".
    public var nonTransactionalReason: String?
    /// The strongest table lock the statement takes; nil when it locks no existing table.
    public var lock: LockLevel?
    /// The table, index or view named by the statement, quotes stripped, schema-qualified when written so.
    public var lockTarget: String?
    /// A short description: `ALTER TABLE public.users`, `CREATE INDEX CONCURRENTLY users_email_idx ON users`.
    public var summary: String

    public init(transactional: Bool = true, nonTransactionalReason: String? = nil, lock: LockLevel? = nil,
                lockTarget: String? = nil, summary: String) {
        self.transactional = transactional
        self.nonTransactionalReason = nonTransactionalReason
        self.lock = lock
        self.lockTarget = lockTarget
        self.summary = summary
    }

    /// A statement PostgreSQL will not run inside a transaction block; `keywords` name it in the reason.
    static func outsideTransaction(_ keywords: String, name: String? = nil, reason: String? = nil,
                                   lock: LockLevel? = nil, target: String? = nil) -> StatementTraits {
        StatementTraits(transactional: false,
                        nonTransactionalReason: reason ?? "\(keywords) cannot run inside a transaction block",
                        lock: lock, lockTarget: target, summary: name.map { "\(keywords) \($0)" } ?? keywords)
    }
}
