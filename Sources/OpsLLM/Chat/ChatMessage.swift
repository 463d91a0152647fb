import Foundation

/// The OpenAI Chat Completions wire types evermed-ops sends and reads (a subset: messages, tools, tool calls).
public struct ChatMessage: Codable, Equatable, Sendable {
    public var role: String
    /// An assistant turn that only calls tools carries "" (some servers reject null).
    public var content: String
    public var toolCalls: [ToolCall]?
    public var toolCallID: String?
    public var name: String?

    public init(role: String, content: String, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }
}

public struct ToolCall: Codable, Equatable, Sendable {
    public struct Function: Codable, Equatable, Sendable {
        public var name: String
        /// JSON text, as the model wrote it.
        public var arguments: String
    }

    public var id: String
    public var type = "function"
    public var function: Function

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.function = Function(name: name, arguments: arguments)
    }
}

/// A tool the model may call: its name, what it does, and a JSON Schema of its arguments.
public struct ToolSpec: Sendable {
    public var name: String
    public var description: String
    /// `{"type":"object","properties":{…},"required":[…]}` as JSON text.
    public var parameters: String

    public init(name: String, description: String, parameters: String) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// What the model answered: text, tool calls, or both.
public struct ChatReply: Equatable, Sendable {
    public var content: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?
}
