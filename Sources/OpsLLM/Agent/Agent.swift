import Foundation
/// The tool loop: ask; when the model calls tools, run each (read-only, through `execute`), send the results
/// back, and ask again — at most `maxRounds` rounds of tool calls, then once more without tools so it must
/// answer. Mutating tools do not exist in the registry, so the model can only propose commands.
public struct Agent: Sendable {
    public var client: ChatClient
    public var maxRounds = 6

    public init(client: ChatClient, maxRounds: Int = 6) {
        self.client = client
        self.maxRounds = maxRounds
    }

    public struct Outcome: Sendable {
        public var text: String
        public var calls: [ToolCall]
        public var rounds: Int
    }

    public func run(_ messages: [ChatMessage], tools: [ToolSpec], onToken: ((String) -> Void)? = nil,
                    onToolCall: (ToolCall) -> Void = { _ in }, execute: (ToolCall) -> String) throws(LLMError) -> Outcome {
        var conversation = messages
        var calls: [ToolCall] = []
        var rounds = 0
        while true {
            let offered = rounds < maxRounds ? tools : []
            // The configured tool_choice applies to the first round only (forcing a tool every round never ends).
            let choice = rounds == 0 ? client.settings.toolChoice : nil
            let reply: ChatReply
            do {
                reply = try client.complete(conversation, tools: offered, toolChoice: choice, onToken: onToken)
            } catch .empty where onToken != nil && !offered.isEmpty {
                // Some servers (llama.cpp's) stream nothing when tools are offered: ask again without streaming.
                reply = try client.complete(conversation, tools: offered, toolChoice: choice)
                if !reply.content.isEmpty { onToken?(reply.content) }
            }
            guard !reply.toolCalls.isEmpty, !offered.isEmpty else {
                if reply.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw .unexpected("it still called tools after \(maxRounds) rounds instead of answering")
                }
                return Outcome(text: reply.content, calls: calls, rounds: rounds)
            }
            rounds += 1
            // Some servers reject a null content on an assistant turn that only calls tools: send "".
            conversation.append(ChatMessage(role: "assistant", content: reply.content, toolCalls: reply.toolCalls))
            for call in reply.toolCalls {
                onToolCall(call)
                calls.append(call)
                conversation.append(ChatMessage(role: "tool", content: execute(call), toolCallID: call.id, name: call.function.name))
            }
        }
    }
}

/// Puts redacted values back into streamed text as it arrives: a placeholder such as `<host-1>` can be split
/// across tokens, so text from an unclosed `<` is held until it closes (or clearly is not a placeholder).
public struct StreamingRestorer: Sendable {
    private var held = ""
    private let restore: @Sendable (String) -> String

    public init(restore: @escaping @Sendable (String) -> String) { self.restore = restore }

    /// The text that can be shown now.
    public mutating func feed(_ token: String) -> String {
        held += token
        guard let open = held.lastIndex(of: "<") else { return flushAll() }
        let tail = held[open...]
        if tail.contains(">") || tail.count > 16 { return flushAll() }
        let ready = String(held[..<open])
        held = String(tail)
        return restore(ready)
    }

    public mutating func finish() -> String { flushAll() }

    private mutating func flushAll() -> String {
        let out = restore(held)
        held = ""
        return out
    }
}
