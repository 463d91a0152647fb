import OpsCore

extension Migrator {
    static let rolledBackSentence = "The transaction was rolled back: no statement of this migration remains."

    /// BEGIN; SET LOCAL timeouts; each statement; INSERT the finished row; COMMIT. On an SQL error the
    /// transaction is rolled back and a failed row is inserted on its own; on a cancel, nothing is written.
    /// The first statement rides in the opening round trip (a 500-file deploy: 500 round trips fewer).
    func applyInTransaction(name: String, checksum: String, source: StatementSource) throws -> ApplyOutcome {
        if let control = source.first(where: Self.endsTransaction) {
            return try refuseTransactionControl(name: name, checksum: checksum, statement: control)
        }
        var startedAt = ""
        func fail(_ report: MigrationFailureReport) throws -> ApplyOutcome {
            let failure = report.make()
            if report.interrupted { return .cancelled(failure) }
            try writeHistory(MigrationHistoryWriter.insertFailedSQL,
                             [MigrationHistoryWriter.newID(), checksum, name, failure.logs, startedAt])
            return .failed(failure)
        }
        var opened = false, stopped: ApplyOutcome?
        do {
            try source.scan { statement in
                // The first statement rides with the opening, unless it is a COPY (its data exchange cannot run
                // in a pipeline): then the opening goes on its own.
                let rides = !opened && Self.leadingWords(statement.text, 1).first != "COPY"
                if !opened && !rides { try open(then: nil, startedAt: &startedAt) }
                opened = true
                stopped = try runInTransaction(statement, name: name, fail: fail) {
                    if rides { try open(then: statement, startedAt: &startedAt) } else { try run(statement) }
                }
                return stopped == nil
            }
            if !opened { try open(then: nil, startedAt: &startedAt) }
        } catch let failure as OpeningFailed {
            throw failure.error
        }
        if let stopped { return stopped }
        return try commit(name: name, checksum: checksum, fail: fail)
    }

    /// The opening round trip failed (not the migration's statement): thrown as it is by `applyInTransaction`.
    private struct OpeningFailed: Error { let error: Error }

    /// One round trip: BEGIN, the timeouts (SET LOCAL), the transaction's start time for a failed row and, when
    /// given, the migration's first statement. An error of that statement is thrown for `runInTransaction` to
    /// report (the start time is read by then); any other error rolls back and is thrown as `OpeningFailed`.
    private func open(then first: SQLScript.Statement?, startedAt: inout String) throws {
        let opening = [(sql: "BEGIN", params: [String?]())] + timeoutStatements(local: true)
            + [(sql: MigrationHistoryWriter.transactionStartSQL, params: [])]
        var readStart = false, started = ""
        do {
            try running {
                try connection.pipeline(opening + (first.map { [(sql: $0.text, params: [])] } ?? [])) { index, result in
                    if index == opening.count - 1 {
                        started = result.text(0, 0)
                        readStart = true
                    }
                }
            }
            startedAt = started
        } catch let error as PGError where readStart && isStatementError(error) {
            startedAt = started
            throw error   // the first statement's own error
        } catch {
            if connection.transactionState != .idle { _ = try? connection.execute("ROLLBACK") }
            throw OpeningFailed(error: error)
        }
    }

    /// One statement of a transactional migration, run by `body`; the outcome that ends the migration, or nil
    /// to go on.
    private func runInTransaction(_ statement: SQLScript.Statement, name: String,
                                  fail: (MigrationFailureReport) throws -> ApplyOutcome,
                                  body: () throws -> Void) throws -> ApplyOutcome? {
        if isCancelRequested {
            if connection.transactionState != .idle { try connection.execute("ROLLBACK") }
            return try fail(report(name, reason: "cancel requested", statement, interrupted: true))
        }
        do {
            try body()
        } catch let error as PGError where isStatementError(error) {
            try connection.execute("ROLLBACK")
            let interrupted = error.sqlstate == PGError.Code.queryCanceled && isCancelRequested
            return try fail(report(name, error: error, statement, interrupted: interrupted))
        }
        // libpq reports the block's state after each statement: anything but "in a transaction" means
        // the statement itself committed or aborted our transaction, which `endsTransaction` should
        // have refused; stop rather than write history that might not match.
        guard connection.transactionState == .inTransaction else {
            _ = try? connection.execute("ROLLBACK")
            return try fail(MigrationFailureReport(
                migration: name, reason: "this statement ended the migration's transaction", statement: statement,
                aftermath: "The migration's transaction was ended by its own statement at line \(statement.line): "
                    + "statements before it may have been committed. Compare the schema with the file before resolving.",
                rolledBackCleanly: false))
        }
        return nil
    }

    /// Inserts the finished row inside the transaction and commits. A COMMIT can still fail (a deferred
    /// constraint); the transaction is then gone, which the failed row says.
    private func commit(name: String, checksum: String,
                        fail: (MigrationFailureReport) throws -> ApplyOutcome) throws -> ApplyOutcome {
        if isCancelRequested {
            try connection.execute("ROLLBACK")
            return try fail(report(name, reason: "cancel requested", nil, interrupted: true))
        }
        do {
            // The history row and COMMIT in one round trip; after an error the pipeline skips COMMIT and the
            // aborted transaction is rolled back below.
            try connection.pipeline([(sql: MigrationHistoryWriter.insertAppliedSQL,
                                      params: [MigrationHistoryWriter.newID(), checksum, name]),
                                     (sql: "COMMIT", params: [])]) { _, _ in }
        } catch let error as PGError where isStatementError(error) {
            if connection.transactionState != .idle { try connection.execute("ROLLBACK") }
            let interrupted = error.sqlstate == PGError.Code.queryCanceled && isCancelRequested
            return try fail(report(name, error: error, nil, interrupted: interrupted))
        }
        return .applied(durationMs: 0)
    }

    private func report(_ name: String, error: PGError? = nil, reason: String? = nil,
                        _ statement: SQLScript.Statement?, interrupted: Bool) -> MigrationFailureReport {
        MigrationFailureReport(migration: name, error: error, reason: reason, statement: statement,
                               interrupted: interrupted, aftermath: Self.rolledBackSentence, rolledBackCleanly: true)
    }

    /// A file run in a transaction must not end it: COMMIT/END/ROLLBACK/ABORT would commit or discard half
    /// of it before the history row, and BEGIN/START only warn. Refused before anything runs, with a failed
    /// row naming the line, so the planner's choice (or the file) gets fixed instead of silently half-applied.
    private func refuseTransactionControl(name: String, checksum: String,
                                          statement: SQLScript.Statement) throws -> ApplyOutcome {
        let failure = MigrationFailureReport(
            migration: name,
            reason: "the migration controls transactions itself (\(Self.leadingWords(statement.text, 2).joined(separator: " "))) "
                + "but was to run inside one; run it without a transaction, or remove that statement",
            statement: statement,
            aftermath: "Nothing was run: no statement of this migration was applied.", rolledBackCleanly: true).make()
        try writeHistory(MigrationHistoryWriter.insertFailedNowSQL,
                         [MigrationHistoryWriter.newID(), checksum, name, failure.logs])
        return .failed(failure)
    }

    /// True for BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK (not ROLLBACK TO SAVEPOINT), ABORT and
    /// PREPARE TRANSACTION: the statements that open or end a transaction block.
    static func endsTransaction(_ statement: SQLScript.Statement) -> Bool {
        let words = leadingWords(statement.text, 3)
        switch words.first {
        case "BEGIN", "COMMIT", "END", "ABORT": return true
        case "START": return words.dropFirst().first == "TRANSACTION"
        case "PREPARE": return words.dropFirst().first == "TRANSACTION"
        case "ROLLBACK":
            let rest = Array(words.dropFirst())
            return !(rest.first == "TO" || (rest.first == "WORK" || rest.first == "TRANSACTION") && rest.dropFirst().first == "TO")
        default: return false
        }
    }

    /// The first `count` words of `sql`, uppercased, after comments and whitespace.
    static func leadingWords(_ sql: String, _ count: Int) -> [String] {
        var words: [String] = []
        var current = ""
        var chars = Substring(sql)
        while let c = chars.first, words.count < count {
            if c == "-", chars.dropFirst().first == "-" {
                chars = chars.drop(while: { !$0.isNewline })
                continue
            }
            if c == "/", chars.dropFirst().first == "*" {
                var depth = 0
                repeat {
                    if chars.hasPrefix("/*") { depth += 1; chars = chars.dropFirst(2); continue }
                    if chars.hasPrefix("*/") { depth -= 1; chars = chars.dropFirst(2); continue }
                    chars = chars.dropFirst()
                } while depth > 0 && !chars.isEmpty
                continue
            }
            if c.isLetter || c == "_" || (c.isNumber && !current.isEmpty) {
                current.append(c)
            } else {
                if !current.isEmpty { words.append(current.uppercased()); current = "" }
                if !c.isWhitespace { break }
            }
            chars = chars.dropFirst()
        }
        if !current.isEmpty, words.count < count { words.append(current.uppercased()) }
        return words
    }
}
