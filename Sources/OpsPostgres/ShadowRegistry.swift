import Foundation

/// Every shadow database that exists right now, with the server to drop it from, so an interrupted run
/// (Ctrl-C, SIGTERM) can still drop them: `dropAll()` is safe to call from a signal handler's queue.
public final class ShadowRegistry: @unchecked Sendable {
    public static let shared = ShadowRegistry()

    private let lock = NSLock()
    private var entries: [String: String] = [:]

    init() {}

    /// Records `name` as created on the server reached through `adminConninfo`.
    public func register(_ name: String, adminConninfo: String) {
        lock.withLock { entries[name] = adminConninfo }
    }

    public func unregister(_ name: String) {
        lock.withLock { _ = entries.removeValue(forKey: name) }
    }

    /// Names of the shadow databases still registered.
    public var names: [String] { lock.withLock { entries.keys.sorted() } }

    /// Drops every registered shadow database, each through a new connection of its own; failures are
    /// left registered and returned, so a caller can report them.
    @discardableResult
    public func dropAll() -> [String] {
        let pending = lock.withLock { entries }
        var failed: [String] = []
        for (name, admin) in pending.sorted(by: { $0.key < $1.key }) {
            if (try? ShadowDatabase.drop(name, adminConninfo: admin)) != nil {
                unregister(name)
            } else {
                failed.append(name)
            }
        }
        return failed
    }
}
