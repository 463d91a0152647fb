import Foundation
import XCTest

/// Issue 9, parts 2–3: the LLM client against a scripted OpenAI-compatible server — what is sent (redacted),
/// streaming, the tool loop and its bound, every failure as one line, and nothing mutating without a person.
final class LLMEndToEndTests: XCTestCase {
    typealias S = MutatingHarness
    static let apiKey = "sk-test-3f9a1c2b0d4e5f60718293a4"

    func project(_ llm: FakeLLM, timeout: Int = 10) throws -> (URL, [String: String], String) {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self, extraConfig: llm.config(timeout: timeout))
        var env = S.crisisEnvironment(prefix)
        env["EVERMED_LLM_API_KEY"] = Self.apiKey
        return (project, env, prefix)
    }

    /// The bodies sent (the Host header names the LLM server itself, and the key goes in Authorization only).
    func assertNothingSecretSent(_ llm: FakeLLM, file: StaticString = #filePath, line: UInt = #line) {
        let sent = llm.requests.compactMap { $0["body"] }.map { String(decoding: (try? JSONSerialization.data(withJSONObject: $0)) ?? Data(), as: UTF8.self) }
            .joined(separator: "\n").replacingOccurrences(of: "\\/", with: "/")
        for secret in [CrisisProject.password, Self.apiKey, "127.0.0.1", "postgresql://", "\"postgres\"", "postgres@"] {
            XCTAssertFalse(sent.contains(secret), "\(secret) left the machine", file: file, line: line)
        }
    }

    func testExplain_ToolCallThenAnswer_RedactedBothWays_NoSecretAnywhere() throws {
        let llm = try FakeLLM(self, replies: [
            FakeLLM.tool("check", ["environment": "production"]),
            FakeLLM.text("On <host-1>, 20250925000000_add_personal_models stopped after its first statement. Run `deploy staging` first."),
        ])
        let (project, env, _) = try self.project(llm)
        let run = try S.ops(["diagnose", "production", "--explain", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let doc = S.doc(run)
        XCTAssertEqual(doc["environment"] as? String, "production", "the diagnosis is in the same document")
        XCTAssertEqual(doc["tool_calls"] as? [String], ["check {\"environment\": \"production\"}"])
        XCTAssertEqual(doc["explanation"] as? String,
                       "On 127.0.0.1, 20250925000000_add_personal_models stopped after its first statement. Run `deploy staging` first.",
                       "placeholders are restored in what the person reads")
        let requests = llm.requests
        XCTAssertEqual(requests.count, 2)
        XCTAssertEqual(requests[0]["path"] as? String, "/v1/chat/completions")
        XCTAssertEqual((requests[0]["headers"] as? [String: String])?["Authorization"], "Bearer \(Self.apiKey)")
        let first = try XCTUnwrap(requests[0]["body"] as? [String: Any])
        XCTAssertEqual(first["model"] as? String, "fake-model")
        XCTAssertEqual((first["tools"] as? [[String: Any]])?.compactMap { ($0["function"] as? [String: Any])?["name"] as? String },
                       ["status", "check", "diff", "describe", "list_migrations", "read_migration", "next", "diagnose", "sop_show", "lint"])
        let messages = try XCTUnwrap((requests[1]["body"] as? [String: Any])?["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["system", "user", "assistant", "tool"])
        XCTAssertEqual(messages[2]["content"] as? String, "", "an assistant tool-call turn carries \"\", not null")
        XCTAssertTrue((messages[3]["content"] as? String)?.contains("<host-1>") == true, "the tool result is redacted too")
        XCTAssertTrue((messages[1]["content"] as? String)?.contains("DROP TABLE IF EXISTS public.personal_models;") == true)
        assertNothingSecretSent(llm)
    }

    func testExplain_Streamed_PrintedAsItArrives_ShowPromptSendsNothing() throws {
        let llm = try FakeLLM(self, replies: [["stream_text": ["Production ", "is blocked ", "by a failed migration."], "delay": 0.05]])
        let (project, env, _) = try self.project(llm)
        let shown = try S.ops(["diagnose", "production", "--explain", "--show-prompt"], project, env)
        XCTAssertEqual(shown.code, 0, shown.all)
        XCTAssertTrue(shown.stdout.contains("\"model\" : \"fake-model\""), shown.all)
        XCTAssertTrue(shown.stdout.contains("database architect"), shown.all)
        XCTAssertEqual(llm.requests.count, 0, "--show-prompt sends nothing")
        XCTAssertFalse(shown.stdout.contains(CrisisProject.password))
        XCTAssertFalse(shown.stdout.contains("127.0.0.1"), "the printed body is the redacted one")

        let run = try S.ops(["-c", "diagnose production --explain"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        XCTAssertTrue(run.stdout.contains("Plan (in promotion order"), "the facts come first: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("Production is blocked by a failed migration."), run.stdout)
        XCTAssertTrue(run.stdout.contains("— fake-model"), run.stdout)
        XCTAssertEqual((llm.requests.first?["body"] as? [String: Any])?["stream"] as? Bool, true)
        assertNothingSecretSent(llm)
    }

    /// At most 6 rounds of tool calls, then one request without tools; a mutating "tool" is refused and
    /// changes nothing.
    func testAgentLoop_BoundedAt6Rounds_MutatingToolRefused() throws {
        var replies: [[String: Any]] = [FakeLLM.tool("deploy", ["environment": "staging"])]
        replies += Array(repeating: FakeLLM.tool("status", [:]), count: 5)
        replies.append(FakeLLM.text("Done looking."))
        let llm = try FakeLLM(self, replies: replies)
        let (project, env, prefix) = try self.project(llm)
        let before = try S.snapshot(prefix + "staging")
        let run = try S.ops(["diagnose", "production", "--explain", "--json"], project, env)
        XCTAssertEqual(run.code, 1, run.all)
        let requests = llm.requests
        XCTAssertEqual(requests.count, 7, "6 rounds of tool calls, then the answer")
        XCTAssertNil((requests.last?["body"] as? [String: Any])?["tools"], "the last request offers no tools")
        let second = (requests[1]["body"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        XCTAssertTrue((second.last?["content"] as? String)?.contains("changes a database and is not a tool") == true, "\(second.last ?? [:])")
        XCTAssertEqual(try S.snapshot(prefix + "staging"), before, "nothing was deployed")
        XCTAssertEqual(S.doc(run)["explanation"] as? String, "Done looking.")
    }

    func testFailures_EachOneClearLine_RetriesHonoured() throws {
        let cases: [(reply: [[String: Any]], message: String, requests: Int)] = [
            ([["status": 401, "json": ["error": ["message": "bad key"]]]], "refused the request (401): check the API key in $EVERMED_LLM_API_KEY", 1),
            ([["status": 404, "json": [:]]], "answered 404: check llm.url", 1),
            ([["status": 429, "headers": ["Retry-After": "0"], "json": [:]], FakeLLM.text("ok after a retry")], "", 2),
            ([["status": 503, "headers": ["Retry-After": "0"], "json": [:]]], "failed (503) and still did after 2 retries", 3),
            ([["raw": "<html>gateway</html>"]], "reply is not JSON", 1),
            ([["json": ["choices": [["message": ["role": "assistant", "content": ""]]]]]], "empty answer", 1),
            ([["json": ["object": "list"]]], "not what was asked for", 1),
        ]
        for (reply, message, count) in cases {
            let llm = try FakeLLM(self, replies: reply)
            let (project, env, _) = try self.project(llm)
            let run = try S.ops(["diagnose", "production", "--explain", "--json"], project, env)
            XCTAssertEqual(llm.requests.count, count, "\(reply): \(run.all)")
            if message.isEmpty {
                XCTAssertEqual(S.doc(run)["explanation"] as? String, "ok after a retry", run.all)
            } else {
                XCTAssertEqual(run.code, 2, run.all)
                XCTAssertTrue(run.stderr.contains(message), "\(reply): \(run.stderr)")
                XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "one line: \(run.stderr)")
            }
        }
        let truncated = try FakeLLM(self, replies: [["sse": ["{\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}", "[DONE]"],
                                                     "close_early": true]])
        let (project, env, _) = try self.project(truncated)
        let cut = try S.ops(["-c", "diagnose production --explain"], project, env)
        XCTAssertEqual(cut.code, 2, cut.all)
        XCTAssertTrue(cut.stderr.contains("stopped before it finished"), cut.all)
    }

    func testUnreachable_Timeout_NotConfigured_Cancelled() throws {
        let slow = try FakeLLM(self, replies: [["sleep": 8, "json": [:]]])
        let (project, env, _) = try self.project(slow, timeout: 1)
        let timeout = try S.ops(["diagnose", "production", "--explain"], project, env)
        XCTAssertEqual(timeout.code, 2, timeout.all)
        XCTAssertTrue(timeout.stderr.contains("did not answer within 1 s"), timeout.all)

        let closed = try S.crisisProject(self, extraConfig: "llm: { url: \"http://127.0.0.1:1/v1\", model: \"m\" }")
        let unreachable = try S.ops(["diagnose", "production", "--explain"], closed, env)
        XCTAssertEqual(unreachable.code, 2, unreachable.all)
        XCTAssertTrue(unreachable.stderr.contains("is unreachable"), unreachable.all)

        let none = try S.crisisProject(self)
        let notConfigured = try S.ops(["diagnose", "production", "--explain"], none, env)
        XCTAssertEqual(notConfigured.code, 2, notConfigured.all)
        XCTAssertTrue(notConfigured.stderr.contains("No LLM is configured"), notConfigured.all)
        XCTAssertEqual(try S.ops(["diagnose", "production"], none, env).code, 1, "everything else works without one")

        // Ctrl-C (SIGINT) during a slow answer aborts the transfer at once.
        let hanging = try FakeLLM(self, replies: [["sleep": 30, "json": [:]]])
        let (p2, env2, _) = try self.project(hanging, timeout: 60)
        let running = try S.Background(["diagnose", "production", "--explain"], cwd: p2, env: env2)
        XCTAssertTrue(S.waitUntil(15) { hanging.requests.count == 1 }, "the request was sent")
        let sent = Date()
        kill(running.pid, SIGINT)
        let result = running.finish()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 5, "cancelled without waiting for the answer")
        XCTAssertTrue(result.stderr.contains("Cancelled"), result.stderr)
    }

    /// A line the router cannot place goes to the model; its answer must be a registered command, is shown, and
    /// is only a suggestion when it changes a database.
    func testRouterFallback_ValidatedCommand_MutatingOnlySuggested_QuestionsAnsweredFromSOPs() throws {
        let llm = try FakeLLM(self, replies: [
            FakeLLM.text("{\"command\": \"check staging\"}"),
            FakeLLM.text("```json\n{\"command\": \"deploy staging\"}\n```"),
            FakeLLM.text("{\"command\": \"drop database staging\"}"),
            FakeLLM.text("Add it nullable, backfill, then set NOT NULL (sop database-changes, step 4)."),
        ])
        let (project, env, prefix) = try self.project(llm)
        let read = try S.ops(["-c", "gimme the lowdown on stg"], project, env)
        XCTAssertTrue(read.stderr.contains("The model reads “gimme the lowdown on stg” as `check staging`."), read.all)
        XCTAssertTrue(read.stdout.contains("staging (127.0.0.1"), "it ran check staging: \(read.all)")
        let before = try S.snapshot(prefix + "staging")
        let mutating = try S.ops(["-c", "bring the second box up to par"], project, env)
        XCTAssertEqual(mutating.code, 2, mutating.all)
        XCTAssertTrue(mutating.stderr.contains("Did you mean `deploy staging`? (suggested by the model) Not run"), mutating.all)
        XCTAssertEqual(try S.snapshot(prefix + "staging"), before)
        let bogus = try S.ops(["-c", "nuke it all from orbit"], project, env)
        XCTAssertEqual(bogus.code, 2, bogus.all)
        XCTAssertTrue(bogus.stderr.contains("is not a command evermed-ops has"), bogus.all)
        let ask = try S.ops(["ask", "how do I add a NOT NULL column safely?", "--json"], project, env)
        XCTAssertEqual(ask.code, 0, ask.all)
        let doc = S.doc(ask)
        XCTAssertTrue((doc["sources"] as? [String])?.contains { $0.hasPrefix("database-changes, step") } == true, ask.all)
        let askBody = (llm.requests.last?["body"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        XCTAssertTrue((askBody.last?["content"] as? String)?.contains("### database-changes — step") == true, "the SOP sections are sent")
        let routeBody = (llm.requests.first?["body"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        XCTAssertTrue((routeBody.last?["content"] as? String)?.contains("deploy ENV [--dry-run]") == true, "the registry is sent")
        assertNothingSecretSent(llm)
    }

    /// At the console, `explain` explains the last diagnosis; without one it says what to type.
    func testConsoleExplain_UsesTheLastDiagnosis() throws {
        let llm = try FakeLLM(self, replies: [FakeLLM.text("Staging first, then production.")])
        let (project, env, _) = try self.project(llm)
        let early = try S.ops(["-c", "explain"], project, env)
        XCTAssertEqual(early.code, 2, early.all)
        XCTAssertTrue(early.stderr.contains("Explain what? Run `diagnose ENV` first"), early.all)
        let run = try S.ops([], project, env, stdin: "diagnose production\nexplain\n")
        XCTAssertTrue(run.stdout.contains("Staging first, then production."), run.all)
        let sent = (llm.requests.first?["body"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        XCTAssertTrue((sent.last?["content"] as? String)?.contains("Environment asked about: production") == true)
    }
}
