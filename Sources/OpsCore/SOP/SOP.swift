/// A standard operating procedure loaded as a playbook: its steps, in order, each with the prose a person reads,
/// the blocks that run (console lines, shell commands, project commands, confirmations) and the gates that say
/// when the step is done. Parsed from markdown by OpsPlaybooks (`SOPBuilder` does the pure part).
public struct SOP: Equatable, Sendable {
    /// The name `sop start NAME` takes: front matter `name`, else the file name without `.md`.
    public var name: String
    public var title: String
    public var summary: String?
    public var tags: [String]
    /// Environments the SOP is written for (informational).
    public var appliesTo: [String]
    /// Prose before the first step, shown by `sop start` and `sop show`.
    public var intro: [String]
    public var steps: [SOPStep]

    public init(name: String, title: String, summary: String? = nil, tags: [String] = [], appliesTo: [String] = [],
                intro: [String] = [], steps: [SOPStep]) {
        self.name = name
        self.title = title
        self.summary = summary
        self.tags = tags
        self.appliesTo = appliesTo
        self.intro = intro
        self.steps = steps
    }

    /// The step titled `title` (a session continues by title when the file changed under it).
    public func stepIndex(titled title: String) -> Int? {
        steps.firstIndex { $0.title.lowercased() == title.lowercased() }
    }
}

/// One `## ` section of an SOP.
public struct SOPStep: Equatable, Sendable {
    public var title: String
    /// The heading's line in the file.
    public var line: Int
    /// Paragraphs and notes to show, as written.
    public var prose: [String]
    /// What the step does, in document order.
    public var blocks: [SOPBlock]
    /// `> expect: CONDITION`: the step is done only when every one holds.
    public var gates: [GateCondition]

    public init(title: String, line: Int, prose: [String] = [], blocks: [SOPBlock] = [], gates: [GateCondition] = []) {
        self.title = title
        self.line = line
        self.prose = prose
        self.blocks = blocks
        self.gates = gates
    }
}

/// Something a step does.
public enum SOPBlock: Equatable, Sendable {
    /// A fenced ```ops block: console lines, each run through the router and the action runner.
    case ops(String)
    /// A fenced ```sh block: a shell script, shown in full and run only after an explicit yes.
    case sh(String)
    /// `> run: NAME`: the project command `commands.NAME` from the config (a confirmation when not configured).
    case command(String)
    /// A task-list item `- [ ] …`: the operator must answer yes.
    case confirm(String)

    /// `ops`, `sh`, `command` or `confirm`.
    public var kind: String {
        switch self {
        case .ops: return "ops"
        case .sh: return "sh"
        case .command: return "command"
        case .confirm: return "confirm"
        }
    }

    public var text: String {
        switch self {
        case let .ops(t), let .sh(t), let .command(t), let .confirm(t): return t
        }
    }

    /// The console lines of an `ops` block: one per non-empty line, `#` starting a comment line.
    public var lines: [String] {
        guard case let .ops(text) = self else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingSpaces }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Where an SOP came from: built into the binary, or a project's own file (which overrides a shipped one).
public enum SOPSource: Equatable, Sendable {
    case shipped
    /// The file's path, relative to the project root when inside it.
    case project(path: String)

    /// `shipped` or the file's path, for `sop list`.
    public var label: String {
        switch self {
        case .shipped: return "shipped"
        case let .project(path): return path
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

extension String {
    var trimmingSpaces: String { self[...].trimmingSpaces }
}
