import OpsCore

/// How one `Migrator.apply` ended. Failing and being cancelled are outcomes a deploy reports, not errors:
/// only a lost connection is thrown.
public enum ApplyOutcome: Equatable, Sendable {
    case applied(durationMs: Int)
    /// The server rejected a statement (or the timeouts ran out); the history row is left failed.
    case failed(MigrationFailure)
    /// The operator cancelled (`Migrator.cancel()`). Transactional: rolled back and no row written.
    /// Non-transactional: the row is left failed with logs saying it was interrupted.
    case cancelled(MigrationFailure)
}

/// Everything known about a migration that did not finish: the server's reason, where in the file,
/// and whether anything of it remains in the database. `logs` is the text written to `_prisma_migrations`.
public struct MigrationFailure: Equatable, Sendable {
    public var migration: String
    public var sqlstate: String?
    public var message: String
    /// 1-based line in migration.sql: of the error position inside the statement, else of the statement.
    public var line: Int?
    /// The failing statement, at most 500 characters (empty when the failure was not in one statement), for
    /// the operator's screen only: it is never written to the history table.
    public var statement: String
    /// True when a transaction was rolled back and nothing of the migration remains.
    public var rolledBackCleanly: Bool
    public var logs: String

    public init(migration: String, sqlstate: String?, message: String, line: Int?, statement: String,
                rolledBackCleanly: Bool, logs: String) {
        self.migration = migration
        self.sqlstate = sqlstate
        self.message = message
        self.line = line
        self.statement = statement
        self.rolledBackCleanly = rolledBackCleanly
        self.logs = logs
    }
}

/// Builds `MigrationFailure` and its `logs` text. The layout follows Prisma's P3018 text ("Database error
/// code: …", "Database error:", then `ERROR: …`), so `check` and Prisma's tooling both find the first
/// `ERROR` line, and adds what Prisma does not say: the line (which `resolve` reads back, `FailurePoint`)
/// and what remains applied. Never the statement's text: only what Prisma would store.
struct MigrationFailureReport {
    var migration: String
    var error: PGError?
    /// Set instead of `error` for failures we detect ourselves (a statement that ends the transaction).
    var reason: String?
    var statement: SQLScript.Statement?
    var interrupted = false
    /// Sentence saying what of the migration remains (see `Migrator`).
    var aftermath: String
    var rolledBackCleanly: Bool

    var line: Int? {
        guard let statement else { return nil }
        return error?.position.map { statement.line(ofPosition: $0) } ?? statement.line
    }

    func make() -> MigrationFailure {
        let message = error?.message ?? reason ?? "unknown error"
        let excerpt = statement.map { Self.excerpt($0.text, droppingLines: $0.line - $0.textLine) } ?? ""
        var lines: [String] = []
        if interrupted {
            lines.append("Migration \(migration) was interrupted by the operator (cancel request)"
                         + (line.map { " at line \($0) of its migration.sql." } ?? "."))
        } else {
            lines.append("Migration \(migration) failed" + (line.map { " at line \($0) of its migration.sql." } ?? "."))
        }
        lines.append("")
        if let sqlstate = error?.sqlstate { lines += ["Database error code: \(sqlstate)", ""] }
        lines.append("Database error:")
        lines.append("ERROR: \(message)")
        if let detail = error?.detail { lines.append("DETAIL: \(detail)") }
        if let hint = error?.hint { lines.append("HINT: \(hint)") }
        // The statement's text is not written: the logs column is readable by anyone who can read the table,
        // and Prisma stores only the server's error. The line says where it is.
        lines += ["", aftermath]
        return MigrationFailure(migration: migration, sqlstate: error?.sqlstate, message: message, line: line,
                                statement: excerpt, rolledBackCleanly: rolledBackCleanly,
                                logs: lines.joined(separator: "\n"))
    }

    /// The statement from the line where its code starts (the comments above it dropped, so the excerpt
    /// begins at the line the logs name), at most 500 characters, with literal passwords (`PASSWORD '…'`,
    /// `password=…`) masked: the logs column is readable by anyone who can read the table.
    static func excerpt(_ text: String, droppingLines: Int = 0) -> String {
        var trimmed = Substring(text)
        for _ in 0..<max(0, droppingLines) {
            guard let newline = trimmed.firstIndex(where: \.isNewline) else { break }
            trimmed = trimmed[trimmed.index(after: newline)...]
        }
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        let masked = Redactor().redact(String(trimmed))
        return masked.count > 500 ? String(masked.prefix(499)) + "…" : masked
    }
}
