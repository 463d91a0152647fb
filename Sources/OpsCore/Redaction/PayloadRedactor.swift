/// What leaves the machine for an LLM or an MCP client: secrets, connection URLs, hosts, database and OS user
/// names and e-mail addresses become stable placeholders (`<host-1>`, `<user-1>`, `<email-1>`, `<secret-1>`,
/// `<url-1>`) — the same value always the same placeholder — and the DETAIL line of an SQL error (which can hold
/// row values) is dropped. `restore` puts the values back into a reply before it is shown to the person.
public struct PayloadRedactor: Sendable {
    private var known: [(value: String, kind: String)] = []
    private var placeholders: [String: String] = [:]   // value → placeholder
    private var counters: [String: Int] = [:]

    /// - Parameters:
    ///   - secrets: passwords and API keys (and whole credentialed URLs).
    ///   - hosts: server host names and addresses.
    ///   - users: database and OS user names.
    public init(secrets: [String] = [], urls: [String] = [], hosts: [String] = [], users: [String] = []) {
        for (values, kind) in [(urls, "url"), (secrets, "secret"), (hosts, "host"), (users, "user")] {
            for v in values where v.count >= 2 && !known.contains(where: { $0.value == v }) { known.append((v, kind)) }
        }
        // Longest first, so a URL is replaced whole before the host inside it.
        known.sort { $0.value.count > $1.value.count }
    }

    /// URLs and secrets first (a credentialed URL contains an `@`), then e-mail addresses (before a user name
    /// inside one is replaced), then hosts and users.
    public mutating func redact(_ text: String) -> String {
        var out = dropDetailLines(text)
        for (value, kind) in known where (kind == "url" || kind == "secret") && out.contains(value) {
            out = out.replacingAll(value, with: placeholder(for: value, kind))
        }
        out = redactEmails(out)
        for (value, kind) in known where kind != "url" && kind != "secret" && out.contains(value) {
            out = out.replacingAll(value, with: placeholder(for: value, kind))
        }
        return out
    }

    /// The reply with the placeholders this redactor handed out replaced by their values — hosts, users and
    /// e-mail addresses; never a secret or a URL (those stay placeholders), and DETAIL lines stay gone.
    public func restore(_ text: String) -> String {
        var out = text
        for (value, placeholder) in placeholders.sorted(by: { $0.value.count > $1.value.count })
            where out.contains(placeholder) && !placeholder.hasPrefix("<secret-") && !placeholder.hasPrefix("<url-") {
            out = out.replacingAll(placeholder, with: value)
        }
        return out
    }

    private mutating func placeholder(for value: String, _ kind: String) -> String {
        if let p = placeholders[value] { return p }
        let n = (counters[kind] ?? 0) + 1
        counters[kind] = n
        let p = "<\(kind)-\(n)>"
        placeholders[value] = p
        return p
    }

    /// `DETAIL:  Key (email)=(ann@example.com) already exists.` — a row value: removed, not restorable.
    private func dropDetailLines(_ text: String) -> String {
        guard text.contains("DETAIL:") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let r = line.firstRange(of: "DETAIL:") else { return String(line) }
            return String(line[..<r.lowerBound]) + "DETAIL: (withheld: it can contain row values)"
        }.joined(separator: "\n")
    }

    /// `local@domain.tld` → `<email-N>`: a scan, not a regular expression (OpsCore has no Foundation).
    private mutating func redactEmails(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let chars = Array(text)
        func isLocal(_ c: Character) -> Bool { c.isLetter || c.isNumber || "._%+-".contains(c) }
        func isDomain(_ c: Character) -> Bool { c.isLetter || c.isNumber || ".-".contains(c) }
        var out = "", i = 0
        while i < chars.count {
            guard chars[i] == "@", i > 0, isLocal(chars[i - 1]) else { out.append(chars[i]); i += 1; continue }
            var start = i
            while start > 0 && isLocal(chars[start - 1]) { start -= 1 }
            var end = i + 1
            while end < chars.count && isDomain(chars[end]) { end += 1 }
            while end > i + 1 && (chars[end - 1] == "." || chars[end - 1] == "-") { end -= 1 }
            let domain = String(chars[(i + 1)..<end])
            guard domain.contains("."), !domain.hasPrefix("."), let last = domain.split(separator: ".").last, last.count >= 2,
                  last.allSatisfy(\.isLetter) else { out.append(chars[i]); i += 1; continue }
            out.removeLast(i - start)
            out += placeholder(for: String(chars[start..<end]), "email")
            i = end
        }
        return out
    }
}
