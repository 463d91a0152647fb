@preconcurrency import CLibPQ

extension PGConnection {
    /// Sends every statement at once in libpq pipeline mode (one round trip, libpq ≥ 14) and hands each
    /// result to `each` as it arrives, so the caller parses one result while the server computes the next.
    /// Statements run in order; after the first error the server skips the rest, which is then thrown.
    public func pipeline(_ statements: [String], _ each: (Int, PGResult) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PGError(kind: .protocol, message: Self.errorMessage(handle))
        }
        defer { PQexitPipelineMode(handle) }
        var firstError: Error?
        var sent = 0
        for sql in statements {
            guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) == 1 else { break }
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
