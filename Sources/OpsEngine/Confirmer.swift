/// How an action that changes a database asks the operator. The console and the one-shot CLI answer from the
/// terminal; tests and pipes answer from flags. Non-interactive confirmers never block on input.
public protocol Confirmer: Sendable {
    /// True when a person can answer (stdin and stderr are terminals).
    var isInteractive: Bool { get }
    /// Shows `prompt` and returns true only when the operator types `expected` exactly (protected environments).
    func confirmTyped(_ prompt: String, expected: String) -> Bool
    /// A y/N question; anything but y/yes is no.
    func confirmYesNo(_ prompt: String) -> Bool
    /// Shows text before a question (the plan), on the operator's terminal.
    func show(_ text: String)
}

/// For non-interactive runs: answers no, shows nothing.
public struct NonInteractiveConfirmer: Confirmer {
    public init() {}
    public var isInteractive: Bool { false }
    public func confirmTyped(_ prompt: String, expected: String) -> Bool { false }
    public func confirmYesNo(_ prompt: String) -> Bool { false }
    public func show(_ text: String) {}
}
