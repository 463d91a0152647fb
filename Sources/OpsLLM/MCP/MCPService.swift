import Foundation
import MCP
import OpsCore

/// `evermed-ops mcp`: the read-only tool registry served over the Model Context Protocol on stdio
/// (modelcontextprotocol/swift-sdk), so a coding agent asks for status, check, diff, describe, next and diagnose
/// instead of guessing from code. No mutating tool exists; `call` runs one tool and returns its redacted JSON
/// (or an error text with `isError`). A bad request gets a JSON-RPC error and the server keeps running.
public enum MCPService {
    public static func serve(version: String, tools: [ToolRegistry.Tool],
                             call: @escaping @Sendable (_ name: String, _ arguments: String) -> (text: String, isError: Bool)) async throws {
        let server = Server(name: "evermed-ops", version: version,
                            capabilities: .init(tools: .init(listChanged: false)))
        let listed = tools.map { tool in
            Tool(name: tool.name, description: tool.description,
                 inputSchema: (try? JSONDecoder().decode(Value.self, from: Data(tool.parameters.utf8))) ?? .object([:]))
        }
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: listed) }
        await server.withMethodHandler(CallTool.self) { params in
            let arguments = params.arguments ?? [:]
            let json = (try? JSONEncoder().encode(arguments)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            let (text, isError) = call(params.name, json)
            return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: isError)
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}
