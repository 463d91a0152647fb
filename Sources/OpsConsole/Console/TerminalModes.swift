#if canImport(Glibc)
import Glibc
#endif

/// The terminal's modes as the console found them, restored on every way out (normal exit, SIGTERM), so a
/// killed or crashed session never leaves the shell raw or without echo.
struct TerminalModes: Sendable {
    private let saved: termios

    static func save() -> TerminalModes? {
        guard isatty(0) == 1 else { return nil }
        var modes = termios()
        guard tcgetattr(0, &modes) == 0 else { return nil }
        return TerminalModes(saved: modes)
    }

    func restore() {
        var modes = saved
        _ = tcsetattr(0, TCSANOW, &modes)
    }
}
