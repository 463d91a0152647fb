import OpsCore
import OpsLLM

/// What the LLM features need from the print site: the diagnosis shown before the explanation streams, each
/// piece of text as it arrives (nil: do not stream, e.g. `--json`), each tool call as it runs, and the JSON a
/// read-only tool call returns (the print site renders results). Ctrl-C cancels through `cancel`.
public struct LLMHost: Sendable {
    public var diagnosis: @Sendable (Diagnosis) -> Void
    public var token: (@Sendable (String) -> Void)?
    public var toolCall: @Sendable (_ name: String, _ arguments: String) -> Void
    public var execute: @Sendable (ToolRegistry.Invocation) throws -> String
    public var cancel: CancelToken

    public init(diagnosis: @escaping @Sendable (Diagnosis) -> Void, token: (@Sendable (String) -> Void)?,
                toolCall: @escaping @Sendable (String, String) -> Void,
                execute: @escaping @Sendable (ToolRegistry.Invocation) throws -> String, cancel: CancelToken) {
        self.diagnosis = diagnosis
        self.token = token
        self.toolCall = toolCall
        self.execute = execute
        self.cancel = cancel
    }
}

/// `diagnose ENV --explain` / `explain`: the rule-based diagnosis and what the model made of it.
public struct ExplanationReport: Sendable {
    public var diagnosis: Diagnosis
    /// The model's text, placeholders restored.
    public var text: String
    public var model: String
    /// The tool calls it made (`check {"environment":"production"}`).
    public var toolCalls: [String]
    public var streamed: Bool
}

/// `ask QUESTION`: the answer and the SOP steps it was grounded in.
public struct AnswerReport: Sendable {
    public var question: String
    public var text: String
    public var model: String
    /// `deployment, step 4: Deploy to production`.
    public var sources: [String]
    public var toolCalls: [String]
    public var streamed: Bool
}
