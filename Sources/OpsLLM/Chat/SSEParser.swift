/// Server-sent events as OpenAI-compatible servers stream them: `data: …` lines, an event ends at a blank line,
/// several `data:` lines of one event are joined with "\n", `:` lines are comments, `[DONE]` ends the stream.
/// Fed bytes in any chunking; `\r\n` and `\n` both end a line.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var data: [String] = []
    public private(set) var done = false

    public init() {}

    /// The complete events' data in `chunk` (and in what came before it).
    public mutating func feed(_ chunk: [UInt8]) -> [String] {
        var events: [String] = []
        for byte in chunk {
            if byte == 10 {
                if line.last == 13 { line.removeLast() }
                if let event = endLine() { events.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// What is left when the stream closes (an event without its blank line).
    public mutating func finish() -> [String] {
        var events: [String] = []
        if !line.isEmpty, let event = endLine() { events.append(event) }
        line = []
        if !data.isEmpty { events.append(data.joined(separator: "\n")); data = [] }
        return events.filter { event in
            if event == "[DONE]" { done = true; return false }
            return true
        }
    }

    private mutating func endLine() -> String? {
        if line.isEmpty {
            guard !data.isEmpty else { return nil }
            let event = data.joined(separator: "\n")
            data = []
            if event == "[DONE]" { done = true; return nil }
            return event
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") { return nil }
        if text.hasPrefix("data:") {
            var value = text.dropFirst(5)
            if value.first == " " { value = value.dropFirst() }
            data.append(String(value))
        }
        return nil
    }
}
