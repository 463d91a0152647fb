import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import OpsPostgres

/// Ctrl-C and SIGTERM during one-shot work: drop any shadow database still alive, then exit 130/143.
/// The signal is ignored at the C level and delivered through a dispatch source, so the handler runs as
/// ordinary Swift on its own queue while the main thread may be blocked inside libpq.
public enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func installOneShotHandlers(report: @escaping @Sendable (String) -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
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
}
