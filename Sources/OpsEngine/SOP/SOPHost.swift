import OpsCore

/// What a guided session needs from whoever is at the keyboard: the print site for its narration and for each
/// `ops` line's result, and the questions (a terminal, or the next line of stdin in a script; end of input is no).
public struct SOPHost: Sendable {
    /// Narration, in order (a step's header, each block, the gates).
    public var event: @Sendable (SOPEvent) -> Void
    /// An `ops` line's result, rendered as the command itself would render it.
    public var result: @Sendable (_ result: ActionResult, _ line: String) -> Void
    /// An `ops` line that failed with an error (printed as one paragraph).
    public var failure: @Sendable (_ error: Error, _ line: String) -> Void
    /// A yes/no question; false for no, end of input or Ctrl-C.
    public var ask: @Sendable (String) -> Bool
    /// One line of a shell block's output, already redacted.
    public var output: @Sendable (String) -> Void
    /// The confirmations of a mutating `ops` line (deploy's y/N, a protected environment's typed name), asked
    /// the same way as `ask`.
    public var approve: Approver

    public init(event: @escaping @Sendable (SOPEvent) -> Void, result: @escaping @Sendable (ActionResult, String) -> Void,
                failure: @escaping @Sendable (Error, String) -> Void, ask: @escaping @Sendable (String) -> Bool,
                output: @escaping @Sendable (String) -> Void, approve: @escaping Approver) {
        self.event = event
        self.result = result
        self.failure = failure
        self.ask = ask
        self.output = output
        self.approve = approve
    }
}
