/// The JSON an audit line needs, and no more: one object whose values are strings, integers, booleans,
/// null or arrays of strings. Kept here so OpsCore stays free of Foundation.
enum FlatJSON {
    enum Value: Equatable {
        case string(String), int(Int), bool(Bool), strings([String]), null

        var string: String? { if case .string(let s) = self { return s } else { return nil } }
        var int: Int? { if case .int(let n) = self { return n } else { return nil } }
        var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
        var strings: [String]? { if case .strings(let a) = self { return a } else { return nil } }
    }

    /// Keys in sorted order, no whitespace.
    static func encode(_ fields: [String: Value]) -> String {
        "{" + fields.keys.sorted().map { quote($0) + ":" + encode(fields[$0]!) }.joined(separator: ",") + "}"
    }

    static func encode(_ value: Value) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .strings(let a): return "[" + a.map(quote).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    static func quote(_ s: String) -> String {
        // Most values need no escape: checked over the bytes (0xE2 leads U+2028 and U+2029), copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029: out += "\\u" + hex4(u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func decode(_ text: String) -> [String: Value]? {
        var p = FlatJSONParser(Array(text.unicodeScalars))
        return p.object()
    }
}
