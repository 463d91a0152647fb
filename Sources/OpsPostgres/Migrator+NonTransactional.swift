import OpsCore

extension Migrator {
    /// Row first (started, so a crash leaves it failed), then each statement on the session with
    /// session-level timeouts, then the session's timeouts put back and the row finished. Statements the
    /// file wraps in its own BEGIN … COMMIT run as it says; a block it leaves open or broken is rolled back.
    func applyOutsideTransaction(name: String, checksum: String, statements: [SQLScript.Statement]) throws -> ApplyOutcome {
        let run = NonTransactionalRun(id: MigrationHistoryWriter.newID(), name: name, statements: statements,
                                      savedTimeouts: try currentTimeouts())
        try writeHistory(MigrationHistoryWriter.insertStartedSQL, [run.id, checksum, name])
        try setTimeouts(local: false)
        var fileBlockStart: Int?  // index of the statement that opened the file's own transaction block
        for (index, statement) in statements.enumerated() {
            if isCancelRequested {
                return try stop(run, at: index, blockStart: fileBlockStart, error: nil,
                                reason: "cancel requested before this statement ran", interrupted: true)
            }
            do {
                try self.run(statement)
            } catch let error as PGError where isStatementError(error) {
                let interrupted = error.sqlstate == PGError.Code.queryCanceled && isCancelRequested
                return try stop(run, at: index, blockStart: fileBlockStart, error: error, reason: nil,
                                interrupted: interrupted)
            }
            switch connection.transactionState {
            case .idle: fileBlockStart = nil
            case .inTransaction, .inFailedTransaction: fileBlockStart = fileBlockStart ?? index
            case .unknown: break
            }
        }
        if let open = fileBlockStart {
            return try stop(run, at: open, blockStart: open, error: nil,
                            reason: "the migration opened a transaction here and never ended it", interrupted: false)
        }
        try restoreTimeouts(run.savedTimeouts)
        try writeHistory(MigrationHistoryWriter.finishSQL, [run.id])
        return .applied(durationMs: 0)
    }

    /// What one non-transactional apply needs to write its row and restore the session when it stops.
    struct NonTransactionalRun {
        var id: String
        var name: String
        var statements: [SQLScript.Statement]
        var savedTimeouts: (lock: String, statement: String)
    }

    /// Ends a non-transactional apply at statement `index`: rolls back a block the file left open, puts the
    /// session's timeouts back, and leaves the row failed with logs saying exactly which statements remain.
    private func stop(_ run: NonTransactionalRun, at index: Int, blockStart: Int?, error: PGError?, reason: String?,
                      interrupted: Bool) throws -> ApplyOutcome {
        let rolledBackBlock = connection.transactionState != .idle
        if rolledBackBlock { try connection.execute("ROLLBACK") }
        try restoreTimeouts(run.savedTimeouts)
        let statement = run.statements[index]
        let aftermath = Self.aftermath(run.statements, failing: statement, keptBefore: blockStart ?? index,
                                       rolledBackBlock: rolledBackBlock ? blockStart.map { run.statements[$0].line } : nil)
        let failure = MigrationFailureReport(migration: run.name, error: error, reason: reason, statement: statement,
                                             interrupted: interrupted, aftermath: aftermath,
                                             rolledBackCleanly: false).make()
        try writeHistory(MigrationHistoryWriter.failSQL, [run.id, failure.logs])
        return interrupted ? .cancelled(failure) : .failed(failure)
    }

    /// The sentence the logs end with: which statements were applied and remain.
    static func aftermath(_ statements: [SQLScript.Statement], failing: SQLScript.Statement, keptBefore: Int,
                          rolledBackBlock: Int?) -> String {
        var text = keptBefore > 0
            ? "This migration ran outside a transaction: statements before line \(statements[keptBefore].line) were applied and remain."
            : "This migration ran outside a transaction: no statement before line \(statements[keptBefore].line) was applied."
        if let line = rolledBackBlock {
            text += " The transaction it opened at line \(line) was rolled back."
        }
        let words = leadingWords(failing.text, 4)
        if words.first == "CREATE", words.contains("CONCURRENTLY") {
            // PostgreSQL, CREATE INDEX: "the CREATE INDEX command will fail but leave behind an 'invalid' index".
            text += " A failed CREATE INDEX CONCURRENTLY can leave an INVALID index behind: drop it before retrying."
        }
        return text
    }
}
