/// Static analysis of migration SQL, statement by statement, with the same splitter the migrator runs
/// (`SQLScript`). Migrations are read in order as one sequence, following tables created, renamed and dropped.
/// A table created in the same file is new (empty, unread), so the hazards of changing a live table do not
/// apply to it; one created by an earlier file is new only when the environment does not have it — without an
/// environment, an earlier migration may have run long ago, and its tables hold data.
///
/// With a `LintContext` (an environment's catalog), hazards are weighed by the size of the table they
/// touch — a rewrite of an empty table is harmless, of a large one an outage — and a statement on a table
/// that does not exist there is an error before anything runs. Pure: the caller reads files and catalogs.
public struct MigrationLinter: Sendable {
    public var context: LintContext?
    public var settings: LintSettings
    /// The lock_timeout evermed-ops's deploy sets (seconds; 0 or nil: none), so a file without its own is
    /// still protected when deployed by evermed-ops (not by `prisma migrate deploy`).
    public var deployLockTimeout: Double?

    public init(context: LintContext? = nil, settings: LintSettings = LintSettings(), deployLockTimeout: Double? = nil) {
        self.context = context
        self.settings = settings
        self.deployLockTimeout = deployLockTimeout
    }

    /// Tables, indexes and renames the sequence so far has made (the state after each migration).
    struct Trail {
        /// Every table the sequence creates (`IF NOT EXISTS` too): they exist for the statements after.
        var createdTables: Set<String> = []
        var createdIndexes: Set<String> = []
        var droppedTables: Set<String> = []
        /// A renamed table's new name → its name in the environment's catalog.
        var originalName: [String: String] = [:]

        func original(_ table: String) -> String { originalName[table] ?? table }
    }

    public func lint(_ migrations: [LocalMigration]) -> LintReport {
        var pass = LintPass(self)
        for migration in migrations {
            pass.begin(migration)
            SQLScript.forEachExecutable(in: migration.sql) { statement in
                let tokens = StatementHazards.tokens(statement.text)
                pass.read(statement, tokens: tokens, traits: StatementClassifier.classify(tokens: tokens))
            }
            pass.end()
        }
        return LintReport(targets: migrations.map { LintReport.Target(name: $0.name, path: $0.path) },
                          findings: pass.findings, environment: context?.environment)
    }

    /// One statement of the migration `pass` is in: its hazards weighed, its effects recorded.
    func read(_ statement: SQLScript.Statement, tokens: [SQLToken], traits: StatementTraits, _ pass: inout LintPass) {
        guard let migration = pass.migration else { return }
        let read = StatementHazards.read(tokens, inBlock: pass.file.blockLine != nil)
        var hazards = read.hazards
        if let lockHazard = missingLockTimeout(statement, traits, &pass.file, pass.trail) { hazards.append(lockHazard) }
        for hazard in hazards {
            guard !settings.disabled.contains(hazard.rule),
                  var finding = weigh(hazard, in: migration, line: statement.line(ofOffset: hazard.offset), pass.trail, pass.file)
            else { continue }
            if pass.directives.allowed.contains(finding.rule) {
                finding.severity = .info
                finding.message += " (allowed by this file's `-- evermed-ops: allow=\(finding.rule.rawValue)`)"
            }
            pass.findings.append(finding)
        }
        if context != nil, !read.effects.requiredTables.isEmpty || !read.effects.requiredIndexes.isEmpty {
            pass.findings += missingTables(read.effects, statement, migration, pass.trail)
        }
        apply(read.effects, to: &pass.trail, &pass.file, line: statement.line)
    }

    /// What ends a file: a BEGIN it never committed.
    func end(_ pass: inout LintPass) {
        guard let migration = pass.migration, let line = pass.file.blockLine, !settings.disabled.contains(.transactionControl)
        else { return }
        pass.findings.append(LintFinding(migration: migration, line: line, rule: .transactionControl, severity: .error,
                                         message: "the transaction opened on line \(line) is never committed: everything "
                                             + "after it is rolled back when the session ends",
                                         suggestion: "remove the BEGIN (the deploy runs the file in a transaction), or end it with COMMIT"))
    }

    /// Per-file state: the open BEGIN, the lock_timeout seen so far, the tables and indexes it made.
    struct FileState {
        var lockTimeoutSet: Bool
        var blockLine: Int?
        var lockTimeoutReported = false
        var newTables: Set<String> = []
        var newIndexes: Set<String> = []
    }

    /// True when `table` has no rows and no readers yet where this migration runs (see the type's comment).
    func isNew(_ table: String, _ sequence: Trail, _ file: FileState) -> Bool {
        if file.newTables.contains(table) { return true }
        guard let context, sequence.createdTables.contains(table) else { return false }
        return context.relation(sequence.original(table)) == nil
    }

    func apply(_ effects: StatementEffects, to sequence: inout Trail, _ file: inout FileState, line: Int) {
        for table in effects.createdTables + effects.ensuredTables {
            // IF NOT EXISTS makes a new table only where there is none: known only with an environment.
            if effects.createdTables.contains(table) || (context != nil && context?.relations[table] == nil) {
                file.newTables.insert(table)
            }
            sequence.createdTables.insert(table)
            sequence.droppedTables.remove(table)
        }
        sequence.createdIndexes.formUnion(effects.createdIndexes)
        file.newIndexes.formUnion(effects.createdIndexes)
        for table in effects.droppedTables {
            sequence.createdTables.remove(table)
            sequence.droppedTables.insert(table)
        }
        if let (from, to) = effects.renamedTable {
            if file.newTables.remove(from) != nil { file.newTables.insert(to) }
            if sequence.createdTables.remove(from) != nil { sequence.createdTables.insert(to) } else {
                sequence.originalName[to] = sequence.original(from)
            }
            sequence.droppedTables.insert(from)
            sequence.droppedTables.remove(to)
        }
        if effects.setsLockTimeout { file.lockTimeoutSet = true }
        if effects.beginsBlock { file.blockLine = line }
        if effects.endsBlock { file.blockLine = nil }
    }

    /// The first statement of a file that takes ACCESS EXCLUSIVE on an existing table with no lock_timeout:
    /// while it waits for that lock, every other query on the table queues behind it.
    func missingLockTimeout(_ statement: SQLScript.Statement, _ traits: StatementTraits, _ file: inout FileState,
                            _ sequence: Trail) -> Hazard? {
        guard !file.lockTimeoutSet, !file.lockTimeoutReported else { return nil }
        guard traits.lock == .accessExclusive, let target = traits.lockTarget else { return nil }
        var table = StatementHazards.qualify(target.split(separator: ".").map(String.init))
        var shown = table
        if traits.summary.hasPrefix("DROP INDEX") || traits.summary.hasPrefix("ALTER INDEX") {
            if file.newIndexes.contains(table) { return nil }
            shown = "the table of index \(table)"
            if let owner = context?.indexTable(table) { table = owner; shown = owner }
        }
        guard !isNew(table, sequence, file) else { return nil }
        file.lockTimeoutReported = true
        let deploySets = (deployLockTimeout ?? 0) > 0
        return Hazard(rule: .missingLockTimeout, offset: 0,
                      message: "\(traits.summary) waits for ACCESS EXCLUSIVE on \(shown) with no lock_timeout in the file; "
                        + "while it waits, every query on the table queues behind it"
                        + (deploySets ? ". evermed-ops deploy sets lock_timeout=\(DurationText.text(deployLockTimeout!)); "
                            + "other deployers (prisma migrate deploy) do not" : ""),
                      suggestion: "start the file with -- evermed-ops: lock_timeout=5s (or SET lock_timeout = '5s'), and "
                        + "retry the deploy if it times out",
                      table: table, severity: deploySets ? .info : nil)
    }

    /// The finding for a hazard, weighed against the environment; nil when it does not apply (a table this
    /// sequence created is new and empty).
    func weigh(_ hazard: Hazard, in migration: String, line: Int, _ sequence: Trail, _ file: FileState) -> LintFinding? {
        var severity = hazard.severity ?? hazard.rule.defaultSeverity
        var message = hazard.message
        var table = hazard.table
        if let index = table, index.hasPrefix("index:") {
            let name = String(index.dropFirst(6))
            // New here, or not there at all (nothing to drop; without IF EXISTS, `missingTables` says so).
            if file.newIndexes.contains(name) || (context != nil && context?.indexTable(name) == nil) { return nil }
            table = context?.indexTable(name)
        }
        if let table, hazard.rule.onlyExistingTables, isNew(table, sequence, file) { return nil }
        if let context, let table, hazard.severity == nil,
           let relation = context.relation(sequence.original(table)) {
            let env = context.environment
            switch hazard.rule.escalation {
            case .size where relation.isEmpty, .data where relation.isEmpty:
                severity = .info
                message += " — \(table) is empty in \(env), so it is harmless there"
            case .size where context.isLarge(relation):
                severity = .error
                message += " — \(table) is large in \(env): \(Self.describe(relation))"
            case .data:
                severity = .error
                message += " — \(table) holds data in \(env): \(Self.describe(relation))"
            case .size:
                message += " — \(table) in \(env): \(Self.describe(relation))"
            case .none: break
            }
        }
        return LintFinding(migration: migration, line: line, rule: hazard.rule, severity: severity, message: message,
                           suggestion: hazard.suggestion)
    }

    /// "~12,000 rows, 3.1 MB".
    static func describe(_ r: LintContext.Relation) -> String {
        let rows = r.estimatedRows < 0 ? "rows not counted yet (never analyzed)" : "~\(grouped(Int64(r.estimatedRows))) rows"
        return "\(rows), \(size(r.totalBytes))"
    }

    static func grouped(_ n: Int64) -> String {
        var digits = Array(String(n))
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return String(digits)
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : "\((value * 10).rounded() / 10) \(units[unit])"
    }

    /// With an environment: each table the statement needs that neither the environment nor an earlier
    /// statement has. PostgreSQL would stop the migration there (42P01), after the statements before it ran.
    func missingTables(_ effects: StatementEffects, _ statement: SQLScript.Statement, _ migration: String,
                       _ sequence: Trail) -> [LintFinding] {
        guard let context else { return [] }
        var seen: Set<String> = []
        let indexes = effects.requiredIndexes.compactMap { required -> LintFinding? in
            guard context.indexTable(required.name) == nil, !sequence.createdIndexes.contains(required.name) else { return nil }
            return LintFinding(migration: migration, line: statement.line(ofOffset: required.offset), rule: .tableNotFound,
                               severity: .error, message: "index \(required.name) does not exist in \(context.environment): "
                                   + "the migration would fail here (42704)",
                               suggestion: "DROP INDEX IF EXISTS, if it is absent on purpose; otherwise check the name")
        }
        return indexes + effects.requiredTables.compactMap { required in
            let table = required.name
            guard seen.insert(table).inserted, !sequence.createdTables.contains(table),
                  sequence.droppedTables.contains(table) || context.relation(sequence.original(table)) == nil
            else { return nil }
            let closest = Self.closest(to: table, in: context.relations.keys.filter { !sequence.droppedTables.contains($0) }
                + sequence.createdTables)
            return LintFinding(migration: migration, line: statement.line(ofOffset: required.offset), rule: .tableNotFound,
                               severity: .error,
                               message: "\(table) does not exist in \(context.environment)"
                                   + (sequence.droppedTables.contains(table) ? " (an earlier statement drops or renames it)" : "")
                                   + ": the migration would fail here (42P01)",
                               suggestion: closest.map { "did you mean \($0)? (names are case-sensitive when quoted)" }
                                   ?? "create it first, or check which environment this migration belongs to")
        }
    }

    static func closest(to name: String, in names: some Sequence<String>) -> String? {
        let lowered = name.lowercased()
        var best: (String, Int)?
        for candidate in names {
            let d = EditDistance.distance(lowered, candidate.lowercased())
            if d <= max(2, lowered.count / 4), best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }
}

extension SQLScript.Statement {
    /// The 1-based file line of a byte offset in `text` (token offsets are in UTF-8 bytes).
    func line(ofOffset offset: Int) -> Int {
        var line = textLine
        for byte in text.utf8.prefix(offset) where byte == 10 { line += 1 }
        return max(line, self.line)
    }
}

/// A lint run over a sequence of migrations, fed one statement at a time: by `MigrationLinter.lint`, or by the
/// deploy planner's own pass over each file, so a deploy splits and tokenizes a 50 MB migration once, not twice.
public struct LintPass: Sendable {
    let linter: MigrationLinter
    var trail = MigrationLinter.Trail()
    var file = MigrationLinter.FileState(lockTimeoutSet: false)
    var directives = MigrationSettings()
    /// The migration being read (its name), between `begin` and `end`.
    var migration: String?
    public internal(set) var findings: [LintFinding] = []

    public init(_ linter: MigrationLinter) { self.linter = linter }

    public mutating func begin(_ migration: LocalMigration) {
        directives = MigrationSettings.parse(migration.sql)
        file = MigrationLinter.FileState(lockTimeoutSet: (directives.lockTimeout ?? 0) > 0)
        self.migration = migration.name
        if !linter.settings.disabled.contains(.badDirective) {
            findings += directives.problems.map { problem in
                LintFinding(migration: migration.name, line: problem.line, rule: .badDirective, severity: .error,
                            message: problem.message,
                            suggestion: "write it as -- evermed-ops: lock_timeout=5s statement_timeout=10min allow=RULE")
            }
        }
    }

    mutating func read(_ statement: SQLScript.Statement, tokens: [SQLToken], traits: StatementTraits) {
        linter.read(statement, tokens: tokens, traits: traits, &self)
    }

    public mutating func end() {
        linter.end(&self)
        migration = nil
    }
}
