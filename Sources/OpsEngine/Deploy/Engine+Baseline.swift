import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

/// `baseline`: which migrations would be recorded, the drift found, and whether rows were written.
public struct BaselineReport: Sendable {
    public var environment: String
    public var target: String
    /// Migrations recorded (or to record) as applied without running them.
    public var migrations: [String]
    /// Already recorded in the history: left alone.
    public var alreadyRecorded: [String]
    /// Live schema vs the replayed schema of those migrations.
    public var drift: [SchemaChange]
    public var refused: GateRefusal?
    public var done = false
}

extension Engine {
    /// For a database that predates the tool: record local migrations up to `upTo` (default all) as applied
    /// without running them, after showing that the live schema matches what they produce. Drift refuses
    /// unless `force`.
    public func baseline(_ name: String, upTo: String?, options: HistoryChangeOptions,
                         approve: Approver) throws -> BaselineReport {
        let env = try workspace.environment(named: name)
        let all = folder.migrations
        let end = try upTo.map { upTo in
            guard let end = all.firstIndex(where: { $0.name == upTo }) else {
                throw EngineError.unknownMigration(name: upTo, folder: workspace.migrationsDisplayPath,
                                                   known: all.map(\.name))
            }
            return end
        }
        let range = end.map { Array(all[...$0]) } ?? all
        let conn = try connect(env)
        let history = try reconcile(conn, env)
        let recorded = Set(history.entries.filter { $0.record != nil && $0.state != .rolledBack }.map(\.name))
        let (live, expected) = try Parallel.both({ try introspect(conn, env) }, { try expectedSchema(range, for: env) })
        var report = BaselineReport(environment: env.name, target: target(env),
                                    migrations: range.map(\.name).filter { !recorded.contains($0) },
                                    alreadyRecorded: range.map(\.name).filter { recorded.contains($0) },
                                    drift: SchemaDiff.drift(expected: expected, actual: live))
        if !report.drift.isEmpty && !options.force {
            report.refused = audited(GateRefusal(gate: .drift, message: "\(env.name)'s schema differs from the schema of "
                + "\(range.count) replayed migrations in \(report.drift.count) place(s); recording them as applied would hide that.",
                fix: "evermed-ops diff \(env.name) migrations   (or --to an earlier migration, or --force)"), env, report.migrations)
            return report
        }
        if report.migrations.isEmpty { return report }
        let title = "Record \(Plural.count(report.migrations.count, "migration")) as applied in \(env.name) (\(target(env))) without running them?"
        let command = "baseline \(env.name)" + (upTo.map { " --to \(ShellWord.quote($0))" } ?? "") + (options.force ? " --force" : "")
        if let refusal = historyApproval(env, title, options, approve, command: command) {
            report.refused = audited(refusal, env, report.migrations)
            return report
        }
        if let refusal = try lock(conn, env) { report.refused = audited(refusal, env, report.migrations); return report }
        defer { _ = try? MigrationLock.release(conn) }
        let migrator = Migrator(connection: conn, lockTimeout: env.lockTimeout, statementTimeout: env.statementTimeout)
        try migrator.ensureHistoryTable()
        let names = Set(report.migrations)
        try migrator.recordApplied(range.filter { names.contains($0.name) }.map { ($0.name, $0.checksum) })
        report.done = true
        audit(env, action: .baseline, migrations: report.migrations, outcome: .ok,
              detail: options.force && !report.drift.isEmpty ? "forced past \(report.drift.count) drift item(s)" : nil)
        return report
    }
}
