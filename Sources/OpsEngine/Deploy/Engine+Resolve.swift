import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

/// Answers for commands that change history rows only (resolve, baseline).
public struct HistoryChangeOptions: Sendable {
    public var yes = false
    /// Non-interactive confirmation for a protected environment: its name, as `--confirm NAME`.
    public var confirmName: String?
    public var interactive = false
    /// baseline: record even though the schema differs from the replayed migrations.
    public var force = false

    public init() {}

    public init(_ confirm: ConfirmFlags, force: Bool = false, interactive: Bool) {
        yes = confirm.yes
        confirmName = confirm.confirmName
        self.force = force
        self.interactive = interactive
    }
}

/// `resolve`: the evidence shown, what was decided, and whether rows were written.
public struct ResolveReport: Sendable {
    public var environment: String
    public var target: String
    public var migration: String
    public var mode: ResolveChoice
    public var stateBefore: MigrationState?
    /// nil when the migration has no local file (nothing to compare with).
    public var evidence: ResolveEvidence?
    public var refused: GateRefusal?
    public var done = false
    /// The operator was asked with the evidence in the question (the result need not repeat it).
    public var evidenceAsked = false
    /// The environment's history after the change (drift not measured), for the next step's advice.
    public var after: EnvironmentFacts?
}

extension Engine {
    /// Prisma semantics: `--rolled-back` only for a failed migration (P3011 never applied, P3012 not failed);
    /// `--applied` for a failed or never-applied migration with its local file (P3017), never an applied one
    /// (P3008). The evidence — which objects the migration's SQL touches and whether they exist — comes first.
    public func resolve(_ name: String, migration: String, mode: ResolveChoice, options: HistoryChangeOptions,
                        approve: Approver) throws -> ResolveReport {
        let env = try workspace.environment(named: name)
        let conn = try connect(env)
        let history = try reconcile(conn, env)
        let state = history.state(of: migration)
        let local = folder.migration(named: migration)
        var report = ResolveReport(environment: env.name, target: target(env), migration: migration, mode: mode,
                                   stateBefore: state)
        if let local {
            let record = history.entries.first { $0.name == migration }?.record
            report.evidence = ResolveAdvisor.evidence(for: local, live: try introspect(conn, env), environment: env.name,
                                                      failure: FailurePoint.read(logs: record?.logs, sql: local.sql))
        }
        if let refusal = resolveRefusal(env, migration, mode, state, hasLocal: local != nil) {
            report.refused = audited(refusal, env, [migration])
            return report
        }
        // The evidence comes before the question: what the operator decides on must be on the screen.
        let evidence = report.evidence.map { e in
            "Evidence: \(e.recommendation.rawValue) — \(e.explanation)"
                + (e.compensatingSQL.isEmpty ? "" : "\nLeftovers would be removed by (not run by evermed-ops): "
                    + e.compensatingSQL.joined(separator: " "))
        }.map { $0 + "\n" } ?? ""
        let title = evidence + "Mark \(migration) as \(mode == .applied ? "applied" : "rolled back") in \(env.name) (\(target(env)))?"
        if let refusal = historyApproval(env, title, options, approve, command: "resolve \(env.name) \(ShellWord.quote(migration)) --\(mode.rawValue)") {
            report.refused = audited(refusal, env, [migration])
            return report
        }
        if case .ask = ConfirmationRule(environment: env.name, isProtected: env.protected, interactive: options.interactive,
                                        yes: options.yes, confirmName: options.confirmName).verdict {
            report.evidenceAsked = report.evidence != nil
        }
        if let refusal = try lock(conn, env) { report.refused = audited(refusal, env, [migration]); return report }
        defer { _ = try? MigrationLock.release(conn) }
        let migrator = Migrator(connection: conn, lockTimeout: env.lockTimeout, statementTimeout: env.statementTimeout)
        switch mode {
        case .rolledBack: try migrator.markRolledBack(name: migration)
        case .applied:
            try migrator.ensureHistoryTable()
            try migrator.markApplied(name: migration, checksum: local!.checksum)
        }
        report.done = true
        audit(env, action: .resolve, migrations: [migration], outcome: .ok, detail: "marked \(mode.rawValue)")
        report.after = (try? reconcile(conn, env)).map { facts(env, reconciliation: $0) }
        if let source = env.promoteFrom.flatMap({ try? workspace.environment(named: $0) }) {
            report.after?.compare(withSource: try? reconcile(try connect(source), source))
        }
        return report
    }

    /// Every refusal of a history change is audited, like a deploy's.
    func audited(_ refusal: GateRefusal, _ env: EnvironmentConfig, _ migrations: [String]) -> GateRefusal {
        audit(env, action: .refused, migrations: migrations, outcome: .refused, gate: refusal.gate.rawValue,
              detail: refusal.message)
        return refusal
    }

    func resolveRefusal(_ env: EnvironmentConfig, _ migration: String, _ mode: ResolveChoice, _ state: MigrationState?,
                        hasLocal: Bool) -> GateRefusal? {
        func refuse(_ message: String, _ fix: String? = nil) -> GateRefusal {
            GateRefusal(gate: .failedMigrations, message: message, fix: fix)
        }
        switch mode {
        case .rolledBack:
            guard let state, state != .pending else {
                return refuse("\(migration) was never applied to \(env.name), so there is nothing to roll back (Prisma P3011).")
            }
            guard state == .failed else {
                return refuse("\(migration) is \(state.rawValue) in \(env.name), not failed: only a failed migration can be "
                    + "marked rolled back (Prisma P3012).")
            }
        case .applied:
            guard hasLocal else {
                return refuse("\(migration) is not in \(workspace.migrationsDisplayPath): --applied records the local file's "
                    + "checksum, so the file must exist (Prisma P3017).", "git pull, or check the migration name")
            }
            if state == .applied || state == .modified {
                return refuse("\(migration) is already applied in \(env.name) (Prisma P3008).")
            }
        }
        return nil
    }

    /// `ConfirmationRule`: on a terminal y/N (protected: the typed name); otherwise `--yes` (protected: and
    /// `--confirm NAME`).
    func historyApproval(_ env: EnvironmentConfig, _ title: String, _ options: HistoryChangeOptions,
                         _ approve: Approver, command: String) -> GateRefusal? {
        let rule = ConfirmationRule(environment: env.name, isProtected: env.protected, interactive: options.interactive,
                                    yes: options.yes, confirmName: options.confirmName)
        switch rule.verdict {
        case .proceed: return nil
        case let .refuse(reason, missing):
            return GateRefusal(gate: .confirmation, message: reason, fix: Engine.command(command, options: missing))
        case .ask(.typeName(let name)):
            if approve(title + " \(env.name) is protected: type its name to confirm.", nil, .typeName(name)) { return nil }
            return GateRefusal(gate: .confirmation, message: "The name typed did not match \(env.name); nothing was changed.",
                               fix: nil)
        case .ask(.yesNo):
            if approve(title, nil, .yesNo) { return nil }
            return GateRefusal(gate: .confirmation, message: "Not confirmed; nothing was changed.", fix: nil)
        }
    }
}
