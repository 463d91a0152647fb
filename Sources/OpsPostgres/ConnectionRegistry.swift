@preconcurrency import CLibPQ
import Foundation

/// Every open connection's cancel handle, so Ctrl-C in the console can stop whatever is running — an
/// introspection, a shadow replay, a deploy — without the code that runs it knowing about signals.
/// libpq: "PQcancel can safely be invoked from a signal handler"; here it runs on a dispatch queue.
public final class ConnectionRegistry: @unchecked Sendable {
    public static let shared = ConnectionRegistry()

    private let lock = NSLock()
    private var handles: [ObjectIdentifier: PGCancelHandle] = [:]

    func register(_ connection: PGConnection, _ handle: PGCancelHandle) {
        lock.withLock { handles[ObjectIdentifier(connection)] = handle }
    }

    func unregister(_ connection: PGConnection) {
        _ = lock.withLock { handles.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// Sends a cancel request for the statement running on every open connection (idle ones ignore it).
    /// Returns how many requests were sent.
    @discardableResult
    public func cancelAll() -> Int {
        let all = lock.withLock { Array(handles.values) }
        return all.filter { $0.cancel() }.count
    }
}
