/// The hazards `lint` finds in migration SQL. Raw values are the rule ids of `lint --json`, the README's
/// table and the `-- evermed-ops: allow=RULE` directive: a contract, never renamed.
///
/// Each rule has a default severity; with an environment's catalog, `escalation` decides how the table's
/// size changes it (a rewrite of an empty table is harmless; of a large one, an outage).
public enum LintRule: String, Codable, Sendable, CaseIterable {
    case notNullWithoutDefault = "not_null_without_default"
    case setNotNull = "set_not_null"
    case addColumnRewrite = "add_column_rewrite"
    case blockingIndex = "blocking_index"
    case concurrentlyInTransaction = "concurrently_in_transaction"
    case dropIndex = "drop_index"
    case dropColumn = "drop_column"
    case dropTable = "drop_table"
    case dropSchema = "drop_schema"
    case dropDatabase = "drop_database"
    case dropConstraint = "drop_constraint"
    case renameColumn = "rename_column"
    case renameTable = "rename_table"
    case columnTypeChange = "column_type_change"
    case constraintWithoutNotValid = "constraint_without_not_valid"
    case uniqueWithoutIndex = "unique_without_index"
    case tableRewrite = "table_rewrite"
    case missingLockTimeout = "missing_lock_timeout"
    case transactionControl = "transaction_control"
    case unboundedDataChange = "unbounded_data_change"
    case identifierTooLong = "identifier_too_long"
    case tableNotFound = "table_not_found"
    case badDirective = "bad_directive"

    /// How an environment's table size changes a finding.
    public enum Escalation: Sendable {
        /// Locks or rewrites: info on an empty table, error on a large one.
        case size
        /// Loses data: info on an empty table, error on one with rows.
        case data
        /// Independent of the table (syntax, transactions, compatibility with running code).
        case none
    }

    public var defaultSeverity: LintSeverity {
        switch self {
        case .notNullWithoutDefault, .concurrentlyInTransaction, .dropDatabase, .tableNotFound, .badDirective: return .error
        case .dropConstraint: return .info
        default: return .warning
        }
    }

    public var escalation: Escalation {
        switch self {
        case .setNotNull, .addColumnRewrite, .blockingIndex, .dropIndex, .columnTypeChange, .constraintWithoutNotValid,
             .uniqueWithoutIndex, .tableRewrite, .missingLockTimeout, .unboundedDataChange:
            return .size
        case .notNullWithoutDefault, .dropColumn, .dropTable: return .data
        default: return .none
        }
    }

    /// True for hazards of changing a table that already holds data: a table the same lint run created is
    /// empty, so they do not apply to it (squawk's rule for tables "created in the same transaction").
    public var onlyExistingTables: Bool {
        switch self {
        case .notNullWithoutDefault, .setNotNull, .addColumnRewrite, .blockingIndex, .dropIndex, .columnTypeChange,
             .constraintWithoutNotValid, .uniqueWithoutIndex, .tableRewrite, .missingLockTimeout, .unboundedDataChange,
             .dropColumn, .renameColumn, .renameTable, .dropTable:
            return true
        default: return false
        }
    }

    /// One line for `lint --rules` and the README: what the rule finds.
    public var summary: String {
        switch self {
        case .notNullWithoutDefault: return "ADD COLUMN … NOT NULL without a DEFAULT on an existing table (fails once it has rows)"
        case .setNotNull: return "ALTER COLUMN … SET NOT NULL (scans the whole table under ACCESS EXCLUSIVE)"
        case .addColumnRewrite: return "ADD COLUMN with a volatile default, serial, identity or stored generated column (rewrites the table)"
        case .blockingIndex: return "CREATE INDEX / REINDEX without CONCURRENTLY on an existing table (blocks writes)"
        case .concurrentlyInTransaction: return "CONCURRENTLY inside the file's own BEGIN … COMMIT (PostgreSQL refuses it)"
        case .dropIndex: return "DROP INDEX without CONCURRENTLY (ACCESS EXCLUSIVE on the table)"
        case .dropColumn: return "DROP COLUMN (its data is lost; running code that reads it breaks)"
        case .dropTable: return "DROP TABLE (its data is lost)"
        case .dropSchema: return "DROP SCHEMA (everything in it is lost)"
        case .dropDatabase: return "DROP DATABASE in a migration"
        case .dropConstraint: return "DROP CONSTRAINT (the data is no longer checked)"
        case .renameColumn: return "RENAME COLUMN (running code still uses the old name)"
        case .renameTable: return "RENAME TO on a table (running code still uses the old name)"
        case .columnTypeChange: return "ALTER COLUMN … TYPE (rewrites the table and its indexes unless binary-compatible)"
        case .constraintWithoutNotValid: return "ADD FOREIGN KEY / CHECK without NOT VALID on an existing table (validates under lock)"
        case .uniqueWithoutIndex: return "ADD PRIMARY KEY / UNIQUE / EXCLUDE without USING INDEX (builds the index under ACCESS EXCLUSIVE)"
        case .tableRewrite: return "VACUUM FULL, CLUSTER, SET TABLESPACE, SET LOGGED/UNLOGGED (rewrite under ACCESS EXCLUSIVE)"
        case .missingLockTimeout: return "ACCESS EXCLUSIVE on an existing table with no lock_timeout (every query queues behind it)"
        case .transactionControl: return "BEGIN, COMMIT, ROLLBACK or SAVEPOINT in a migration (the history row loses its transaction)"
        case .unboundedDataChange: return "UPDATE or DELETE without WHERE, TRUNCATE (every row)"
        case .identifierTooLong: return "an identifier over 63 bytes (PostgreSQL truncates it: the live name differs)"
        case .tableNotFound: return "with an environment: the statement's table does not exist there"
        case .badDirective: return "a `-- evermed-ops:` line evermed-ops cannot read"
        }
    }

    /// The closest rules of squawk and Atlas, for the README's comparison (empty when neither has one).
    public var counterparts: String {
        switch self {
        case .notNullWithoutDefault: return "squawk adding-required-field, adding-not-nullable-field; Atlas MF103"
        case .setNotNull: return "squawk adding-not-nullable-field; Atlas MF104"
        case .addColumnRewrite: return "squawk adding-field-with-default, adding-serial-primary-key-field"
        case .blockingIndex: return "squawk require-concurrent-index-creation, require-concurrent-reindex; Atlas PG101"
        case .concurrentlyInTransaction: return "squawk ban-concurrent-index-creation-in-transaction"
        case .dropIndex: return "squawk require-concurrent-index-deletion; Atlas PG102"
        case .dropColumn: return "squawk ban-drop-column; Atlas DS103"
        case .dropTable: return "squawk ban-drop-table; Atlas DS102"
        case .dropSchema: return "squawk ban-drop-schema; Atlas DS101"
        case .dropDatabase: return "squawk ban-drop-database"
        case .dropConstraint: return "squawk ban-drop-constraint"
        case .renameColumn: return "squawk renaming-column; Atlas BC102"
        case .renameTable: return "squawk renaming-table; Atlas BC101"
        case .columnTypeChange: return "squawk changing-column-type"
        case .constraintWithoutNotValid: return "squawk adding-foreign-key-constraint, constraint-missing-not-valid"
        case .uniqueWithoutIndex: return "squawk disallowed-unique-constraint; Atlas MF101, MF102"
        case .tableRewrite: return "squawk prefer-repack"
        case .missingLockTimeout: return "squawk require-timeout-settings"
        case .transactionControl: return "squawk transaction-nesting, ban-uncommitted-transaction"
        case .unboundedDataChange: return "squawk ban-truncate-cascade"
        case .identifierTooLong: return "squawk identifier-too-long"
        case .tableNotFound: return "Atlas (replays on a dev database)"
        case .badDirective: return ""
        }
    }
}

/// How serious a finding is. `error` makes `lint` exit 1 and is what the `hazards` gate refuses on a
/// protected environment.
public enum LintSeverity: String, Codable, Sendable, Comparable, CaseIterable {
    case info, warning, error

    public static func < (a: LintSeverity, b: LintSeverity) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }
}
