/// A top-level block of a markdown document, as the markdown parser (cmark-gfm, in OpsPlaybooks) found it:
/// the neutral input `SOPBuilder` turns into an SOP. Lines are 1-based lines of the file.
public enum MarkdownBlock: Equatable, Sendable {
    case heading(level: Int, text: String, line: Int)
    /// Its source text, as written.
    case paragraph(text: String, line: Int)
    case list(items: [MarkdownListItem])
    /// A fenced or indented code block; `closed` is false for a fence that runs to the end of the file.
    case code(info: String, text: String, line: Int, closed: Bool)
    /// The lines of a blockquote's paragraphs, as plain text.
    case quote(lines: [MarkdownLine])
    /// Anything else (a table, HTML, a rule), as written.
    case other(text: String, line: Int)
}

public struct MarkdownListItem: Equatable, Sendable {
    /// `- [ ]` or `- [x]`.
    public var isTask: Bool
    public var text: String
    public var line: Int

    public init(isTask: Bool, text: String, line: Int) {
        self.isTask = isTask
        self.text = text
        self.line = line
    }
}

public struct MarkdownLine: Equatable, Sendable {
    public var text: String
    public var line: Int

    public init(_ text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// What the front matter (YAML between `---` lines at the top) says; OpsPlaybooks reads it with Yams.
public struct SOPFrontMatter: Equatable, Sendable {
    public var name: String?
    public var title: String?
    public var summary: String?
    public var tags: [String] = []
    public var appliesTo: [String] = []

    public init(name: String? = nil, title: String? = nil, summary: String? = nil, tags: [String] = [],
                appliesTo: [String] = []) {
        self.name = name
        self.title = title
        self.summary = summary
        self.tags = tags
        self.appliesTo = appliesTo
    }

    /// The keys front matter may have.
    public static let keys = ["name", "title", "summary", "tags", "applies_to"]
}

/// A problem in an SOP file: where it is and what is wrong. `description` is `file:line: message`.
public struct SOPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
