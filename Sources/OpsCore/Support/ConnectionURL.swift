/// What can be told about a `postgresql://` URL before libpq sees it: whether libpq would read it the way
/// its author meant, and which substrings are its password.
///
/// libpq ends the authority at the first `/` and takes userinfo only up to the first `@` before it, so an
/// unencoded `/` or `@` in a password (`postgresql://u:S3cr/3t@host/db`) makes libpq read part of the
/// password as the host and port — and print it back in its error ("invalid integer value "S3cr" for
/// connection option "port""). Such a URL is refused before any connection: `problem` says why, and
/// `passwordCandidates` gives the redactor the raw password text to mask wherever it might appear.
public enum ConnectionURL {
    static let schemes = ["postgresql://", "postgres://"]

    /// True for text in URL form (libpq's two schemes); keyword strings (`host=… password=…`) are not.
    public static func isURL(_ text: String) -> Bool {
        schemes.contains { text.hasPrefix($0) }
    }

    /// Why libpq would misread this URL, or nil when it reads it as written (or it is not a URL).
    /// The reason never quotes the URL.
    ///
    /// The split follows libpq's `conninfo_uri_parse_options`: userinfo is what comes before the first `@`
    /// that precedes any `/`; the host list ends at the first `/` or `?`; the database name ends at `?`.
    public static func problem(_ text: String) -> String? {
        guard let rest = afterScheme(text) else { return nil }
        let split = libpqSplit(rest)
        let encode = "percent-encode @ as %40, / as %2F and : as %3A in the user name and password"
        if split.hosts.contains("@") || (split.userinfo == nil && split.path.contains("@")) {
            return "its user name or password contains an unencoded @ or /, so libpq would read part of it as the "
                + "host; " + encode
        }
        for host in split.hosts.split(separator: ",", omittingEmptySubsequences: false) where !isHostAndPort(host) {
            return "its host part is not a host name with an optional numeric port (an unencoded character in the "
                + "password?); " + encode
        }
        return nil
    }

    /// The password as written after `user:` — up to the first `@` (libpq's reading) and up to the last `@`
    /// (the author's, when the password holds an unencoded `@` or `/`) — raw and percent-decoded, for the
    /// redactor: it must mask the text even when the URL is malformed and libpq cannot name a password.
    public static func passwordCandidates(_ text: String) -> [String] {
        guard let rest = afterScheme(text) else { return [] }
        var raws: [Substring] = []
        for at in [rest.firstIndex(of: "@"), rest.lastIndex(of: "@")].compactMap({ $0 }) {
            let userinfo = rest[..<at]
            guard let colon = userinfo.firstIndex(of: ":") else { continue }
            raws.append(userinfo[userinfo.index(after: colon)...])
        }
        var candidates: [String] = []
        for raw in raws where !raw.isEmpty {
            for value in [String(raw), percentDecoded(String(raw))].compactMap({ $0 }) where !candidates.contains(value) {
                candidates.append(value)
            }
        }
        return candidates
    }

    /// `rest` (after the scheme) cut the way libpq cuts it.
    static func libpqSplit(_ rest: Substring) -> (userinfo: Substring?, hosts: Substring, path: Substring) {
        var hostStart = rest.startIndex
        var userinfo: Substring?
        if let stop = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[stop] == "@" {
            userinfo = rest[..<stop]
            hostStart = rest.index(after: stop)
        }
        let afterUser = rest[hostStart...]
        let hostEnd = afterUser.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterUser.endIndex
        let hosts = afterUser[..<hostEnd]
        var path: Substring = ""
        if hostEnd < afterUser.endIndex, afterUser[hostEnd] == "/" {
            path = afterUser[afterUser.index(after: hostEnd)...].prefix { $0 != "?" }
        }
        return (userinfo, hosts, path)
    }

    private static func afterScheme(_ text: String) -> Substring? {
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else { return nil }
        return text.dropFirst(scheme.count)
    }

    /// `host`, `host:5432`, `[::1]:5432` or empty (the default host).
    static func isHostAndPort(_ text: Substring) -> Bool {
        var host = text, port: Substring = ""
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            port = host[host.index(after: close)...]
            host = host[...close]
            guard port.isEmpty || port.hasPrefix(":") else { return false }
            port = port.dropFirst()
        } else if let colon = host.firstIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        let hostChars = host.hasPrefix("[") ? host.dropFirst().dropLast() : host
        let hostOK = hostChars.allSatisfy { $0.isLetter || $0.isNumber || "-._%:".contains($0) }
        return hostOK && port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber)
    }

    /// `%XX` sequences decoded as UTF-8; nil when a sequence is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.first {
            utf8 = utf8.dropFirst()
            guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
