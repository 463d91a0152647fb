import Dispatch
import Foundation
import OpsCore
import OpsEngine
import OpsLLM

extension CommandRunner {
    /// `evermed-ops mcp`: the read-only tools over MCP on stdio until the client closes it. Every result is the
    /// tool's `--json` document with hosts, users, e-mail addresses and secrets replaced by placeholders, as for
    /// an LLM; stdout carries JSON-RPC only (diagnostics go to stderr). Exit 0 when the client hangs up.
    public mutating func serveMCP(version: String) -> Int32 {
        let runner: ActionRunner
        do { runner = try actionRunner() } catch {
            terminal.err("error: " + String(describing: error))
            return 2
        }
        let redactor = RedactorLock(runner.payloadRedactor())
        let call: @Sendable (String, String) -> (text: String, isError: Bool) = { name, arguments in
            switch ToolRegistry.invocation(name: name, arguments: arguments) {
            case let .failure(error): return (error.description, true)
            case let .success(invocation):
                do { return (redactor.redact(try ToolResults.json(invocation, runner: runner)), false) } catch {
                    return (redactor.redact(String(describing: error)), true)
                }
            }
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do { try await MCPService.serve(version: version, tools: ToolRegistry.all, call: call) } catch {
                failure.set(String(describing: error))
            }
            done.signal()
        }
        done.wait()
        if let message = failure.value {
            terminal.err("error: the MCP server stopped: " + message)
            return 2
        }
        return 0
    }
}

private final class RedactorLock: @unchecked Sendable {
    private let lock = NSLock()
    private var redactor: PayloadRedactor
    init(_ r: PayloadRedactor) { redactor = r }
    func redact(_ s: String) -> String { lock.withLock { redactor.redact(s) } }
}

private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ m: String) { lock.withLock { message = m } }
    var value: String? { lock.withLock { message } }
}
