@preconcurrency import CLibPQ

extension PGConnection {
    /// Sends every statement at once in libpq pipeline mode (one round trip, libpq ≥ 14) and hands each
    /// result to `each` as it arrives, so the caller parses one result while the server computes the next.
    /// Statements run in order; after the first error the server skips the rest, which is then thrown.
    public func pipeline(_ statements: [String], _ each: (Int, PGResult) throws -> Void) throws {
        try pipeline(statements.map { (sql: $0, params: []) }, each)
    }

    /// The same with values bound as `$n` parameters per statement: a migration's BEGIN + settings + start
    /// time, or its history row + COMMIT, cost one round trip instead of three.
    public func pipeline(_ statements: [(sql: String, params: [String?])], _ each: (Int, PGResult) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PGError(kind: .protocol, message: Self.errorMessage(handle))
        }
        defer { PQexitPipelineMode(handle) }
        var firstError: Error?
        var sent = 0
        for (sql, params) in statements {
            let ok = withOptionalCStringArray(params) { values in
                PQsendQueryParams(handle, sql, Int32(params.count), nil, values, nil, nil, 0)
            }
            guard ok == 1 else { break }
            sent += 1
        }
        guard PQpipelineSync(handle) == 1 else {
            throw PGError(kind: .protocol, message: Self.errorMessage(handle))
        }
        if sent < statements.count { firstError = PGError(kind: .protocol, message: Self.errorMessage(handle)) }
        for index in 0..<sent {
            // libpq: each query's results are followed by a NULL from PQgetResult.
            while let raw = PQgetResult(handle) {
                guard firstError == nil else { PQclear(raw); continue }
                if PQresultStatus(raw) == PGRES_PIPELINE_ABORTED { PQclear(raw); continue }
                do { try each(index, try check(raw)) } catch { firstError = error }
            }
        }
        drainToSync()
        if let firstError { throw firstError }
    }

    /// Reads up to and including the PGRES_PIPELINE_SYNC result that closes the pipeline.
    private func drainToSync() {
        while let raw = PQgetResult(handle) {
            let status = PQresultStatus(raw)
            PQclear(raw)
            if status == PGRES_PIPELINE_SYNC { return }
        }
    }
}
