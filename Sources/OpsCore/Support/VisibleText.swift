/// Text from outside the program (database names, logs, server messages, file contents) made safe to show
/// on a terminal: control characters — escape sequences that could retitle the window or clear the screen,
/// carriage returns that overwrite a line, bidirectional overrides that reorder it — are shown as visible
/// escapes (`\e`, `\r`, `\u{202E}`) instead of being obeyed.
public enum VisibleText {
    /// C0 and C1 controls, DEL, and the Unicode bidirectional embedding/override/isolate marks.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }

    /// The visible form of one control character.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{1B}": return "\\e"
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}"
        }
    }

    /// One line of data: every control character escaped, newlines and tabs included. For names and other
    /// values shown inside a line or a table cell, where a newline would forge a line of its own.
    public static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars { out += isControl(scalar) ? escape(scalar) : String(scalar) }
        return out
    }

    /// What the print site writes: every control character escaped except newline and tab (the layout of
    /// the program's own output) and the colour sequences `Style` emits (`ESC [ digits m`). A colour code
    /// smuggled in through data can only change a colour, never move the cursor, clear the screen or set the
    /// window title.
    public static func terminal(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\u{1B}", let end = sgrEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if isControl(s) && s != "\n" && s != "\t" { out.append(contentsOf: escape(s).unicodeScalars) } else { out.append(s) }
            i += 1
        }
        return String(out)
    }

    /// The index of the `m` that ends an SGR sequence `ESC [ [0-9;]* m` starting at `i`, else nil.
    static func sgrEnd(_ scalars: [Unicode.Scalar], from i: Int) -> Int? {
        guard i + 2 < scalars.count, scalars[i + 1] == "[" else { return nil }
        var j = i + 2
        while j < scalars.count, j - i < 12 {
            let c = scalars[j]
            if c == "m" { return j }
            guard ("0"..."9").contains(c) || c == ";" else { return nil }
            j += 1
        }
        return nil
    }
}
