import CCmark
import OpsCore

/// A markdown document parsed by cmark-gfm (task lists and tables on), read into `MarkdownBlock`s. The C tree
/// lives only inside `blocks(of:)` and is freed there (`deinit`), on every path.
final class MarkdownTree {
    private let root: OpaquePointer
    private let lines: [Substring]

    private init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let root = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { evm_cmark_parse_gfm($0, buffer.count) }
            }
        }) else { return nil }
        self.root = root
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    deinit { cmark_node_free(root) }

    /// The document's top-level blocks; nil only when cmark could not allocate.
    static func blocks(of text: String) -> [MarkdownBlock]? {
        guard !text.isEmpty else { return [] }
        guard let tree = MarkdownTree(text) else { return nil }
        return tree.topLevel()
    }

    private func topLevel() -> [MarkdownBlock] {
        children(of: root).compactMap(block)
    }

    private func block(_ node: OpaquePointer) -> MarkdownBlock? {
        let line = Int(cmark_node_get_start_line(node))
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), text: plainText(node), line: line)
        case CMARK_NODE_PARAGRAPH:
            // Reflowed: the terminal wraps a paragraph; the file's line breaks are only its author's.
            return .paragraph(text: source(node).split(separator: "\n").joined(separator: " "), line: line)
        case CMARK_NODE_LIST:
            return .list(items: children(of: node).map { item in
                let text = children(of: item).map(plainText).joined(separator: " ")
                return MarkdownListItem(isTask: evm_cmark_is_task_item(item), text: text,
                                        line: Int(cmark_node_get_start_line(item)))
            })
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            return .code(info: info.trimmingCharacters(), text: text, line: line, closed: isClosed(node))
        case CMARK_NODE_BLOCK_QUOTE:
            var out: [MarkdownLine] = []
            for child in children(of: node) {
                let start = Int(cmark_node_get_start_line(child))
                let text = cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH ? plainText(child) : source(child)
                for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    out.append(MarkdownLine(String(l), line: start + i))
                }
            }
            return .quote(lines: out)
        default:
            let text = source(node)
            return text.isEmpty ? nil : .other(text: text, line: line)
        }
    }

    /// A fence is closed when its last line is a fence of the same character, at least as long.
    private func isClosed(_ node: OpaquePointer) -> Bool {
        var length: Int32 = 0
        var character: CChar = 0
        guard evm_cmark_fence(node, &length, &character) != 0 else { return true }   // indented code
        let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
        guard end > start, end - 1 < lines.count else { return false }
        let last = lines[end - 1].drop { $0 == " " }
        let fence = Character(Unicode.Scalar(UInt8(bitPattern: character)))
        let run = last.prefix { $0 == fence }.count
        return run >= Int(length) && last.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The node's lines of the file, as written.
    private func source(_ node: OpaquePointer) -> String {
        let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
        guard start >= 1, end >= start, end <= lines.count else { return plainText(node) }
        return lines[(start - 1)..<end].map { String($0).trimmingCharacters() }.joined(separator: "\n")
    }

    /// Inline text: literals, code spans as written inside their backticks, line breaks as "\n".
    private func plainText(_ node: OpaquePointer) -> String {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
            return cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        case CMARK_NODE_CODE:
            return "`" + (cmark_node_get_literal(node).map { String(cString: $0) } ?? "") + "`"
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            return "\n"
        default:
            return children(of: node).map(plainText).joined()
        }
    }

    private func children(of node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }
}

extension String {
    /// Without surrounding spaces, tabs and carriage returns.
    func trimmingCharacters() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
