/// ANSI styling that switches off as a whole: no colour when stdout is not a TTY, when `NO_COLOR`
/// is set (no-color.org) or with `--no-color`.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = Style(enabled: false)

    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func magenta(_ s: String) -> String { wrap(s, "35") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    /// `(host:port/db)` after an environment's name; a target that is already a parenthesised phrase, such
    /// as `(unparsable URL)`, is not wrapped twice.
    public func target(_ target: String) -> String { dim(target.hasPrefix("(") ? target : "(\(target))") }

    /// Visible width of a string that may contain escape sequences (table alignment must ignore them).
    static func visibleWidth(_ s: String) -> Int {
        var width = 0, inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape { if scalar == "m" { inEscape = false }; continue }
            if scalar == "\u{1B}" { inEscape = true; continue }
            width += 1
        }
        return width
    }
}
