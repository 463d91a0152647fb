#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OpsCore

/// The one print site. Everything the program shows goes through here, and through the redactor first,
/// so a secret that slipped into a message is masked at the last moment.
public struct Terminal: Sendable {
    public var redactor: Redactor
    public let stdoutIsTTY: Bool
    public let stderrIsTTY: Bool

    public init(redactor: Redactor = Redactor()) {
        self.redactor = redactor
        stdoutIsTTY = isatty(1) == 1
        stderrIsTTY = isatty(2) == 1
    }

    /// Colour only on a TTY, never with NO_COLOR set (any value) or `--no-color`.
    public func style(noColor: Bool) -> Style {
        Style(enabled: stdoutIsTTY && !noColor && getenv("NO_COLOR") == nil)
    }

    public func out(_ text: String) { write(1, text) }

    /// A question on stderr without a trailing newline; the answer is typed after it.
    public func prompt(_ text: String) {
        var bytes = Array(redactor.redact(text).utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress!, $0.count) }
    }
    public func err(_ text: String) { write(2, text) }

    /// Progress for long work: stderr, and only when a person is watching it.
    public func progress(_ text: String, force: Bool = false) {
        if stderrIsTTY { write(2, "\u{1B}[2m" + text + "\u{1B}[0m") } else if force { write(2, text) }
    }

    private func write(_ fd: Int32, _ text: String) {
        let line = redactor.redact(text) + (text.hasSuffix("\n") ? "" : "\n")
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            offset += n
        }
    }
}
