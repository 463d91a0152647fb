import Foundation
import XCTest

/// Issue 9, part 4: `evermed-ops mcp` as a coding agent's MCP client sees it — initialize, list the tools, call
/// `check` on the test cluster, send garbage — over the real stdio transport.
final class MCPEndToEndTests: XCTestCase {
    typealias S = MutatingHarness

    func testMCP_InitializeListCallCheck_GarbageGetsAnError_NoMutatingTool_NoSecret() throws {
        let prefix = try S.crisisDatabases(self)
        let project = try S.crisisProject(self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryHarness.binary)
        process.arguments = ["mcp"]
        process.currentDirectoryURL = project
        process.environment = BinaryHarness.childEnvironment(S.crisisEnvironment(prefix))
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
        func response(_ id: Int) -> [String: Any]? {
            collected.lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
                .first { ($0["id"] as? Int) == id }
        }

        send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#)
        XCTAssertTrue(S.waitUntil(20) { response(1) != nil }, collected.text)
        XCTAssertEqual(((response(1)?["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String, "evermed-ops")
        send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
        XCTAssertTrue(S.waitUntil(20) { response(2) != nil }, collected.text)
        let tools = ((response(2)?["result"] as? [String: Any])?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        XCTAssertEqual(tools, ["status", "check", "diff", "describe", "list_migrations", "read_migration", "next", "diagnose", "sop_show", "lint"])

        send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"check","arguments":{"environment":"production"}}}"#)
        XCTAssertTrue(S.waitUntil(30) { response(3) != nil }, collected.text)
        let result = try XCTUnwrap(response(3)?["result"] as? [String: Any])
        XCTAssertEqual(result["isError"] as? Bool, false)
        let text = try XCTUnwrap((result["content"] as? [[String: Any]])?.first?["text"] as? String)
        let check = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual((check["migrations"] as? [String: Any])?["failed"] as? [String], ["20250925000000_add_personal_models"])
        XCTAssertTrue((check["target"] as? String)?.hasPrefix("<host-1>:") == true, "hosts are redacted: \(check["target"] ?? "")")

        send("this is not json")
        send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"deploy","arguments":{"environment":"staging"}}}"#)
        XCTAssertTrue(S.waitUntil(20) { response(4) != nil }, collected.text)
        XCTAssertTrue(collected.text.contains("-32700"), "garbage gets a JSON-RPC parse error: \(collected.text)")
        let refused = try XCTUnwrap(response(4)?["result"] as? [String: Any])
        XCTAssertEqual(refused["isError"] as? Bool, true, "there is no mutating tool")
        send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"status","arguments":{}}}"#)
        XCTAssertTrue(S.waitUntil(20) { response(5) != nil }, "the server kept running after garbage: \(collected.text)")

        try input.fileHandleForWriting.close()
        XCTAssertTrue(S.waitUntil(10) { !process.isRunning }, "the server ends when the client hangs up")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertFalse(collected.text.contains(CrisisProject.password))
        XCTAssertFalse(collected.text.contains("127.0.0.1"))
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ d: Data) { lock.withLock { data.append(d) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    var lines: [String] { text.split(separator: "\n").map(String.init) }
}
