/// Masks secrets in any text before it reaches a screen, a log, history or an LLM request.
/// Two layers: the exact secret strings the program knows (environment URLs, passwords), and patterns
/// that look like credentials (`scheme://user:pass@`, `password=…`, bearer tokens, API keys).
public struct Redactor: Sendable {
    public static let mask = "***"
    private var secrets: [String]

    /// - Parameter secrets: literal values to hide wherever they appear (empty and very short ones are ignored,
    ///   so a one-letter password cannot blank out ordinary text).
    public init(secrets: [String] = []) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public mutating func add(_ secret: String) {
        guard secret.count >= 4, !secrets.contains(secret) else { return }
        secrets.append(secret)
        secrets.sort { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingAll(secret, with: Redactor.mask)
        }
        return Redactor.redactPatterns(out)
    }

    /// True when the text looks like it carries a credential (used to keep such lines out of history).
    public static func containsCredential(_ text: String) -> Bool { redactPatterns(text) != text }

    static func redactPatterns(_ text: String) -> String {
        var out = text
        // postgresql://user:secret@host → postgresql://user:***@host
        out = out.replacing(#/(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<user>[^:/@\s]*):(?<pass>[^@\s/]+)@/#) { m in
            "\(m.output.scheme)\(m.output.user):\(mask)@"
        }
        // password=secret / password='se cret' / PGPASSWORD=secret / POSTGRES_PASSWORD=secret
        // (`_` is a word character, so `\b` alone would miss the last one).
        out = out.replacing(#/(?i)(?<key>(?:\b|_)(?:pg)?pass(?:word)?\s*=\s*)(?<value>'(?:[^'\\]|\\.)*'|[^\s&;,]+)/#) { m in
            "\(m.output.key)\(mask)"
        }
        // SQL literals: ALTER ROLE app PASSWORD 'secret' / CREATE USER … WITH ENCRYPTED PASSWORD 'secret'.
        out = out.replacing(#/(?i)(?<key>\bpassword\s+)'(?:[^']|'')*'/#) { m in "\(m.output.key)'\(mask)'" }
        // Authorization: Bearer xyz, and common API key shapes (sk-…).
        out = out.replacing(#/(?i)(?<key>bearer\s+)[A-Za-z0-9._~+\/=-]{8,}/#) { m in "\(m.output.key)\(mask)" }
        out = out.replacing(#/\bsk-[A-Za-z0-9_-]{12,}/#) { _ in mask }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
