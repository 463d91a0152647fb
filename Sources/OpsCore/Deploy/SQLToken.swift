/// One lexical token of a statement, enough to read its leading keywords and the names it mentions
/// without a full SQL parser. Comments and whitespace never become tokens.
struct SQLToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A keyword or unquoted identifier, as written.
        case word
        /// A `"quoted"` identifier; `text` is its content with `""` undoubled.
        case quoted
        /// A `'string'` (or E'…') literal; `text` is its content with `''` undoubled.
        case string
        /// A `$tag$…$tag$` body; `text` is the body.
        case dollar
        case number
        /// Any other single character: `(`, `)`, `,`, `.`, `;`, `*`, …
        case symbol
    }

    var kind: Kind
    var text: String
    /// Where the token starts in the statement, in UTF-8 bytes (for rewriting one keyword out of a statement).
    var offset = 0
    /// How many bytes of the statement it spans, quotes included.
    var length = 0

    init(kind: Kind, text: String, offset: Int = 0, length: Int = 0) {
        self.kind = kind
        self.text = text
        self.offset = offset
        self.length = length
    }

    /// Tokens are equal by kind and text; where they were is not part of what they are.
    static func == (a: SQLToken, b: SQLToken) -> Bool { a.kind == b.kind && a.text == b.text }

    /// The keyword spelling (uppercased) of a word; empty for other kinds.
    var keyword: String { kind == .word ? text.uppercased() : "" }

    /// True for a word or quoted identifier: something that can name an object.
    var isIdentifier: Bool { kind == .word || kind == .quoted }

    /// The identifier as PostgreSQL resolves it: unquoted names fold to lower case, quoted ones do not.
    var identifier: String { kind == .word ? text.lowercased() : text }

    func isSymbol(_ c: Character) -> Bool { kind == .symbol && text == String(c) }
}
