/// Why an LLM request did not give an answer. Each is one line saying what to check; the console goes on.
public enum LLMError: Error, Equatable, Sendable, CustomStringConvertible {
    case notConfigured
    case unreachable(url: String, reason: String)
    case timeout(seconds: Double)
    case tls(String)
    case unauthorized(status: Int, keyVariable: String?)
    case notFound(model: String)
    case rateLimited
    case server(status: Int)
    case status(Int, String)
    case notJSON
    case truncated
    case empty
    case cancelled
    case unexpected(String)

    public var description: String {
        switch self {
        case .notConfigured:
            return "No LLM is configured. Add to evermed-ops.yml: llm: { url: \"${EVERMED_LLM_URL}\", model: \"…\", "
                + "api_key_env: \"EVERMED_LLM_API_KEY\" } (any OpenAI-compatible endpoint: OpenAI, Ollama, llama.cpp, vLLM). "
                + "Everything else works without one."
        case let .unreachable(url, reason): return "The LLM endpoint \(url) is unreachable (\(reason)): check llm.url and that the server runs."
        case let .timeout(seconds): return "The LLM did not answer within \(Int(seconds)) s (llm.timeout_s); try again or raise it."
        case let .tls(reason): return "TLS to the LLM endpoint failed (\(reason)): its certificate is not trusted here."
        case let .unauthorized(status, key):
            return "The LLM endpoint refused the request (\(status)): check the API key"
                + (key.map { " in $\($0)" } ?? " (llm.api_key_env)") + "."
        case let .notFound(model): return "The LLM endpoint answered 404: check llm.url (it should end before /chat/completions, e.g. …/v1) and that model \(model) exists there."
        case .rateLimited: return "The LLM endpoint is rate limiting (429) and still was after 2 retries; wait and try again."
        case let .server(status): return "The LLM endpoint failed (\(status)) and still did after 2 retries; try again later."
        case let .status(code, message): return "The LLM endpoint answered \(code): \(message)"
        case .notJSON: return "The LLM endpoint's reply is not JSON: check that llm.url is an OpenAI-compatible API."
        case .truncated: return "The LLM's answer stopped before it finished (the stream closed early); try again."
        case .empty: return "The LLM returned an empty answer; try again, or another model."
        case .cancelled: return "Cancelled; nothing more was asked of the LLM."
        case let .unexpected(what): return "The LLM's reply was not what was asked for: \(what)."
        }
    }
}
