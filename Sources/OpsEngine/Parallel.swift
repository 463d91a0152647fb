import Foundation

/// Runs blocking work (libpq calls) on several threads at once and collects the results in order.
/// libpq is synchronous; two databases introspected side by side take the time of the slower one.
enum Parallel {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> R) -> [Result<R, Error>] {
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.set(i, Result { try body(items[i]) })
        }
        return box.results
    }

    /// Two different pieces of work at once.
    static func both<A: Sendable, B: Sendable>(_ a: @Sendable () throws -> A,
                                               _ b: @Sendable () throws -> B) throws -> (A, B) {
        let boxA = ResultBox<A>(count: 1), boxB = ResultBox<B>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { boxA.set(0, Result { try a() }) } else { boxB.set(0, Result { try b() }) }
        }
        return (try boxA.results[0].get(), try boxB.results[0].get())
    }

    /// Frees two big values (a 3,000-table schema is 60,000 objects a side: ~30 ms of releases) on a
    /// background thread, so the answer is not kept waiting; a one-shot command may exit before it is done.
    static func releaseInBackground<A: Sendable, B: Sendable>(_ a: consuming A, _ b: consuming B) {
        let values = Box((consume a, consume b))
        DispatchQueue.global(qos: .utility).async { values.value = nil }
    }
}

/// Hands a value to another thread, which then holds its only reference.
private final class Box<T>: @unchecked Sendable {
    var value: T?
    init(_ value: T) { self.value = value }
}

private final class ResultBox<R>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<R, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<R, Error>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }

    var results: [Result<R, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
