import OpsCore
import Yams

/// Markdown text → SOP: optional YAML front matter (Yams), the body through cmark-gfm (`MarkdownTree`), then
/// `SOPBuilder`. Every problem is an `SOPParseError` naming `file:line`.
public enum SOPLoader {
    /// - Parameters:
    ///   - name: the SOP's name when the front matter gives none (the file name without `.md`).
    ///   - file: how messages name the file (`sops/deployment.md`).
    public static func parse(_ text: String, name: String, file: String) throws(SOPParseError) -> SOP {
        let (frontMatter, body) = try splitFrontMatter(text, file: file)
        guard let blocks = MarkdownTree.blocks(of: body) else {
            throw SOPParseError(file: file, line: 1, message: "the markdown parser ran out of memory")
        }
        return try SOPBuilder.build(name: name, file: file, frontMatter: frontMatter, blocks: blocks)
    }

    /// The front matter, and the text with its lines blanked (so markdown line numbers stay the file's).
    static func splitFrontMatter(_ text: String, file: String) throws(SOPParseError) -> (SOPFrontMatter?, String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.trimmingCharacters() == "---" else { return (nil, text) }
        guard let close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingCharacters()) }) else {
            throw SOPParseError(file: file, line: 1, message: "front matter opened with `---` is never closed with `---`")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let frontMatter = try parseFrontMatter(yaml, file: file, firstLine: 2)
        for i in 0...close { lines[i] = "" }
        return (frontMatter, lines.joined(separator: "\n"))
    }

    static func parseFrontMatter(_ yaml: String, file: String, firstLine: Int) throws(SOPParseError) -> SOPFrontMatter {
        func bad(_ line: Int, _ message: String) -> SOPParseError {
            SOPParseError(file: file, line: line, message: "bad front matter: " + message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
            throw bad(firstLine + yamlLine(error, lines: lines) - 1, yamlProblem(error))
        } catch {
            throw bad(firstLine, "unreadable YAML")
        }
        guard let root else { return SOPFrontMatter() }
        guard let mapping = root.mapping else { throw bad(firstLine, "it should be a mapping of `key: value` lines") }
        var out = SOPFrontMatter()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = firstLine + (keyNode.mark?.line ?? 1) - 1
            func scalar() throws(SOPParseError) -> String {
                guard let s = value.scalar?.string, !s.isEmpty else { throw bad(line, "`\(key)` should be a single value") }
                return s
            }
            func list() throws(SOPParseError) -> [String] {
                if let s = value.scalar?.string { return s.isEmpty ? [] : [s] }
                guard let seq = value.sequence else { throw bad(line, "`\(key)` should be a list of words") }
                var words: [String] = []
                for item in seq {
                    guard let s = item.scalar?.string else { throw bad(line, "`\(key)` should be a list of words") }
                    words.append(s)
                }
                return words
            }
            switch key {
            case "name":
                let name = try scalar()
                guard SOPCatalog.isValidName(name) else {
                    throw bad(line, "name `\(name)` should be a word of lowercase letters, digits and -")
                }
                out.name = name
            case "title": out.title = try scalar()
            case "summary": out.summary = try scalar()
            case "tags": out.tags = try list()
            case "applies_to": out.appliesTo = try list()
            default:
                throw bad(line, "unknown key `\(key)` (known: \(SOPFrontMatter.keys.joined(separator: ", ")))")
            }
        }
        return out
    }

    /// The problem's line; past the end of the front matter, where the construct began (an unclosed `[`).
    private static func yamlLine(_ error: YamlError, lines: Int) -> Int {
        switch error {
        case let .scanner(context, _, mark, _), let .parser(context, _, mark, _), let .composer(context, _, mark, _):
            return mark.line > lines ? context?.mark.line ?? lines : mark.line
        default: return 1
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            return (context.map { "\($0.text), " } ?? "") + problem
        case .duplicatedKeysInMapping: return "a key appears twice"
        default: return "unreadable YAML"
        }
    }
}
