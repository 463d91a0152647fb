/// How the shadow database replays migrations so that the replay leaves no trace on the cluster it runs on
/// (a `check` is read-only: it must not create roles, tablespaces or settings as a side effect).
///
/// Migrations before the first one that touches the cluster (`ClusterStatement`) run as `prisma migrate`
/// would run them: statement by statement, each committed. From that migration on, everything runs in one
/// transaction that is rolled back once the schema has been read; in it, a file's own `BEGIN`/`COMMIT`/
/// `ROLLBACK` become a savepoint, its release or a rollback to it, `CREATE|DROP INDEX CONCURRENTLY` loses
/// `CONCURRENTLY` (the same catalog result), and what cannot run in a transaction and does not shape the
/// schema (VACUUM, `REINDEX … CONCURRENTLY`) is skipped. Statements that act on the cluster and cannot be
/// undone (`CREATE DATABASE`, `CREATE TABLESPACE`, `ALTER SYSTEM`, subscriptions) are never replayed.
public struct ReplayPlan: Sendable {
    public struct Step: Sendable, Equatable {
        public enum Mode: Sendable, Equatable {
            case run
            /// Run `text` instead of the statement (transaction control made a savepoint, CONCURRENTLY dropped).
            case rewritten
            /// A cluster statement run inside the replay's transaction under a savepoint: "already exists"
            /// (a role the cluster has) is the state the migration wants, so it is skipped, not an error.
            case cluster
            /// Not sent to the server; `reason` says why.
            case skipped(reason: String)
        }

        /// Index of the migration in the list given to `make`.
        public var migration: Int
        public var statement: SQLScript.Statement
        /// What is sent (the statement's text unless rewritten).
        public var text: String
        public var mode: Mode
    }

    /// Index of the first migration that runs in the one rolled-back transaction (it acts on the cluster);
    /// nil when none does.
    public let transactionFrom: Int?

    public static let savepoint = "evermed_replay_file_tx"

    /// One pass over the files, classifying one statement at a time, to find where the transaction starts.
    public init(_ migrations: [LocalMigration]) {
        transactionFrom = migrations.firstIndex { migration in
            var found = false
            SQLScript.scan(migration.sql) { statement in
                if !statement.isEmpty, case .transactional? = ClusterStatement.classify(statement.text) { found = true }
                return !found
            }
            return found
        }
    }

    /// Calls `body` with each step in order, splitting each file as it goes (a 50 MB seed is replayed
    /// holding one statement at a time).
    public func forEachStep(of migrations: [LocalMigration], _ body: (Step) throws -> Void) rethrows {
        for (m, migration) in migrations.enumerated() {
            let inTransaction = transactionFrom.map { m >= $0 } ?? false
            try SQLScript.forEachExecutable(in: migration.sql) { statement in
                try body(Self.step(statement, migration: m, inTransaction: inTransaction))
            }
        }
    }

    static func step(_ statement: SQLScript.Statement, migration: Int, inTransaction: Bool) -> Step {
        func make(_ mode: Step.Mode, _ text: String? = nil) -> Step {
            Step(migration: migration, statement: statement, text: text ?? statement.text, mode: mode)
        }
        let cluster = ClusterStatement.classify(statement.text)
        if case let .nonTransactional(summary)? = cluster {
            return make(.skipped(reason: "\(summary) acts on the whole cluster and cannot be undone; it does not shape this database's schema"))
        }
        guard inTransaction else { return make(.run) }
        if cluster != nil { return make(.cluster) }
        let tokens = SQLTokenizer.tokens(statement.text)
        switch tokens.first?.keyword ?? "" {
        case "BEGIN", "START": return make(.rewritten, "SAVEPOINT \(savepoint)")
        case "COMMIT", "END": return make(.rewritten, "RELEASE SAVEPOINT \(savepoint)")
        case "ROLLBACK", "ABORT":
            if tokens.dropFirst().prefix(3).contains(where: { $0.keyword == "TO" }) { return make(.run) }
            return make(.rewritten, "ROLLBACK TO SAVEPOINT \(savepoint)")
        default: break
        }
        let traits = StatementClassifier.classify(statement)
        guard !traits.transactional else { return make(.run) }
        let words = tokens.prefix(4).map(\.keyword)
        if let k = tokens.prefix(4).firstIndex(where: { $0.keyword == "CONCURRENTLY" }),
           words.first == "CREATE" || words.first == "DROP" {
            let cut = tokens[k]
            let bytes = Array(statement.text.utf8)
            let text = String(decoding: bytes[..<cut.offset] + bytes[(cut.offset + cut.length)...], as: UTF8.self)
            return make(.rewritten, text)
        }
        return make(.skipped(reason: "\(traits.summary) cannot run in the replay's transaction and does not change the schema"))
    }
}
