import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// Everything after the gates, on the connection that holds the lock: backup, apply one by one, check.
    func apply(_ report: DeployReport, _ env: EnvironmentConfig, conn: PGConnection,
               options: DeployOptions) throws -> DeployReport {
        var report = report
        let clock = ContinuousClock(), start = clock.now
        if let directory = options.backupTo {
            report.backup = try backup(env, conn: conn, to: directory)
        }
        let migrator = Migrator(connection: conn, lockTimeout: env.lockTimeout, statementTimeout: env.statementTimeout)
        try migrator.ensureHistoryTable()
        // The check after the deploy replays history + plan on a shadow database; start that replay now, beside
        // the apply, so the check finds it cached (it is half the time of a long deploy on a fresh cache).
        let warming = DispatchGroup()
        let after = (report.before.reconciliation?.appliedInRunOrder ?? []) + report.plan.names
        let replay = after.compactMap { folder.migration(named: $0) }
        // Silently: its progress would land between the `applying i/n` lines; the check after says it used it.
        var quiet = self
        quiet.progress = { _ in }
        DispatchQueue.global().async(group: warming) { [quiet] in _ = try? quiet.expectedSchema(replay, for: env) }
        var running: String?
        do {
            try run(report.plan.migrations, migrator: migrator, env: env, into: &report, running: &running)
        } catch let error as PGError where !conn.isUsable {
            // The session is gone (and with it the lock): say what was applied and what became of the running one.
            report.connectionLost = lostConnection(error, env, running: running, into: &report)
        }
        _ = try? MigrationLock.release(conn)
        warming.wait()

        report.after = checkOne(env)
        let outcome: AuditRecord.Outcome = report.interrupted ? .interrupted
            : report.failed != nil || report.connectionLost != nil ? .failed : .applied
        audit(env, action: .deploy, migrations: report.applied, outcome: outcome,
              detail: report.failed.map { "\($0.migration) failed: \($0.message)" } ?? report.connectionLost.map(Engine.describe),
              durationMs: milliseconds(clock.now - start), backup: report.backup?.path,
              allowDrift: options.allowDrift ? true : nil,
              acceptedHazards: report.plan.errorHazards.isEmpty ? nil : report.plan.errorHazards.map(\.reference))
        return report
    }

    /// After the connection went: the history read again on a new connection decides what became of the
    /// running migration (applied when its COMMIT reached the server), audited like any failed apply.
    func lostConnection(_ error: PGError, _ env: EnvironmentConfig, running: String?,
                        into report: inout DeployReport) -> ConnectionLoss {
        var loss = ConnectionLoss(message: error.message, running: running, runningState: nil, recheckError: nil)
        do {
            let history = try reconcile(try connect(env), env)
            if let running {
                loss.runningState = history.state(of: running) ?? .pending
                if loss.runningState == .applied, !report.applied.contains(running) { report.applied.append(running) }
            }
        } catch {
            loss.recheckError = message(error)
        }
        if let running, loss.runningState != .applied {
            audit(env, action: .apply, migrations: [running], outcome: .failed, detail: Engine.describe(loss))
        }
        return loss
    }

    /// `connection lost during X (server closed the connection unexpectedly); X is now pending`.
    static func describe(_ loss: ConnectionLoss) -> String {
        var text = "connection lost" + (loss.running.map { " during \($0)" } ?? "") + " (\(loss.message))"
        if let running = loss.running {
            text += loss.runningState.map { "; \(running) is now \($0.rawValue)" } ?? "; its state could not be read again"
        }
        return text
    }

    /// Takes Prisma's advisory lock within `lock_wait`; a refusal names the holder.
    func lock(_ conn: PGConnection, _ env: EnvironmentConfig) throws -> GateRefusal? {
        guard case let .held(holder) = try MigrationLock.acquire(conn, wait: env.lockWait, cancelled: Interrupts.endCommand)
        else { return nil }
        let who = holder.map { "\($0)" } ?? "another session (it released the lock before we could name it)"
        return GateRefusal(gate: .lock, message: "Another deploy holds the migration lock on \(env.name) "
            + "(pg_advisory_lock(\(MigrationLock.prismaKey)), shared with Prisma): \(who). Waited \(Engine.seconds(env.lockWait)).",
            fix: "wait for it to finish, then run evermed-ops deploy \(env.name) again (lock_wait in evermed-ops.yml sets the wait)")
    }

    /// Applies in order; stops at the first failure or interrupt. Ctrl-C cancels the running statement.
    /// `running` names the migration in progress while its apply runs (nil between migrations), for the
    /// report of a connection lost part-way.
    func run(_ todo: [PlannedMigration], migrator: Migrator, env: EnvironmentConfig, into report: inout DeployReport,
             running: inout String?) throws {
        for (i, planned) in todo.enumerated() {
            progress("applying \(i + 1)/\(todo.count) \(planned.migration.name) …")
            running = planned.migration.name
            // Ctrl-C: stop the migration (sticky, even between statements) and every other statement in flight,
            // such as the shadow replay warming the post-deploy check, which would otherwise be waited for.
            let settings = MigrationSettings.parse(planned.migration.sql)
            let outcome = try Interrupts.redirect(to: { migrator.cancel(); ConnectionRegistry.shared.cancelAll() }) {
                try migrator.apply(name: planned.migration.name, checksum: planned.migration.checksum,
                                   source: .sql(planned.migration.sql), transactional: planned.transactional,
                                   timeouts: MigrationTimeouts(lock: settings.lockTimeout, statement: settings.statementTimeout))
            }
            running = nil   // not on a throw: the caller reports the migration a lost connection interrupted
            switch outcome {
            case let .applied(ms):
                report.applied.append(planned.migration.name)
                audit(env, action: .apply, migrations: [planned.migration.name], outcome: .applied, durationMs: ms)
            case let .failed(failure):
                report.failed = failure
                audit(env, action: .apply, migrations: [planned.migration.name], outcome: .failed,
                      detail: "SQLSTATE \(failure.sqlstate ?? "?"): \(failure.message)")
                return
            case let .cancelled(failure):
                report.interrupted = true
                report.failed = failure.rolledBackCleanly ? nil : failure
                audit(env, action: .apply, migrations: [planned.migration.name], outcome: .interrupted,
                      detail: failure.message)
                return
            }
        }
    }

    func backup(_ env: EnvironmentConfig, conn: PGConnection, to directory: String) throws -> BackupResult {
        progress("writing a backup of \(env.name) to \(directory) (pg_dump -Fc) …")
        let path = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        return try Backup.dump(conninfo: env.url, environment: env.name, to: path, serverVersion: conn.serverVersion)
    }

    /// `10 s`, `1.5 s`, `300 ms`.
    static func seconds(_ value: Double) -> String {
        if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
