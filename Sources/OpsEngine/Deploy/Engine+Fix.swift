import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

/// `fix ENV`: what was drift becomes a migration.
public struct FixReport: Sendable {
    public struct Written: Sendable, Equatable {
        public var name: String
        /// Relative to the project, as the migrations folder names files.
        public var path: String
        public var statements: Int
    }

    public var environment: String
    public var target: String
    public var mode: FixMode?
    public var drift: [SchemaChange] = []
    public var written: [Written] = []
    /// The idempotent script the files hold.
    public var script = MigrationScript()
    /// Lint of the files, against the environment's tables.
    public var findings: [LintFinding] = []
    /// Column pairs that may be renames, and the renames used.
    public var renameCandidates: [String] = []
    public var renames: [String: String] = [:]
    /// Migrations ENV has not applied whose leftovers the revert removes: the fix sorts before them.
    public var waitsFor: [String] = []
    /// Why nothing was written (refused or declined), or nil.
    public var refusal: String?
    /// The command that goes on from the refusal.
    public var refusalFix: String?
    /// In sync already: nothing to fix.
    public var nothingToFix = false
    /// `--capture` on a terminal: the offered `resolve ENV NEW --applied`, when accepted.
    public var resolved: [ResolveReport] = []
    /// Whether ENV is protected (the next steps name its confirmations).
    public var isProtected = false
    /// ENV's `promote_from`, and the other environments, in config order (who gets the migration by deploy).
    public var promoteFrom: String?
    public var others: [String] = []
}

extension Engine {
    /// Reads ENV's drift and writes the migration that ends it; never applies it. `approve` asks the direction
    /// (when not given) and each possible rename, on a terminal.
    public func fix(_ request: FixRequest, interactive: Bool, approve: Approver) throws -> FixReport {
        let env = try workspace.environment(named: request.environment)
        var report = FixReport(environment: env.name, target: target(env), mode: request.mode, isProtected: env.protected,
                               promoteFrom: env.promoteFrom,
                               others: workspace.environments.map(\.name).filter { $0 != env.name })
        let conn = try connect(env)
        let history = try reconcile(conn, env)
        if let failed = history.entries.first(where: { $0.state == .failed }) {
            report.refusal = "\(env.name) has a failed migration, \(failed.name): settle it first. `resolve` shows what it "
                + "left and records the decision; fix then turns what remains different into a migration."
            report.refusalFix = "evermed-ops resolve \(ShellWord.quote(env.name)) \(ShellWord.quote(failed.name)) --rolled-back"
            return report
        }
        let slug = Self.slug(env.name)
        if let waiting = history.toApply.first(where: { $0.contains("_fix_\(slug)_drift") }) {
            report.refusal = "\(workspace.migrationsDisplayPath)/\(waiting) (written by fix) is not applied in \(env.name) yet: "
                + "settle that one first — resolve it --applied after a --capture, deploy it after a --revert — or delete "
                + "its folder to write a new one."
            let e = ShellWord.quote(env.name)
            report.refusalFix = "evermed-ops resolve \(e) \(waiting) --applied   (after a --capture; after a --revert: "
                + "evermed-ops deploy \(e) --allow-drift)"
            return report
        }
        let applied = history.appliedInRunOrder.compactMap { folder.migration(named: $0) }
        let (live, expected) = try Parallel.both({ try introspect(conn, env) }, { try expectedSchema(applied, for: env) })
        report.drift = SchemaDiff.drift(expected: expected, actual: live)
        guard !report.drift.isEmpty else { report.nothingToFix = true; return report }

        guard let mode = try direction(request.mode, env, interactive: interactive, approve: approve) else {
            report.refusal = interactive ? "Neither direction was chosen; nothing was written."
                : "fix needs a direction, and this run cannot ask: --capture if \(env.name)'s live schema is right (a hotfix "
                    + "to keep), --revert if its migration history is."
            report.refusalFix = interactive ? nil : "evermed-ops fix \(ShellWord.quote(env.name)) --capture   (or --revert)"
            return report
        }
        report.mode = mode
        let (from, to) = mode == .capture ? (expected, live) : (live, expected)
        let candidates = SchemaSQL.renameCandidates(from: from, to: to)
        report.renames = request.renames
        if request.renames.isEmpty, interactive {
            for (old, new) in candidates where !report.renames.keys.contains(old) && !report.renames.values.contains(new) {
                let table = String(old[..<old.lastIndex(of: ".")!])
                let question = "\(table): is column \"\(new.dropFirst(table.count + 1))\" the column \"\(old.dropFirst(table.count + 1))\" "
                    + "renamed? A rename keeps its data; otherwise the old column is dropped and the new one added empty."
                if approve(question, nil, .yesNo) { report.renames[old] = new }
            }
        }
        report.renameCandidates = candidates.filter { report.renames[$0.old] != $0.new }.map { "\($0.old)=\($0.new.split(separator: ".").last!)" }
        report.script = Idempotent.rewrite(SchemaSQL.script(from: from, to: to, renames: report.renames))
        if mode == .revert {
            let pending = history.toApply.compactMap { folder.migration(named: $0) }
            (report.script, report.waitsFor) = PendingGuard.guardDrops(report.script, creators: PendingGuard.creators(pending))
        }
        return try write(report, env, conn: conn)
    }

    /// The direction given, or asked: y to the first question keeps the live schema, y to the second reverts it.
    func direction(_ given: FixMode?, _ env: EnvironmentConfig, interactive: Bool, approve: Approver) throws -> FixMode? {
        if let given { return given }
        guard interactive else { return nil }
        if approve("Is \(env.name)'s live schema the right one — a hotfix to keep? Yes writes a migration that reproduces "
                   + "it everywhere (--capture).", nil, .yesNo) { return .capture }
        if approve("Bring \(env.name)'s live schema back to its migration history instead? Yes writes a migration that "
                   + "undoes the difference (--revert).", nil, .yesNo) { return .revert }
        return nil
    }

    /// `<timestamp>_fix_<env>_drift/migration.sql` (and `_concurrently` for the part that must run outside a
    /// transaction), linted against the environment first.
    func write(_ report: FixReport, _ env: EnvironmentConfig, conn: PGConnection) throws -> FixReport {
        var report = report
        let mode = report.mode ?? .capture
        let stamp = Self.stamp(before: report.waitsFor.min())
        let slug = Self.slug(env.name)
        let main = "\(stamp)_fix_\(slug)_drift"
        let next = mode == .capture ? "resolve \(env.name) \(main) --applied" : "deploy \(env.name) --allow-drift"
        let header = [
            "Written by `evermed-ops fix \(env.name) --\(mode.rawValue)` on \(Engine.timestamp().prefix(16).replacingOccurrences(of: "T", with: " ")) UTC.",
            mode == .capture
                ? "\(env.name)'s live schema differed from its migration history (\(Plural.count(report.drift.count, "difference"))) "
                    + "and is kept: this reproduces it."
                : "\(env.name)'s live schema differed from its migration history (\(Plural.count(report.drift.count, "difference"))): "
                    + "this brings it back.",
            "Idempotent: where the target shape is already there it changes nothing. Review it, commit it, then:",
            "  evermed-ops \(next)",
            "evermed-ops: lock_timeout=\(DurationText.text(env.lockTimeout))",
        ]
        var files: [(String, String, Int)] = []
        let body = MigrationScript(before: report.script.before, transactional: report.script.transactional)
        if !body.isEmpty { files.append((main, body.text(header: header), body.all.count)) }
        if !report.script.after.isEmpty {
            let after = MigrationScript(after: report.script.after)
            files.append((Self.stamp(after: stamp) + "_fix_\(slug)_drift_concurrently",
                          after.text(header: [header[0], "The part that runs outside a transaction: CONCURRENTLY and VALIDATE."]),
                          after.all.count))
        }
        // Lint before writing: against the environment's tables, as the deploy will.
        report.findings = try linter(for: env, conn: conn).lint(files.map { LocalMigration(name: $0.0, sql: $0.1, checksum: "", path: $0.0) }).findings
        // All or nothing: every folder is checked free first, and what was written is removed when a write fails.
        let shown = workspace.migrationsDisplayPath
        if let taken = files.first(where: { FileManager.default.fileExists(atPath: workspace.migrationsDirectory + "/" + $0.0) }) {
            throw EngineError.request("\(shown)/\(taken.0) already exists; nothing was written. Run fix again in a second.")
        }
        var made: [String] = []
        for (name, text, count) in files {
            let directory = workspace.migrationsDirectory + "/" + name
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                made.append(directory)
                try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + MigrationsFolder.scriptName))
            } catch {
                for path in made { try? FileManager.default.removeItem(atPath: path) }
                throw EngineError.request("Could not write \(shown)/\(name)/\(MigrationsFolder.scriptName) "
                    + "(\((error as NSError).localizedDescription)); nothing was written. Check that \(shown) is writable.")
            }
            report.written.append(.init(name: name, path: "\(shown)/\(name)/\(MigrationsFolder.scriptName)", statements: count))
        }
        return report
    }

    /// An environment's name as a migration name's word: `eu-prod` → `eu_prod`.
    static func slug(_ name: String) -> String { String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }) }

    /// 14 digits, UTC: now, or one second before the migration named (so the fix runs first where it is pending).
    static func stamp(before migration: String? = nil) -> String {
        var date = Date()
        if let migration, let at = parse(String(migration.prefix(14))) { date = at.addingTimeInterval(-1) }
        return format(date)
    }

    static func stamp(after stamp: String) -> String { parse(stamp).map { format($0.addingTimeInterval(1)) } ?? stamp }

    private static let stampFormat: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss"
        return f
    }()

    private static func parse(_ digits: String) -> Date? { stampFormat.date(from: digits) }
    private static func format(_ date: Date) -> String { stampFormat.string(from: date) }
}
