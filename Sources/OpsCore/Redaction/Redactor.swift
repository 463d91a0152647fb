/// Masks secrets in any text before it reaches a screen, a log, history or an LLM request.
/// Two layers: the exact secret strings the program knows (environment URLs, passwords), and patterns
/// that look like credentials (`scheme://user:pass@`, `password=…`, bearer tokens, API keys).
///
/// Everything runs over UTF-8 bytes in one left-to-right pass per layer, so the cost is linear in the text:
/// it sees every line printed, a 50 MB migration in a dry run included, and a 16,000-character token typed
/// at the console (regular expressions backtracked quadratically there). Secrets and masks are ASCII at
/// their edges, so cutting at them never splits a character.
public struct Redactor: Sendable {
    public static let mask = "***"
    private var secrets: [[UInt8]]
    /// Secrets by first byte, longest first: one dictionary look-up per byte of text.
    private var byFirstByte: [UInt8: [[UInt8]]]

    /// - Parameter secrets: literal values to hide wherever they appear (empty and very short ones are ignored,
    ///   so a one-letter password cannot blank out ordinary text).
    public init(secrets: [String] = []) {
        self.secrets = []
        self.byFirstByte = [:]
        for secret in Set(secrets) { add(secret) }
    }

    public mutating func add(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard secret.count >= 4, !secrets.contains(bytes) else { return }
        secrets.append(bytes)
        byFirstByte[bytes[0], default: []].append(bytes)
        byFirstByte[bytes[0]]!.sort { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        let original = Array(text.utf8)
        let withoutSecrets = secrets.isEmpty ? original : maskSecrets(original)
        let masked = PatternMasker.mask(withoutSecrets) ?? withoutSecrets
        return masked == original ? text : String(decoding: masked, as: UTF8.self)
    }

    /// True when the text looks like it carries a credential (used to keep such lines out of history).
    public static func containsCredential(_ text: String) -> Bool { PatternMasker.mask(Array(text.utf8)) != nil }

    /// Every known secret replaced by the mask, the longest first where two start at the same byte.
    private func maskSecrets(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            if let candidates = byFirstByte[bytes[i]] {
                for secret in candidates where PatternMasker.matches(bytes, at: i, secret) {
                    out += PatternMasker.maskBytes
                    i += secret.count
                    continue scan
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
