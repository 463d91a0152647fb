import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OpsPostgres

/// Ctrl-C, SIGTERM and SIGHUP (the terminal went away: treated as SIGTERM). The signals are ignored at the C level and delivered through dispatch sources, so the
/// handlers run as ordinary Swift on their own queue while the main thread may be blocked inside libpq.
///
/// - One-shot commands: drop any shadow database still alive, then exit 130/143.
/// - The console: Ctrl-C cancels the running command (PQcancel on every open connection; a deploy cancels its
///   statement and rolls back) and the session goes on; SIGTERM and SIGHUP restore the terminal and exit.
/// - During a deploy, `redirect` routes Ctrl-C to the migrator in both modes.
public enum Interrupts {
    public enum Mode: Sendable { case oneShot, console }

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    /// The handlers' own serial queue. A serial queue gets a thread even when the global pool is full: on two
    /// cores a deploy's background replay (blocked in libpq, perhaps in a migration's `pg_sleep`) and one more
    /// job were enough to keep a Ctrl-C queued on `.global()` until the statement it should cancel had finished.
    private static let queue = DispatchQueue(label: "evermed-ops.interrupts")
    private static let state = InterruptState()

    /// Installs the handlers once per process; later calls only update `report` and the console's cleanup.
    public static func install(mode: Mode, report: @escaping @Sendable (String) -> Void,
                               beforeExit: @escaping @Sendable () -> Void = {}) {
        state.configure(mode: mode, report: report, beforeExit: beforeExit)
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { handle(sig) }
            source.resume()
            sources.append(source)
        }
    }

    public static func installOneShotHandlers(report: @escaping @Sendable (String) -> Void) {
        install(mode: .oneShot, report: report)
    }

    private static func handle(_ sig: Int32) {
        if sig == SIGINT, let redirect = state.redirect {
            redirect()       // a deploy cancels its running statement and reports; no exit here
            return
        }
        if sig == SIGINT, state.mode == .console {
            state.set()
            ConnectionRegistry.shared.cancelAll()
            return
        }
        state.terminate()
        ChildGroups.terminateAll()   // an SOP's shell command goes with us (its group ignores our terminal)
        let leftover = ShadowRegistry.shared.dropAll()
        if leftover.isEmpty {
            state.report("interrupted; nothing was changed")
        } else {
            state.report("interrupted; could not drop shadow database(s) \(leftover.joined(separator: ", ")): "
                + "drop them by hand with DROP DATABASE … WITH (FORCE)")
        }
        state.beforeExit()
        exit(128 + sig)
    }

    /// While `body` runs, an interrupt calls `onInterrupt` instead of exiting: a deploy cancels the running
    /// statement (PQcancel), rolls back, releases its lock and reports what was and was not applied.
    public static func redirect<T>(to onInterrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        state.redirect = onInterrupt
        defer { state.redirect = nil }
        return try body()
    }

    /// Console: clears the flag before a command runs; `endCommand` says whether Ctrl-C hit it.
    public static func beginCommand() { state.clear() }
    public static func endCommand() -> Bool { state.isSet }

    /// Once a signal ends the process (one-shot Ctrl-C, SIGTERM anywhere), dropping the shadow database makes
    /// the work in progress fail; that failure is a consequence, not news. The main thread calls this before
    /// reporting anything, and waits for the handler to finish and exit with the signal's code.
    public static func parkIfInterrupted() {
        guard state.isTerminating else { return }
        while true { sleep(60) }
    }
}

private final class InterruptState: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var handler: (@Sendable () -> Void)?
    private var currentMode = Interrupts.Mode.oneShot
    private var reporter: @Sendable (String) -> Void = { _ in }
    private var cleanup: @Sendable () -> Void = {}

    func configure(mode: Interrupts.Mode, report: @escaping @Sendable (String) -> Void,
                   beforeExit: @escaping @Sendable () -> Void) {
        lock.withLock {
            currentMode = mode
            reporter = report
            cleanup = beforeExit
        }
    }

    var mode: Interrupts.Mode { lock.withLock { currentMode } }
    func report(_ text: String) { lock.withLock { reporter }(text) }
    func beforeExit() { lock.withLock { cleanup }() }

    var redirect: (@Sendable () -> Void)? {
        get { lock.withLock { handler } }
        set { lock.withLock { handler = newValue } }
    }

    private var exiting = false

    func set() { lock.withLock { flag = true } }
    func terminate() { lock.withLock { exiting = true } }
    var isTerminating: Bool { lock.withLock { exiting } }
    func clear() { lock.withLock { flag = false } }
    var isSet: Bool { lock.withLock { flag } }
}

/// The process groups of running shell commands (`ShellRunner`): they are not in the terminal's foreground group,
/// so a SIGTERM or SIGHUP that ends evermed-ops must end them too.
enum ChildGroups {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var groups: Set<pid_t> = []

    static func add(_ pgid: pid_t) { lock.withLock { _ = groups.insert(pgid) } }
    static func remove(_ pgid: pid_t) { lock.withLock { _ = groups.remove(pgid) } }

    static func terminateAll() {
        for pgid in lock.withLock({ groups }) { kill(-pgid, SIGTERM) }
    }
}
