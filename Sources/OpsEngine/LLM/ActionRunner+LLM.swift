import Foundation
import OpsCore
import OpsLLM
import OpsPlaybooks
import OpsPostgres
import OpsWorkspace

extension ActionRunner {
    /// `diagnose ENV --explain`: the facts first (shown before anything is sent), then the model's explanation,
    /// streamed, with read-only tools. `showPrompt`: the exact request body, and nothing sent.
    func explain(_ env: String, showPrompt: Bool) throws -> ActionResult {
        let diagnosis = try engine.diagnose(env)
        var redactor = payloadRedactor()
        let prompts = PromptLibrary(projectDirectory: engine.workspace.root + "/prompts")
        let system = try prompts.render("database-architect", architectContext())
        let user = try prompts.render("diagnose", Self.context(diagnosis))
        let messages = [ChatMessage.system(redactor.redact(system)), ChatMessage.user(redactor.redact(user))]
        let tools = ToolRegistry.all.map { ToolSpec(name: $0.name, description: $0.description, parameters: $0.parameters) }
        if showPrompt {
            let client = ChatClient(settings: try settings(allowMissing: true))
            return .prompt(String(decoding: client.body(messages, tools: tools, stream: llm?.token != nil), as: UTF8.self))
        }
        let settings = try self.settings()
        llm?.diagnosis(diagnosis)
        let (text, calls, streamed) = try converse(messages, tools: tools, settings: settings, redactor: &redactor)
        return .explanation(ExplanationReport(diagnosis: diagnosis, text: text, model: settings.model, toolCalls: calls,
                                              streamed: streamed))
    }

    /// `ask QUESTION`: answered from the SOP steps that share the most words with it, citing them.
    func ask(_ question: String) throws -> ActionResult {
        let settings = try self.settings()
        var redactor = payloadRedactor()
        let sections = SOPSections.relevant(to: question, in: SOPCatalog.load(engine.workspace))
        let prompts = PromptLibrary(projectDirectory: engine.workspace.root + "/prompts")
        let system = try prompts.render("database-architect", architectContext())
        let user = try prompts.render("ask", ["question": question, "sections": sections.map {
            ["sop": $0.sop, "step": $0.step, "title": $0.title, "text": $0.text] as [String: Any]
        }])
        let messages = [ChatMessage.system(redactor.redact(system)), ChatMessage.user(redactor.redact(user))]
        let tools = ToolRegistry.all.map { ToolSpec(name: $0.name, description: $0.description, parameters: $0.parameters) }
        let (text, calls, streamed) = try converse(messages, tools: tools, settings: settings, redactor: &redactor)
        return .answer(AnswerReport(question: question, text: text, model: settings.model,
                                    sources: sections.map { "\($0.sop), step \($0.step): \($0.title)" }, toolCalls: calls,
                                    streamed: streamed))
    }

    /// The agent loop with every tool result redacted on its way out and every reply restored on its way in.
    func converse(_ messages: [ChatMessage], tools: [ToolSpec], settings: LLMSettings, redactor: inout PayloadRedactor)
        throws -> (String, [String], Bool) {
        guard let llm else { throw LLMError.notConfigured }
        var client = ChatClient(settings: settings, cancel: llm.cancel)
        client.backoff = [1, 3]
        let agent = Agent(client: client)
        let box = RedactorBox(redactor)
        var restorer = StreamingRestorer(restore: { box.restore($0) })
        let token = llm.token
        // Ctrl-C aborts the transfer (curl's progress callback reads the token) and returns to the prompt.
        let cancel = llm.cancel
        let outcome = try Interrupts.redirect(to: { cancel.cancel() }) { try agent.run(messages, tools: tools,
                                    onToken: token.map { emit in { piece in emit(restorer.feed(piece)) } },
                                    onToolCall: { call in llm.toolCall(call.function.name, box.restore(call.function.arguments)) },
                                    execute: { call in
            switch ToolRegistry.invocation(name: call.function.name, arguments: box.restore(call.function.arguments)) {
            case let .failure(error): return "{\"error\": \(Self.quoted(error.description))}"
            case let .success(invocation):
                do { return box.redact(try llm.execute(invocation)) } catch {
                    return "{\"error\": \(Self.quoted(box.redact(String(describing: error))))}"
                }
            }
        }) }
        if let token { token(restorer.finish()) }
        redactor = box.redactor
        return (box.restore(outcome.text),
                outcome.calls.map { "\($0.function.name) \(box.restore($0.function.arguments))" }, token != nil)
    }

    /// The endpoint from `llm:`, its key from the variable it names.
    func settings(allowMissing: Bool = false) throws -> LLMSettings {
        guard let config = engine.workspace.llm else {
            if allowMissing { return LLMSettings(url: "(llm: not configured)", model: "(llm: not configured)") }
            throw LLMError.notConfigured
        }
        let url: String
        switch config.url {
        case let .success(u): url = u
        case let .failure(e): if allowMissing { url = "(llm.url unset)" } else { throw e }
        }
        let key = config.apiKeyVariable.flatMap { engine.workspace.variables[$0] }
        return LLMSettings(url: url, model: config.model, apiKey: key, apiKeyVariable: config.apiKeyVariable,
                           timeout: config.timeout, toolChoice: config.toolChoice)
    }

    /// Everything that must not leave the machine, as the redactor needs it: URLs, passwords, the API key,
    /// hosts and user names (database and OS).
    public func payloadRedactor() -> PayloadRedactor {
        let ws = engine.workspace
        let urls = (ws.environments.map(\.url) + [ws.shadowURL].compactMap { $0 }).filter { !$0.isEmpty }
        var hosts: [String] = [Engine.hostName], users: [String] = [Engine.osUser]
        var secrets: [String] = urls.compactMap { ConnInfo.password($0) }
        for url in urls {
            for (k, v) in (try? ConnInfo.parse(url)) ?? [] {
                if k == "host" || k == "hostaddr" { hosts += v.split(separator: ",").map(String.init) }
                if k == "user" { users.append(v) }
            }
        }
        if let key = ws.llm?.apiKeyVariable.flatMap({ ws.variables[$0] }) { secrets.append(key) }
        if let url = try? ws.llm?.url.get() { hosts.append(contentsOf: URLComponents(string: url)?.host.map { [$0] } ?? []) }
        return PayloadRedactor(secrets: secrets, urls: urls, hosts: hosts.filter { $0 != "/" && !$0.hasPrefix("/") }, users: users)
    }

    func architectContext() -> [String: Any] {
        let names = engine.workspace.environments.map(\.name)
        let chain = engine.workspace.environments.filter { $0.promoteFrom != nil }
            .map { "\($0.promoteFrom!) → \($0.name)" }
        return ["environmentCount": names.count, "environments": names.joined(separator: ", "),
                "promotion": chain.isEmpty ? names.joined(separator: " → ") : chain.joined(separator: ", ")]
    }

    static func context(_ d: Diagnosis) -> [String: Any] {
        [
            "environment": d.environment, "summary": d.summary, "verify": d.verify, "procedure": d.procedure ?? "",
            "causes": d.causes.map { ["rule": $0.rule, "message": $0.message, "evidence": $0.evidence] as [String: Any] },
            "plan": d.plan.enumerated().map {
                ["index": $0.offset + 1, "command": $0.element.command, "why": $0.element.why, "mutating": $0.element.mutating]
                    as [String: Any]
            },
        ]
    }

    static func quoted(_ s: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8), as: UTF8.self)
            .dropFirst().dropLast().description
    }
}

/// The redactor shared by the loop's closures (its placeholders grow as tool results are redacted).
private final class RedactorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: PayloadRedactor

    init(_ r: PayloadRedactor) { value = r }
    var redactor: PayloadRedactor { lock.withLock { value } }
    func redact(_ s: String) -> String { lock.withLock { value.redact(s) } }
    func restore(_ s: String) -> String { lock.withLock { value.restore(s) } }
}

extension ActionRunner {
    /// A line the router could not place, mapped by the model (`route.md`) to one registered command — validated
    /// by the registry's parser, never trusted — or nil when it found none.
    public func route(_ line: String) throws -> Action? {
        let settings = try self.settings()
        var redactor = payloadRedactor()
        let prompts = PromptLibrary(projectDirectory: engine.workspace.root + "/prompts")
        let commands = CommandRegistry.all.filter { $0.scope == .everywhere }.map { ["usage": $0.usage, "summary": $0.summary] }
        let user = try prompts.render("route", [
            "environments": engine.workspace.environments.map(\.name).joined(separator: ", "),
            "migrations": engine.folder.migrations.suffix(20).map(\.name).joined(separator: ", "),
            "sops": SOPCatalog.load(engine.workspace).entries.map(\.name).joined(separator: ", "),
            "commands": commands, "line": line,
        ])
        let client = ChatClient(settings: settings, cancel: llm?.cancel)
        let reply = try Interrupts.redirect(to: { [cancel = llm?.cancel] in cancel?.cancel() }) {
            try client.complete([.system(redactor.redact(try prompts.render("database-architect", architectContext()))),
                                 .user(redactor.redact(user))])
        }
        let text = redactor.restore(reply.content)
        // The answer should be {"command": "…"} or {"command": null}; tolerate a code fence around it.
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"),
              let doc = try? JSONSerialization.jsonObject(with: Data(text[start...end].utf8)) as? [String: Any] else {
            throw LLMError.unexpected("the routing answer is not {\"command\": …}")
        }
        guard let command = doc["command"] as? String, !command.isEmpty else { return nil }
        guard let words = LineWords.split(command), let parsed = try? CommandLineParser.parse(words),
              parsed.definition.scope == .everywhere, let action = try? parsed.definition.build(parsed.parsed) else {
            throw LLMError.unexpected("`\(VisibleText.line(command))` is not a command evermed-ops has")
        }
        return action
    }
}
