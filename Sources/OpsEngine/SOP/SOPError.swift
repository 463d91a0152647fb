import OpsCore

/// Why an `sop …` command could not do what was asked. Each is one paragraph saying what to type instead.
public enum SOPError: Error, CustomStringConvertible, Sendable {
    case unknown(name: String, known: [String])
    case broken(name: String, error: String)
    case noSession(command: String)
    case inProgress(SOPSession)
    case emptyReason
    /// An `ops` line that is not a command this block may run.
    case notAllowed(line: String)
    case save(String)

    public var description: String {
        switch self {
        case let .unknown(name, known):
            let close = known.filter { $0.hasPrefix(String(name.prefix(3))) || $0.contains(name) }
            let hint = close.isEmpty ? "" : " Did you mean \(close.map { "`sop start \($0)`" }.joined(separator: " or "))?"
            return "There is no SOP named \"\(VisibleText.line(name))\".\(hint) `sop list` shows them: "
                + known.joined(separator: ", ") + "."
        case let .broken(name, error):
            return "The SOP \(name) cannot be used: \(error). Fix the file (`sop list` shows every SOP and its error)."
        case let .noSession(command):
            return "No SOP session is in progress, so `\(command)` has nothing to act on. `sop start NAME` starts one "
                + "(`sop list` shows them), for example `sop start database-changes`."
        case let .inProgress(s):
            return "A session of \(s.sop) is already in progress (step \(s.step)/\(s.steps), “\(VisibleText.line(s.stepTitle))”, "
                + "started \(s.startedAt.prefix(16).replacingOccurrences(of: "T", with: " ")) UTC). One session per project: "
                + "`sop resume` continues it, `sop abort` ends it."
        case .emptyReason:
            return "`sop skip` needs a reason, recorded in the session and the audit log: `sop skip no UI change in this release`."
        case let .notAllowed(line):
            return "`\(VisibleText.line(line))` cannot run inside an SOP step (sessions do not nest, and `quit` would end the "
                + "console mid-step). Fix the SOP's ```ops block."
        case let .save(message):
            return message
        }
    }
}
