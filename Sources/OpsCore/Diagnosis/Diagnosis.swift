/// What `diagnose ENV|all` concludes, from facts alone: a one-paragraph summary, the causes with their evidence,
/// the repair plan as exact commands (mutating ones marked), and the command that verifies the repair. The LLM,
/// when configured, only explains and plans on top of this.
public struct Diagnosis: Equatable, Sendable {
    public struct Cause: Equatable, Sendable {
        /// The advice rule that found it (`failed_migration`).
        public var rule: String
        public var environment: String?
        public var message: String
        public var evidence: [String]
    }

    public struct Step: Equatable, Sendable {
        /// A console line (`resolve production M --rolled-back`), or for work outside evermed-ops the shell or
        /// SQL to run, prefixed with where (`psql (production): DROP TABLE …`).
        public var command: String
        public var why: String
        public var mutating: Bool
    }

    /// `production`, or `all`.
    public var environment: String
    public var summary: String
    public var causes: [Cause]
    public var plan: [Step]
    public var verify: String
    /// The SOP step for this situation (`drift-incident`, step 4 “Decide: …”), when one fits.
    public var procedure: String?
}

/// The extra evidence `diagnose` gathers beyond a `check`, per environment.
public struct DiagnosisEvidence: Sendable {
    /// The failed migration's record and what its SQL left behind in the live schema.
    public struct Failure: Sendable {
        public var migration: String
        public var record: MigrationRecord?
        public var evidence: ResolveEvidence?
        public var failedAtLine: Int?

        public init(migration: String, record: MigrationRecord?, evidence: ResolveEvidence?, failedAtLine: Int?) {
            self.migration = migration
            self.record = record
            self.evidence = evidence
            self.failedAtLine = failedAtLine
        }
    }

    /// A modified migration: the diff from the applied text (found in git by its checksum) to the file now.
    public struct Modification: Sendable {
        public var migration: String
        /// The file, relative to the project root (`db/migrations/NAME/migration.sql`).
        public var path: String
        /// Where the applied version was found (`commit 3f9a1c2`), nil when git has no version with that checksum.
        public var foundIn: String?
        public var diff: [String]

        public init(migration: String, path: String, foundIn: String?, diff: [String]) {
            self.migration = migration
            self.path = path
            self.foundIn = foundIn
            self.diff = diff
        }
    }

    public var failures: [Failure] = []
    public var modifications: [Modification] = []

    public init(failures: [Failure] = [], modifications: [Modification] = []) {
        self.failures = failures
        self.modifications = modifications
    }
}
