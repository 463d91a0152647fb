import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OpsPostgres

/// Ctrl-C and SIGTERM during one-shot work: drop any shadow database still alive, then exit 130/143.
/// The signal is ignored at the C level and delivered through a dispatch source, so the handler runs as
/// ordinary Swift on its own queue while the main thread may be blocked inside libpq.
public enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let state = InterruptState()

    public static func installOneShotHandlers(report: @escaping @Sendable (String) -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if let redirect = state.redirect {
                    redirect()       // a deploy cancels its running statement and reports; no exit here
                    return
                }
                state.set()
                let leftover = ShadowRegistry.shared.dropAll()
                if leftover.isEmpty {
                    report("interrupted; nothing was changed")
                } else {
                    report("interrupted; could not drop shadow database(s) \(leftover.joined(separator: ", ")): "
                        + "drop them by hand with DROP DATABASE … WITH (FORCE)")
                }
                exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Dropping the shadow database makes the work in progress fail; that failure is a consequence of the
    /// interrupt, not news. The main thread calls this before reporting anything, and waits for the
    /// handler to finish and exit with the signal's code.
    /// While `body` runs, an interrupt calls `onInterrupt` instead of exiting: a deploy cancels the running
    /// statement (PQcancel), rolls back, releases its lock and reports what was and was not applied.
    public static func redirect<T>(to onInterrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        state.redirect = onInterrupt
        defer { state.redirect = nil }
        return try body()
    }

    public static func parkIfInterrupted() {
        guard state.isSet else { return }
        while true { sleep(60) }
    }
}

private final class InterruptState: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var handler: (@Sendable () -> Void)?

    var redirect: (@Sendable () -> Void)? {
        get { lock.withLock { handler } }
        set { lock.withLock { handler = newValue } }
    }

    func set() { lock.withLock { flag = true } }
    var isSet: Bool { lock.withLock { flag } }
}
