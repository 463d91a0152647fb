import Foundation

/// Reads a `.env` file the way dotenv and Prisma do, so the URLs a team already keeps there just work.
///
/// Accepted lines: blank, `# comment`, `KEY=VALUE`, `export KEY=VALUE`. Values may be bare (a ` #` starts a
/// trailing comment), `'single quoted'` (literal) or `"double quoted"` (with `\n`, `\"`, `\\` escapes).
/// Later lines win over earlier ones. Values are never expanded and never appear in errors.
enum DotEnv {
    static func parse(_ text: String, file: String) throws(WorkspaceError) -> [String: String] {
        var result: [String: String] = [:]
        var lineNumber = 0
        // "\r\n" is a single Character in Swift, so split on both forms.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let (key, value) = parseAssignment(trimmed) else {
                throw .dotEnvSyntax(file: file, line: lineNumber)
            }
            result[key] = value
        }
        return result
    }

    /// Loads `<directory>/.env` if present; a missing file is an empty set of variables.
    static func load(directory: String, display: String) throws(WorkspaceError) -> [String: String] {
        let path = (directory as NSString).appendingPathComponent(".env")
        guard FileSystem.kind(of: path) == .file else { return [:] }
        return try parse(try FileSystem.readText(path, display: display), file: display)
    }

    private static func parseAssignment(_ line: String) -> (String, String)? {
        var body = Substring(line)
        if body.hasPrefix("export "), body.contains("=") {
            body = body.dropFirst("export ".count).drop(while: { $0 == " " || $0 == "\t" })
        }
        guard let eq = body.firstIndex(of: "=") else { return nil }
        let key = body[..<eq].trimmingCharacters(in: .whitespaces)
        guard isValidKey(key) else { return nil }
        let raw = body[body.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard let value = parseValue(raw) else { return nil }
        return (key, value)
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    private static func parseValue(_ raw: String) -> String? {
        guard let quote = raw.first, quote == "\"" || quote == "'" else {
            // Bare value: a '#' after whitespace starts a comment.
            var value = ""
            var previous: Character = " "
            for ch in raw {
                if ch == "#", previous == " " || previous == "\t" { break }
                value.append(ch)
                previous = ch
            }
            return value.trimmingCharacters(in: .whitespaces)
        }
        let inner = raw.dropFirst()
        guard let close = closingQuote(quote, in: inner) else { return nil }
        let after = inner[inner.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard after.isEmpty || after.hasPrefix("#") else { return nil }
        let content = inner[..<close]
        return quote == "'" ? String(content) : unescape(content)
    }

    private static func closingQuote(_ quote: Character, in text: Substring) -> Substring.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\\", quote == "\"" {
                i = text.index(after: i)
                if i < text.endIndex { i = text.index(after: i) }
                continue
            }
            if text[i] == quote { return i }
            i = text.index(after: i)
        }
        return nil
    }

    private static func unescape(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for ch in text {
            if escaping {
                switch ch {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(ch)
                }
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.append(ch)
            }
        }
        if escaping { out.append("\\") }
        return out
    }
}
