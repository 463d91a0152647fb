import Foundation

/// Where the LLM is and how to talk to it (config `llm:`; the key comes from the variable it names).
public struct LLMSettings: Sendable {
    /// The API base, without `/chat/completions` (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`).
    public var url: String
    public var model: String
    public var apiKey: String?
    /// The variable the key came from, for messages (`EVERMED_LLM_API_KEY`).
    public var apiKeyVariable: String?
    public var timeout: Double
    /// `tool_choice` for a request that offers tools: `auto`, `required`, `none`, or a tool's name (forces it).
    public var toolChoice: String?

    public init(url: String, model: String, apiKey: String? = nil, apiKeyVariable: String? = nil, timeout: Double = 120,
                toolChoice: String? = nil) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.apiKeyVariable = apiKeyVariable
        self.timeout = timeout
        self.toolChoice = toolChoice
    }
}

/// An OpenAI-compatible Chat Completions client (`POST {url}/chat/completions`) over libcurl: streaming (SSE)
/// or not, tools, at most two retries on 429/5xx honouring `Retry-After`, and one clear `LLMError` per failure.
public struct ChatClient: Sendable {
    public let settings: LLMSettings
    public var cancel: CancelToken?
    /// Waits before the retries when the server gives no `Retry-After` (seconds).
    public var backoff: [Double] = [1, 3]

    public init(settings: LLMSettings, cancel: CancelToken? = nil) {
        self.settings = settings
        self.cancel = cancel
    }

    public var endpoint: String {
        (settings.url.hasSuffix("/") ? String(settings.url.dropLast()) : settings.url) + "/chat/completions"
    }

    /// The request body, exactly as sent (`--show-prompt` prints it).
    public func body(_ messages: [ChatMessage], tools: [ToolSpec], stream: Bool, toolChoice: String? = nil) -> [UInt8] {
        var doc: [String: Any] = [
            "model": settings.model, "stream": stream,
            "messages": messages.map { m -> [String: Any] in
                var o: [String: Any] = ["role": m.role, "content": m.content]
                if let calls = m.toolCalls {
                    o["tool_calls"] = calls.map { ["id": $0.id, "type": $0.type,
                                                   "function": ["name": $0.function.name, "arguments": $0.function.arguments]] }
                }
                if let id = m.toolCallID { o["tool_call_id"] = id }
                if let name = m.name { o["name"] = name }
                return o
            },
        ]
        if !tools.isEmpty {
            doc["tools"] = tools.map { t -> [String: Any] in
                let parameters = (try? JSONSerialization.jsonObject(with: Data(t.parameters.utf8))) ?? [String: Any]()
                return ["type": "function", "function": ["name": t.name, "description": t.description, "parameters": parameters]]
            }
            switch toolChoice {
            case nil: break
            case let choice? where ["auto", "required", "none"].contains(choice): doc["tool_choice"] = choice
            case let name?: doc["tool_choice"] = ["type": "function", "function": ["name": name]]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return [UInt8](data)
    }

    /// Asks once (plus retries). With `onToken`, the request streams and each piece of text is handed over as it
    /// arrives.
    public func complete(_ messages: [ChatMessage], tools: [ToolSpec] = [], toolChoice: String? = nil,
                         onToken: ((String) -> Void)? = nil) throws(LLMError) -> ChatReply {
        let payload = body(messages, tools: tools, stream: onToken != nil, toolChoice: toolChoice)
        var headers = ["Content-Type: application/json", "Accept: " + (onToken != nil ? "text/event-stream" : "application/json")]
        if let key = settings.apiKey, !key.isEmpty { headers.append("Authorization: Bearer \(key)") }
        var attempt = 0
        while true {
            var stream = StreamState()
            let response: HTTPClient.Response
            do {
                response = try HTTPClient.post(url: endpoint, headers: headers, body: payload, timeout: settings.timeout,
                                               cancel: cancel, onData: onToken.map { token in { chunk in
                                                   stream.feed(chunk, token)
                                                   return true
                                               } })
            } catch {
                throw Self.translate(error, url: settings.url, timeout: settings.timeout)
            }
            if response.status == 429 || (500...599).contains(response.status), attempt < 2 {
                let wait = response.headers["retry-after"].flatMap(Double.init).map { min($0, 30) } ?? backoff[min(attempt, backoff.count - 1)]
                attempt += 1
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                if cancel?.isCancelled == true { throw .cancelled }
                continue
            }
            try check(response)
            let reply = onToken != nil ? try stream.reply() : try Self.decode(response.body)
            guard !reply.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !reply.toolCalls.isEmpty else {
                throw .empty
            }
            return reply
        }
    }

    func check(_ r: HTTPClient.Response) throws(LLMError) {
        switch r.status {
        case 200...299: return
        case 401, 403: throw .unauthorized(status: r.status, keyVariable: settings.apiKeyVariable)
        case 404: throw .notFound(model: settings.model)
        case 429: throw .rateLimited
        case 500...599: throw .server(status: r.status)
        default:
            let message = (try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
                .flatMap { ($0["error"] as? [String: Any])?["message"] as? String ?? $0["error"] as? String }
            throw .status(r.status, message.map { String($0.prefix(200)) } ?? "no explanation given")
        }
    }

    static func translate(_ error: HTTPClient.Failure, url: String, timeout: Double) -> LLMError {
        switch error {
        case let .unreachable(reason): return .unreachable(url: url, reason: reason)
        case .timeout: return .timeout(seconds: timeout)
        case let .tls(reason): return .tls(reason)
        case .cancelled: return .cancelled
        case let .other(reason): return .unreachable(url: url, reason: reason)
        }
    }

    /// A whole (non-streamed) completion.
    static func decode(_ body: [UInt8]) throws(LLMError) -> ChatReply {
        guard let doc = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { throw .notJSON }
        guard let choice = (doc["choices"] as? [[String: Any]])?.first, let message = choice["message"] as? [String: Any] else {
            throw .unexpected("no choices[0].message in the completion")
        }
        let calls = (message["tool_calls"] as? [[String: Any]] ?? []).compactMap { c -> ToolCall? in
            guard let f = c["function"] as? [String: Any], let name = f["name"] as? String else { return nil }
            return ToolCall(id: c["id"] as? String ?? UUID().uuidString, name: name, arguments: f["arguments"] as? String ?? "{}")
        }
        return ChatReply(content: message["content"] as? String ?? "", toolCalls: calls, finishReason: choice["finish_reason"] as? String)
    }
}

/// A streamed completion put back together: text deltas, tool-call deltas by index, the finish reason.
private struct StreamState {
    var parser = SSEParser()
    var content = ""
    var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    var finish: String?
    var malformed = false

    mutating func feed(_ chunk: [UInt8], _ token: (String) -> Void) {
        for event in parser.feed(chunk) { apply(event, token) }
    }

    mutating func apply(_ event: String, _ token: (String) -> Void) {
        guard let doc = try? JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any] else { malformed = true; return }
        guard let choice = (doc["choices"] as? [[String: Any]])?.first else { return }
        if let reason = choice["finish_reason"] as? String { finish = reason }
        guard let delta = choice["delta"] as? [String: Any] else { return }
        if let text = delta["content"] as? String, !text.isEmpty {
            content += text
            token(text)
        }
        for c in delta["tool_calls"] as? [[String: Any]] ?? [] {
            let index = c["index"] as? Int ?? 0
            var call = calls[index] ?? ("", "", "")
            if let id = c["id"] as? String { call.id = id }
            if let f = c["function"] as? [String: Any] {
                if let name = f["name"] as? String { call.name += name }
                if let args = f["arguments"] as? String { call.arguments += args }
            }
            calls[index] = call
        }
    }

    mutating func reply() throws(LLMError) -> ChatReply {
        for event in parser.finish() { apply(event, { _ in }) }
        if malformed && content.isEmpty && calls.isEmpty { throw .notJSON }
        guard parser.done || finish != nil else { throw .truncated }
        let toolCalls = calls.keys.sorted().compactMap { i -> ToolCall? in
            guard let c = calls[i], !c.name.isEmpty else { return nil }
            return ToolCall(id: c.id.isEmpty ? "call_\(i)" : c.id, name: c.name, arguments: c.arguments.isEmpty ? "{}" : c.arguments)
        }
        return ChatReply(content: content, toolCalls: toolCalls, finishReason: finish)
    }
}
