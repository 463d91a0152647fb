import XCTest
@testable import OpsLLM

final class SSEParserTests: XCTestCase {
    func testEvents_AnyChunking_CRLF_Comments_MultiLineData_Done() {
        let stream = ": keep-alive\r\ndata: {\"a\":1}\r\n\r\ndata: line one\ndata: line two\n\nevent: x\ndata: [DONE]\n\n"
        for split in [1, 2, 3, 7, stream.utf8.count] {
            var p = SSEParser(), events: [String] = []
            let bytes = Array(stream.utf8)
            var i = 0
            while i < bytes.count {
                events += p.feed(Array(bytes[i..<min(bytes.count, i + split)]))
                i += split
            }
            events += p.finish()
            XCTAssertEqual(events, ["{\"a\":1}", "line one\nline two"], "chunks of \(split)")
            XCTAssertTrue(p.done)
        }
        var p = SSEParser()
        XCTAssertEqual(p.feed(Array("data: tail".utf8)), [])
        XCTAssertEqual(p.finish(), ["tail"])
        XCTAssertFalse(p.done, "a stream that closes without [DONE] is not done")
    }
}
