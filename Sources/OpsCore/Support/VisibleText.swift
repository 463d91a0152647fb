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
        // Over UTF-8 bytes: controls are ASCII, or C1 (C2 80–9F) and bidi marks (E2 80 AA–AE, E2 81 A6–A9).
        var copy = text
        return copy.withUTF8 { b -> String in
            guard let first = firstControl(b, from: 0) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(b.count + 16)
            out += b[..<first]
            var i = first
            while i < b.count {
                guard let length = controlLength(b, at: i) else { out.append(b[i]); i += 1; continue }
                if b[i] == 0x1B, let end = sgrEnd(b, from: i) {
                    out += b[i...end]
                    i = end + 1
                    continue
                }
                let scalar = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + length)]), as: UTF8.self).unicodeScalars.first!
                out += escape(scalar).utf8
                i += length
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The byte length of the control character (other than newline and tab) starting at `i`, or nil.
    static func controlLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let c = b[i]
        if c < 0x20 { return c == 10 || c == 9 ? nil : 1 }
        if c == 0x7F { return 1 }
        if c == 0xC2, i + 1 < b.count, (0x80...0x9F).contains(b[i + 1]) { return 2 }
        if c == 0xE2, i + 2 < b.count {
            if b[i + 1] == 0x80, (0xAA...0xAE).contains(b[i + 2]) { return 3 }
            if b[i + 1] == 0x81, (0xA6...0xA9).contains(b[i + 2]) { return 3 }
        }
        return nil
    }

    static func firstControl(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < b.count {
            let c = b[i]
            if (c < 0x20 && c != 10 && c != 9) || c == 0x7F || c == 0xC2 || c == 0xE2, controlLength(b, at: i) != nil { return i }
            i += 1
        }
        return nil
    }

    /// The index of the `m` that ends an SGR sequence `ESC [ [0-9;]* m` starting at `i`, else nil.
    static func sgrEnd(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        guard i + 2 < b.count, b[i + 1] == 0x5B else { return nil }     // [
        var j = i + 2
        while j < b.count, j - i < 12 {
            let c = b[j]
            if c == 0x6D { return j }                                     // m
            guard (0x30...0x39).contains(c) || c == 0x3B else { return nil }
            j += 1
        }
        return nil
    }
}
