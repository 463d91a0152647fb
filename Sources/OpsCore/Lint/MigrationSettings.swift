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
    public static func parse(_ sql: String) -> MigrationSettings {
        var settings = MigrationSettings()
        var lineNumber = 0
        var rest = sql[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: [" ", "\t", "\r"])
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { break }
            guard trimmed.lowercased().hasPrefix(prefix) else { continue }
            settings.read(trimmed.dropFirst(prefix.count), line: lineNumber)
        }
        return settings
    }

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
