/// One hazard in one migration, in the shape `lint --json` prints:
/// `{"migration","line","rule","severity","message","suggestion"}`.
public struct LintFinding: Codable, Equatable, Sendable {
    /// The migration's folder name, or the file's path when it is not in the migrations folder.
    public var migration: String
    /// 1-based line in the file.
    public var line: Int
    public var rule: LintRule
    public var severity: LintSeverity
    public var message: String
    /// The safe alternative.
    public var suggestion: String

    public init(migration: String, line: Int, rule: LintRule, severity: LintSeverity, message: String,
                suggestion: String) {
        self.migration = migration
        self.line = line
        self.rule = rule
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
    }

    /// `rule migration:line`, as the audit log records an accepted hazard.
    public var reference: String { "\(rule.rawValue) \(migration):\(line)" }
}

/// What `lint` read and found: the findings in file order, and what they were checked against.
public struct LintReport: Equatable, Sendable {
    /// Each linted migration: its name (or path) and the file to show in `path:line` output.
    public struct Target: Equatable, Sendable {
        public var name: String
        public var path: String

        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    public var targets: [Target]
    public var findings: [LintFinding]
    /// The environment whose catalog sized the tables, if any.
    public var environment: String?

    public init(targets: [Target], findings: [LintFinding], environment: String? = nil) {
        self.targets = targets
        self.findings = findings
        self.environment = environment
    }

    public var errors: [LintFinding] { findings.filter { $0.severity == .error } }

    public func count(_ severity: LintSeverity) -> Int { findings.lazy.filter { $0.severity == severity }.count }

    /// `lint` exits 1 when a finding is an error.
    public var passed: Bool { errors.isEmpty }

    public func path(of migration: String) -> String { targets.first { $0.name == migration }?.path ?? migration }
}
