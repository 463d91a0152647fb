/// Per-migration settings from the file's leading comments:
///
///     -- evermed-ops: lock_timeout=5s statement_timeout=10min
///     -- evermed-ops: allow=drop_column,rename_column
///
/// The timeouts replace the environment's for that migration (applied with `SET LOCAL`, or for the session
/// and put back when the file cannot run in a transaction); `allow` lowers the named lint rules to info for
/// this file — a reviewed, intended hazard. Only comment lines before the first statement count.
public struct MigrationSettings: Equatable, Sendable {
    public var lockTimeout: Double?
    public var statementTimeout: Double?
    public var allowed: Set<LintRule> = []
    /// A directive that cannot be read: its line, and what is wrong with it.
    public struct Problem: Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    public var problems: [Problem] = []

    public init(lockTimeout: Double? = nil, statementTimeout: Double? = nil, allowed: Set<LintRule> = []) {
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.allowed = allowed
    }

    static let prefix = "-- evermed-ops:"

    /// Reads the comment lines at the top of `sql` (stops at the first other line: a 50 MB file costs nothing).
    /// Over the UTF-8 bytes: a deploy parses every file it applies, and CRLF line ends (one `Character` in Swift)
    /// end a line like LF.
    public static func parse(_ sql: String) -> MigrationSettings {
        var settings = MigrationSettings()
        var lineNumber = 0
        let bytes = sql.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            lineNumber += 1
            var line = bytes[start..<end]
            start = end == bytes.endIndex ? end : bytes.index(after: end)
            while let first = line.first, isBlank(first) { line = line.dropFirst() }
            while let last = line.last, isBlank(last) { line = line.dropLast() }
            if line.isEmpty { continue }
            guard line.starts(with: "--".utf8) else { break }
            guard line.count >= prefix.utf8.count,
                  zip(line, prefix.utf8).allSatisfy({ lowercased($0) == $1 }) else { continue }
            settings.read(Substring(line.dropFirst(prefix.utf8.count)), line: lineNumber)
        }
        return settings
    }

    /// Space, tab or CR (what surrounds a directive).
    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// An ASCII capital as its small letter; any other byte as it is.
    private static func lowercased(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    mutating func read(_ text: Substring, line: Int) {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[1].isEmpty else {
                problems.append(Problem(line: line, message: "“\(word)” is not key=value (lock_timeout=5s, statement_timeout=10min, allow=RULE)"))
                continue
            }
            switch pair[0].lowercased() {
            case "lock_timeout", "statement_timeout":
                guard let seconds = DurationText.seconds(pair[1]) else {
                    problems.append(Problem(line: line, message: "\(pair[0])=\(pair[1]) is not a duration (5s, 500ms, 10min, 1h)"))
                    continue
                }
                if pair[0].lowercased() == "lock_timeout" { lockTimeout = seconds } else { statementTimeout = seconds }
            case "allow":
                for id in pair[1].split(separator: ",") {
                    if let rule = LintRule(rawValue: String(id)) { allowed.insert(rule) } else {
                        problems.append(Problem(line: line, message: "allow=\(id): there is no lint rule \(id) (`evermed-ops lint --rules` lists them)"))
                    }
                }
            default:
                problems.append(Problem(line: line, message: "unknown setting \(pair[0]) (lock_timeout, statement_timeout, allow)"))
            }
        }
    }
}
