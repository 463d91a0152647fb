/// Turns a markdown document's blocks into an SOP (pure; OpsPlaybooks parses the markdown with cmark-gfm).
///
/// The format: each `## ` heading is a step, in order. In a step, paragraphs and plain list items are prose;
/// a task-list item `- [ ] …` is a confirmation; a ```ops fence holds console lines and a ```sh fence a shell
/// script; `> expect: CONDITION` is a gate (`GateCondition`) and `> run: NAME` runs the project command
/// `commands.NAME`. Fences tagged `text`, `sql`, `prisma`, `diff`, `yaml` or `json` (or untagged) are shown only.
public enum SOPBuilder {
    /// Fence tags that are shown, never run.
    public static let displayTags: Set<String> = ["", "text", "sql", "prisma", "diff", "yaml", "json", "console"]

    public static func build(name: String, file: String, frontMatter: SOPFrontMatter?,
                             blocks: [MarkdownBlock]) throws(SOPParseError) -> SOP {
        var b = State(file: file)
        for block in blocks { try b.add(block) }
        guard !b.steps.isEmpty else {
            throw SOPParseError(file: file, line: 1, message: "no steps: each `## ` heading starts a step")
        }
        let title = frontMatter?.title ?? b.h1 ?? name
        return SOP(name: frontMatter?.name ?? name, title: title, summary: frontMatter?.summary,
                   tags: frontMatter?.tags ?? [], appliesTo: frontMatter?.appliesTo ?? [], intro: b.intro,
                   steps: b.steps)
    }

    /// A step title without its numbering: `3. Create the migration` → `Create the migration`.
    public static func stepTitle(_ heading: String) -> String {
        var s = heading[...]
        if s.lowercased().hasPrefix("step ") { s = s.dropFirst(5) }
        let digits = s.prefix { $0.isNumber }
        if !digits.isEmpty {
            let rest = s.dropFirst(digits.count)
            if let mark = rest.first, ".):".contains(mark) { s = rest.dropFirst() }
        }
        return s.trimmingSpaces
    }

    private struct State {
        let file: String
        var h1: String?
        var intro: [String] = []
        var steps: [SOPStep] = []
        var titles: [String: Int] = [:]

        init(file: String) { self.file = file }

        func error(_ line: Int, _ message: String) -> SOPParseError {
            SOPParseError(file: file, line: line, message: message)
        }

        mutating func add(_ block: MarkdownBlock) throws(SOPParseError) {
            switch block {
            case let .heading(level, text, line):
                if level == 2 {
                    try startStep(text, line: line)
                } else if level == 1 && steps.isEmpty && h1 == nil {
                    h1 = text.trimmingSpaces
                } else {
                    prose(text.trimmingSpaces)
                }
            case let .paragraph(text, _): prose(text)
            case let .other(text, _): prose(text)
            case let .list(items):
                for item in items {
                    if item.isTask {
                        guard !steps.isEmpty else { throw error(item.line, "a task-list confirmation before the first `## ` step") }
                        guard !item.text.trimmingSpaces.isEmpty else { throw error(item.line, "an empty task-list item") }
                        steps[steps.count - 1].blocks.append(.confirm(item.text.trimmingSpaces))
                    } else {
                        prose("• " + item.text)
                    }
                }
            case let .code(info, text, line, closed):
                guard closed else { throw error(line, "unclosed ``` fence: it runs to the end of the file") }
                try code(info, text, line: line)
            case let .quote(lines):
                for l in lines { try quoteLine(l) }
            }
        }

        mutating func startStep(_ heading: String, line: Int) throws(SOPParseError) {
            let title = SOPBuilder.stepTitle(heading)
            guard !title.isEmpty else { throw error(line, "a step without a title: write `## What this step does`") }
            if let first = titles[title.lowercased()] {
                throw error(line, "duplicate step title `\(title)` (first at line \(first)): a session finds steps by title")
            }
            titles[title.lowercased()] = line
            steps.append(SOPStep(title: title, line: line))
        }

        mutating func prose(_ text: String) {
            if steps.isEmpty { intro.append(text) } else { steps[steps.count - 1].prose.append(text) }
        }

        mutating func code(_ info: String, _ text: String, line: Int) throws(SOPParseError) {
            let tag = String(info.split(separator: " ").first ?? "").lowercased()
            let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
            switch tag {
            case "ops", "sh":
                guard !steps.isEmpty else { throw error(line, "a ```\(tag) block before the first `## ` step") }
                guard !body.trimmingSpaces.isEmpty else { throw error(line, "an empty ```\(tag) block") }
                if tag == "ops" {
                    try checkOpsLines(body, firstLine: line + 1)
                    steps[steps.count - 1].blocks.append(.ops(body))
                } else {
                    steps[steps.count - 1].blocks.append(.sh(body))
                }
            case _ where SOPBuilder.displayTags.contains(tag):
                prose(body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
            default:
                throw error(line, "unknown block type ```\(tag): use ```ops for console lines, ```sh for a shell "
                    + "command to run, or ```text to show text")
            }
        }

        /// An `ops` line that starts with a command word must parse as that command (flags, arguments).
        func checkOpsLines(_ body: String, firstLine: Int) throws(SOPParseError) {
            for (offset, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingSpaces
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                guard let words = LineWords.split(line) else {
                    throw error(firstLine + offset, "`\(line)`: an unclosed quote")
                }
                guard let first = words.first?.lowercased(), CommandRegistry.commandWords.contains(first) else { continue }
                do {
                    let parsed = try CommandLineParser.parse(words)
                    _ = try parsed.definition.build(parsed.parsed)
                } catch {
                    throw self.error(firstLine + offset, "`\(line)`: \(error.description)")
                }
            }
        }

        mutating func quoteLine(_ l: MarkdownLine) throws(SOPParseError) {
            let text = l.text.trimmingSpaces
            let lower = text.lowercased()
            if lower.hasPrefix("expect:") {
                guard !steps.isEmpty else { throw error(l.line, "a gate (`> expect:`) before the first `## ` step") }
                switch GateCondition.parse(String(text.dropFirst(7)).trimmingSpaces) {
                case let .success(gate): steps[steps.count - 1].gates.append(gate)
                case let .failure(e): throw error(l.line, "gate: " + e.message)
                }
            } else if lower.hasPrefix("run:") {
                guard !steps.isEmpty else { throw error(l.line, "a `> run:` before the first `## ` step") }
                let name = String(text.dropFirst(4)).trimmingSpaces
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw error(l.line, "`> run:` takes the name of a project command (`commands:` in the config), got `\(name)`")
                }
                steps[steps.count - 1].blocks.append(.command(name))
            } else {
                prose("> " + text)
            }
        }
    }
}
