import OpsCore

extension Migrator {
    /// Row first (started, so a crash leaves it failed), then each statement on the session with
    /// session-level timeouts, then the session's timeouts put back and the row finished. Statements the
    /// file wraps in its own BEGIN … COMMIT run as it says; a block it leaves open or broken is rolled back.
    func applyOutsideTransaction(name: String, checksum: String, source: StatementSource) throws -> ApplyOutcome {
        let run = NonTransactionalRun(id: MigrationHistoryWriter.newID(), name: name, savedTimeouts: try currentTimeouts())
        try writeHistory(MigrationHistoryWriter.insertStartedSQL, [run.id, checksum, name])
        try setTimeouts(local: false)
        var position = RunPosition()
        var stopped: ApplyOutcome?
        try source.scan { statement in
            stopped = try step(statement, run, &position)
            return stopped == nil
        }
        if let stopped { return stopped }
        if let open = position.blockStart {
            return try stop(run, failing: open, position, error: nil,
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
        var savedTimeouts: (lock: String, statement: String)
    }

    /// Where a non-transactional run is, read statement by statement: what ran, and the statement that
    /// opened a transaction block of the file's own, if one is open.
    struct RunPosition {
        var first: SQLScript.Statement?
        var blockStart: SQLScript.Statement?
    }

    /// Runs one statement; the outcome that ends the migration, or nil to go on.
    private func step(_ statement: SQLScript.Statement, _ run: NonTransactionalRun,
                      _ position: inout RunPosition) throws -> ApplyOutcome? {
        if position.first == nil { position.first = statement }
        if isCancelRequested {
            return try stop(run, failing: statement, position, error: nil,
                            reason: "cancel requested before this statement ran", interrupted: true)
        }
        do {
            try self.run(statement)
        } catch let error as PGError where isStatementError(error) {
            let interrupted = error.sqlstate == PGError.Code.queryCanceled && isCancelRequested
            return try stop(run, failing: statement, position, error: error, reason: nil, interrupted: interrupted)
        }
        switch connection.transactionState {
        case .idle: position.blockStart = nil
        case .inTransaction, .inFailedTransaction: position.blockStart = position.blockStart ?? statement
        case .unknown: break
        }
        return nil
    }

    /// Ends a non-transactional apply at `failing`: rolls back a block the file left open, puts the
    /// session's timeouts back, and leaves the row failed with logs saying exactly which statements remain.
    private func stop(_ run: NonTransactionalRun, failing: SQLScript.Statement, _ position: RunPosition,
                      error: PGError?, reason: String?, interrupted: Bool) throws -> ApplyOutcome {
        let rolledBackBlock = connection.transactionState != .idle
        if rolledBackBlock { try connection.execute("ROLLBACK") }
        try restoreTimeouts(run.savedTimeouts)
        let kept = position.blockStart ?? failing
        let aftermath = Self.aftermath(failing: failing, keptBefore: kept, isFirst: kept == position.first,
                                       rolledBackBlock: rolledBackBlock ? position.blockStart?.line : nil)
        let failure = MigrationFailureReport(migration: run.name, error: error, reason: reason, statement: failing,
                                             interrupted: interrupted, aftermath: aftermath,
                                             rolledBackCleanly: false).make()
        try writeHistory(MigrationHistoryWriter.failSQL, [run.id, failure.logs])
        return interrupted ? .cancelled(failure) : .failed(failure)
    }

    /// The sentence the logs end with: which statements were applied and remain — those before `keptBefore`
    /// (the failing statement, or the start of the file's own block that was rolled back).
    static func aftermath(failing: SQLScript.Statement, keptBefore: SQLScript.Statement, isFirst: Bool,
                          rolledBackBlock: Int?) -> String {
        var text = isFirst
            ? "This migration ran outside a transaction: no statement before line \(keptBefore.line) was applied."
            : "This migration ran outside a transaction: statements before line \(keptBefore.line) were applied and remain."
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
