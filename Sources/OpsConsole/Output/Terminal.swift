#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OpsCore

/// The one print site. Everything the program shows goes through here, and through the redactor first,
/// so a secret that slipped into a message is masked at the last moment; then every control character
/// that data may carry (an escape sequence in a migration name, a carriage return in a server message) is
/// made visible (`VisibleText.terminal`), so nothing read from a database or a file can drive the terminal.
public struct Terminal: Sendable {
    public var redactor: Redactor
    public let stdoutIsTTY: Bool
    public let stderrIsTTY: Bool
    /// `--no-color`: no escape codes on either stream (NO_COLOR in the environment does the same).
    public var noColor: Bool

    public init(redactor: Redactor = Redactor(), noColor: Bool = false) {
        self.redactor = redactor
        self.noColor = noColor
        stdoutIsTTY = isatty(1) == 1
        stderrIsTTY = isatty(2) == 1
    }

    /// Colour only on a TTY, never with NO_COLOR set (any value) or `--no-color`.
    public func style(noColor: Bool) -> Style {
        Style(enabled: stdoutIsTTY && !noColor && colorAllowed)
    }

    private var colorAllowed: Bool { !noColor && getenv("NO_COLOR") == nil }

    public func out(_ text: String) { write(1, text) }

    /// A piece of streamed text (an LLM's answer as it arrives): no newline added; redacted and made visible
    /// like every other write.
    public func stream(_ text: String) {
        guard !text.isEmpty else { return }
        var bytes = Array(VisibleText.terminal(redactor.redact(text)).utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress!, $0.count) }
    }

    /// A question on stderr without a trailing newline; the answer is typed after it.
    public func prompt(_ text: String) {
        var bytes = Array(VisibleText.terminal(redactor.redact(text)).utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress!, $0.count) }
    }
    public func err(_ text: String) { write(2, text) }

    /// Progress for long work: stderr, and only when a person is watching it.
    public func progress(_ text: String, force: Bool = false) {
        guard stderrIsTTY || force else { return }
        write(2, stderrIsTTY && colorAllowed ? "\u{1B}[2m" + text + "\u{1B}[0m" : text)
    }

    private func write(_ fd: Int32, _ text: String) {
        let line = VisibleText.terminal(redactor.redact(text)) + (text.hasSuffix("\n") ? "" : "\n")
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            offset += n
        }
    }
}
