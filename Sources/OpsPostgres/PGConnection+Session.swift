@preconcurrency import CLibPQ

extension PGConnection {
    /// Where the session stands with respect to transactions, as libpq tracks it from the server's
    /// ReadyForQuery messages (`PQtransactionStatus`), without a round trip.
    public enum TransactionState: Sendable, Equatable {
        /// Not in a transaction block.
        case idle
        /// Inside a transaction block (after BEGIN), healthy.
        case inTransaction
        /// Inside a failed transaction block: every statement but ROLLBACK is refused.
        case inFailedTransaction
        /// A command is in progress, or the connection is bad — libpq cannot tell.
        case unknown
    }

    /// libpq: "PQtransactionStatus returns the current in-transaction status of the server …
    /// PQTRANS_ACTIVE is reported only when a query has been sent to the server and not yet completed."
    public var transactionState: TransactionState {
        lock.lock()
        defer { lock.unlock() }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inFailedTransaction
        default: return .unknown
        }
    }

    /// False once the server closed the session (terminated backend, lost network): libpq's
    /// `PQstatus` turns CONNECTION_BAD after a failed exchange, and nothing more can be sent.
    public var isUsable: Bool {
        lock.lock()
        defer { lock.unlock() }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server process id serving this session (`PQbackendPID`), as `pg_stat_activity.pid` shows it.
    public var backendPID: Int {
        lock.lock()
        defer { lock.unlock() }
        return Int(PQbackendPID(handle))
    }

    /// Asks the server to check, every `milliseconds` while a statement runs, that this client is still
    /// connected (`client_connection_check_interval`, PostgreSQL 14+; a no-op on older servers): a deployer
    /// killed mid-statement then has its statement aborted and its session — and the migration lock it holds —
    /// ended, instead of running on until the statement finishes.
    public func checkClientConnection(everyMilliseconds milliseconds: Int) throws {
        guard serverVersion >= 140000 else { return }
        try query("SELECT set_config('client_connection_check_interval', $1, false)", [String(milliseconds)])
    }
}
