#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OpsEngine

/// Asks on the operator's terminal: the question and the plan go to stderr (stdout may be piped or JSON),
/// the answer is one line from stdin. Interactive only when both stdin and stderr are terminals.
public struct TerminalConfirmer: Sendable {
    let terminal: Terminal

    public init(terminal: Terminal) { self.terminal = terminal }

    public var isInteractive: Bool { isatty(0) == 1 && isatty(2) == 1 }

    public func show(_ text: String) { terminal.err(text) }

    public func confirmTyped(_ prompt: String, expected: String) -> Bool {
        guard isInteractive else { return false }
        return ask(prompt) == expected
    }

    public func confirmYesNo(_ prompt: String) -> Bool {
        guard isInteractive else { return false }
        let answer = ask(prompt + " [y/N] ")?.lowercased()
        return answer == "y" || answer == "yes"
    }

    /// A guided session's question: on a terminal as `confirmYesNo`; in a script, the next line of stdin (echoed
    /// after the question, so a transcript reads as a dialogue). End of input is no.
    public func answerYesNo(_ prompt: String) -> Bool {
        let answer = answer(prompt + " [y/N] ")?.lowercased()
        return answer == "y" || answer == "yes"
    }

    public func answerTyped(_ prompt: String, expected: String) -> Bool {
        answer(prompt) == expected
    }

    private func answer(_ prompt: String) -> String? {
        if isInteractive { return ask(prompt) }
        terminal.prompt(prompt)
        let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces)
        terminal.err(line ?? "(end of input: no)")
        return line
    }

    private func ask(_ prompt: String) -> String? {
        terminal.prompt(prompt)
        return TerminalConfirmer.readAnswer()?.trimmingCharacters(in: .whitespaces)
    }

    /// One line from stdin, or nil when Ctrl-C is pressed while waiting (the console's SIGINT handler sets the
    /// command's interrupted flag; a blocking readLine would not notice until Enter). Nil means "no".
    static func readAnswer() -> String? {
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        while !Interrupts.endCommand() {
            let ready = poll(&fds, 1, 200)
            if ready > 0 { return readLine(strippingNewline: true) }
            if ready < 0 && errno != EINTR { return nil }
        }
        FileHandle.standardError.write(Data("\n".utf8))   // the ^C the terminal echoed ends the question's line
        return nil
    }
}
