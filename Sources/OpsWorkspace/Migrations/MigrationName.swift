/// The rule for migration folder names, `<digits>_<words>` (Prisma writes a 14-digit UTC timestamp, e.g.
/// `20251011000000_fix_personal_model_schema`), and a suggested rename for names that break it.
enum MigrationName {
    /// At least one ASCII digit, then `_`, then one or more of `[A-Za-z0-9_-]`.
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        var i = 0
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        guard i > 0, i < bytes.count, bytes[i] == UInt8(ascii: "_"), i + 1 < bytes.count else { return false }
        return bytes[(i + 1)...].allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_")
            || $0 == UInt8(ascii: "-") }
    }

    /// A valid name close to `name`: its leading digits (or a `YYYYMMDDHHMMSS` placeholder) and its words
    /// lowercased, with every run of other characters (spaces, `-`, punctuation) turned into one `_`.
    static func suggestedRename(for name: String) -> String {
        let digits = String(name.prefix { $0.isASCII && $0.isNumber })
        var words = ""
        for ch in name.dropFirst(digits.count).lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                words.append(ch)
            } else if !words.isEmpty, words.last != "_" {
                words.append("_")
            }
        }
        while words.hasSuffix("_") { words.removeLast() }
        return (digits.isEmpty ? "YYYYMMDDHHMMSS" : digits) + "_" + (words.isEmpty ? "describe_the_change" : words)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
}
