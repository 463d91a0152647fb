/// A strict reader for `FlatJSON`'s subset: nil on anything else (nested objects, fractions, trailing text).
struct FlatJSONParser {
    let s: [Unicode.Scalar]
    var i = 0

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    mutating func ws() { while i < s.count, [" ", "\t", "\n", "\r"].contains(s[i]) { i += 1 } }

    mutating func eat(_ c: Unicode.Scalar) -> Bool {
        ws()
        guard i < s.count, s[i] == c else { return false }
        i += 1
        return true
    }

    mutating func object() -> [String: FlatJSON.Value]? {
        guard eat("{") else { return nil }
        var out: [String: FlatJSON.Value] = [:]
        if eat("}") { return end(out) }
        repeat {
            ws()
            guard let key = string(), eat(":"), let value = value() else { return nil }
            out[key] = value
        } while eat(",")
        return eat("}") ? end(out) : nil
    }

    mutating func end(_ out: [String: FlatJSON.Value]) -> [String: FlatJSON.Value]? {
        ws()
        return i == s.count ? out : nil
    }

    mutating func value() -> FlatJSON.Value? {
        ws()
        guard i < s.count else { return nil }
        switch s[i] {
        case "\"": return string().map(FlatJSON.Value.string)
        case "[": return array()
        case "t": return literal("true", .bool(true))
        case "f": return literal("false", .bool(false))
        case "n": return literal("null", .null)
        default: return number()
        }
    }

    mutating func literal(_ word: String, _ value: FlatJSON.Value) -> FlatJSON.Value? {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= s.count, Array(s[i..<(i + w.count)]) == w else { return nil }
        i += w.count
        return value
    }

    mutating func number() -> FlatJSON.Value? {
        let start = i
        if i < s.count, s[i] == "-" { i += 1 }
        while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
        var text = ""
        text.unicodeScalars.append(contentsOf: s[start..<i])
        return Int(text).map(FlatJSON.Value.int)
    }

    mutating func array() -> FlatJSON.Value? {
        guard eat("[") else { return nil }
        var out: [String] = []
        if eat("]") { return .strings(out) }
        repeat {
            ws()
            guard let item = string() else { return nil }
            out.append(item)
        } while eat(",")
        return eat("]") ? .strings(out) : nil
    }

    /// A string literal at `i` (which must be the opening quote), escapes decoded.
    mutating func string() -> String? {
        guard i < s.count, s[i] == "\"" else { return nil }
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            i += 1
            if c == "\"" { return String(out) }
            if c.value < 0x20 { return nil }
            guard c == "\\" else { out.append(c); continue }
            guard let decoded = escape() else { return nil }
            out.append(decoded)
        }
        return nil
    }

    mutating func escape() -> Unicode.Scalar? {
        guard i < s.count else { return nil }
        let c = s[i]
        i += 1
        switch c {
        case "\"", "\\", "/": return c
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u": return unicodeEscape()
        default: return nil
        }
    }

    /// `\uXXXX`, joining a UTF-16 surrogate pair written as two escapes.
    mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard i + 1 < s.count, s[i] == "\\", s[i + 1] == "u" else { return nil }
            i += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: s[i..<(i + 4)])
        i += 4
        return UInt32(text, radix: 16)
    }
}
