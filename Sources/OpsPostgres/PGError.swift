import OpsCore

/// The one error type of the Postgres layer, shaped like postgres-nio's `PSQLError`: it carries the
/// server's diagnostic fields (SQLSTATE, detail, hint, position, object names) so callers can decide on
/// codes, and its text never contains a password or a full connection URL.
public struct PGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Where the failure happened.
    public enum Kind: String, Sendable, Equatable {
        /// Opening the connection failed (unreachable host, authentication, bad conninfo).
        case connection
        /// The server rejected a statement.
        case query
        /// libpq reported a failure without a server error (lost connection, unexpected result status).
        case `protocol`
    }

    public var kind: Kind
    public var sqlstate: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// 1-based character offset into the statement text (PG_DIAG_STATEMENT_POSITION).
    public var position: Int?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?

    public init(kind: Kind, sqlstate: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
                position: Int? = nil, schema: String? = nil, table: String? = nil, column: String? = nil,
                constraint: String? = nil) {
        self.kind = kind
        self.sqlstate = sqlstate
        self.message = PGError.redactor.redact(message)
        self.detail = detail.map(PGError.redactor.redact)
        self.hint = hint.map(PGError.redactor.redact)
        self.position = position
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
    }

    /// libpq's connection errors can echo parts of a conninfo: `password=…` and `user:pass@` are masked.
    private static let redactor = Redactor()

    /// `message (SQLSTATE xxxxx)`: the primary message, already redacted.
    public var description: String {
        var text = message
        if let sqlstate { text += " (SQLSTATE \(sqlstate))" }
        return text
    }
}

extension PGError {
    /// Named SQLSTATE codes this tool reacts to (PostgreSQL manual, Appendix A), as postgres-nio names them.
    public enum Code {
        public static let undefinedTable = "42P01"
        public static let undefinedColumn = "42703"
        public static let undefinedObject = "42704"
        public static let undefinedFunction = "42883"
        public static let duplicateTable = "42P07"
        public static let duplicateObject = "42710"
        public static let duplicateDatabase = "42P04"
        public static let invalidCatalogName = "3D000"
        public static let syntaxError = "42601"
        public static let invalidPassword = "28P01"
        public static let invalidAuthorization = "28000"
        public static let insufficientPrivilege = "42501"
        public static let queryCanceled = "57014"
        public static let uniqueViolation = "23505"
        public static let foreignKeyViolation = "23503"
        public static let objectInUse = "55006"
        /// `lock_not_available`: `lock_timeout` ran out.
        public static let lockNotAvailable = "55P03"
        /// `deadlock_detected`.
        public static let deadlockDetected = "40P01"
        public static let connectionFailure = "08006"
    }
}
