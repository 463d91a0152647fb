import Foundation
import XCTest

/// The scripted OpenAI-compatible server (scripts/fake-llm.py) on a loopback port, for one test: started with
/// its replies, stopped at teardown; `requests` are the bodies it received, in order.
final class FakeLLM {
    let process = Process()
    let dir: URL
    private(set) var port = 0

    init(_ test: XCTestCase, replies: [[String: Any]]) throws {
        dir = try BinaryHarness.tempDir(test)
        let script = dir.appendingPathComponent("script.json")
        try JSONSerialization.data(withJSONObject: replies).write(to: script)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", BinaryHarness.repoRoot.appendingPathComponent("scripts/fake-llm.py").path,
                             script.path, dir.appendingPathComponent("log.jsonl").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let first = out.fileHandleForReading.availableData   // the port, printed as soon as it listens
        port = Int(String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        XCTAssertGreaterThan(port, 0, "the fake LLM server did not start")
        test.addTeardownBlock { [process] in
            process.terminate()
            process.waitUntilExit()
        }
    }

    var url: String { "http://127.0.0.1:\(port)/v1" }

    /// The `llm:` block pointing at this server.
    func config(timeout: Int = 10) -> String {
        "llm: { url: \"\(url)\", model: \"fake-model\", api_key_env: \"EVERMED_LLM_API_KEY\", timeout_s: \(timeout) }"
    }

    /// Each request: its path, headers and parsed body.
    var requests: [[String: Any]] {
        let text = (try? String(contentsOf: dir.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// The raw bytes it received, for "no secret left the machine" assertions.
    var rawLog: String { (try? String(contentsOf: dir.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? "" }

    static func text(_ s: String) -> [String: Any] { ["text": s] }
    static func tool(_ name: String, _ args: [String: String]) -> [String: Any] { ["tool": name, "arguments": args] }
}
