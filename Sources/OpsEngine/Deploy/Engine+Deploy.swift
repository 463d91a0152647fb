import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `deploy ENV`: plan = ENV's pending migrations in name order; every gate is checked before anything is
    /// written; then, under Prisma's advisory lock, each migration runs in one transaction with its history row
    /// (or statement by statement, Prisma-style, when it cannot run in one), stopping at the first failure.
    ///
    /// The gates are evaluated under the lock (as Prisma does), so the history, the drift check and the gates
    /// describe a database no other deployer is changing: one that waited for the lock then finds nothing
    /// left to do, instead of seeing another deploy half-way and mistaking it for drift. An operator is asked
    /// before the lock is taken (nobody else waits while they read the plan); if the plan then differs from
    /// the one approved, nothing is applied.
    public func deploy(_ name: String, options: DeployOptions, approve: Approver) throws -> DeployReport {
        let env = try workspace.environment(named: name)
        guard !options.dryRun else { return try evaluate(env, options: options) }
        var approved: [String]?
        if options.interactive {
            let preview = try evaluate(env, options: options)
            if preview.refused != nil || preview.upToDate { return preview }
            if let refusal = approval(preview.plan, env, options, approve) { return refuse(preview, refusal, env) }
            approved = preview.plan.names
        }
        let conn = try connect(env)
        // Kill -9 of this process mid-statement: the server notices, aborts the statement, ends the session.
        try? conn.checkClientConnection(everyMilliseconds: 1000)
        if let refusal = try lock(conn, env) {
            let empty = DeployPlan(environment: env.name, migrations: [])
            return refuse(DeployReport(environment: env.name, target: target(env), dryRun: false, plan: empty,
                                       before: facts(env)), refusal, env)
        }
        defer { _ = try? MigrationLock.release(conn) }
        let report = try evaluate(env, options: options)
        if report.refused != nil || report.upToDate { return report }
        if let approved, approved != report.plan.names {
            return refuse(report, GateRefusal(gate: .confirmation, message: "The plan changed while you were "
                + "confirming (another deploy ran?): it is now \(report.plan.names.joined(separator: ", ")). Nothing was applied.",
                fix: "evermed-ops deploy \(env.name)"), env)
        }
        if approved == nil, let refusal = approval(report.plan, env, options, approve) { return refuse(report, refusal, env) }
        return try apply(report, env, conn: conn, options: options)
    }

    /// `check` of ENV (and of its promote_from environment), the plan, and the gates' verdict.
    func evaluate(_ env: EnvironmentConfig, options: DeployOptions) throws -> DeployReport {
        let before = try readable(checkOne(env))
        let promote = try env.promoteFrom.map { checkOne(try workspace.environment(named: $0)).facts }
        let history = before.reconciliation!
        let linter = history.toApply.isEmpty ? nil : try linter(for: env, conn: try connect(env))
        let plan = DeployPlan.make(environment: env.name, reconciliation: history, folder: folder.migrations,
                                   linter: linter)
        var report = DeployReport(environment: env.name, target: target(env), dryRun: options.dryRun, plan: plan,
                                  before: before.facts)
        // Typing a protected environment's name, on a question that names the hazards, accepts them.
        let typed = options.interactive && rule(env, options).verdict == .ask(.typeName(env.name))
        let gates = GateInput(target: before.facts, promoteFrom: promote, plan: plan, allowDrift: options.allowDrift,
                              folder: folder.migrations, acceptHazards: options.acceptHazards || typed)
        if let refusal = DeployGates.evaluate(gates) {
            report = refuse(report, refusal, env)
        } else if plan.isEmpty {
            report.upToDate = true
        }
        return report
    }

    /// The linter for migrations bound for `env`, weighing hazards by its tables (one catalog round trip):
    /// deploy's plan, `lint --pending/--env` and `fix` all use this one.
    func linter(for env: EnvironmentConfig, conn: PGConnection) throws -> MigrationLinter {
        do {
            let context = try LintCatalog.read(conn, environment: env.name, settings: workspace.lint)
            return MigrationLinter(context: context, settings: workspace.lint, deployLockTimeout: env.lockTimeout)
        } catch let error as PGError {
            throw EngineError.database(environment: env.name, target: target(env), error)
        }
    }

    func rule(_ env: EnvironmentConfig, _ options: DeployOptions) -> ConfirmationRule {
        ConfirmationRule(environment: env.name, isProtected: env.protected, interactive: options.interactive,
                         yes: options.yes, confirmName: options.confirmName)
    }

    /// A check whose environment could not be read is an error of the command (exit 2), not a gate.
    func readable(_ report: CheckReport) throws -> CheckReport {
        if let error = report.error { throw EngineError.unreadable(environment: report.environment, message: error) }
        return report
    }

    /// The confirmation every change needs (`ConfirmationRule`), then the backup gate of protected environments.
    func approval(_ plan: DeployPlan, _ env: EnvironmentConfig, _ options: DeployOptions,
                  _ approve: Approver) -> GateRefusal? {
        let count = plan.migrations.count == 1 ? "1 migration" : "\(plan.migrations.count) migrations"
        let backupGiven = options.confirmBackup || options.backupTo != nil
        let rule = rule(env, options)
        let backupFlag = env.protected && !backupGiven ? ["--backup-to DIR"] : []
        switch rule.verdict {
        case .proceed:
            guard env.protected, !backupGiven else { return nil }
            return GateRefusal(gate: .backup, message: "\(env.name) is protected and nobody confirmed that a backup exists.",
                               fix: Engine.command("deploy \(env.name)", options: ["--yes", "--confirm \(env.name)", "--backup-to DIR"])
                                   + "   (pg_dump -Fc first), or --confirm-backup if you have one")
        case let .refuse(reason, missing):
            return GateRefusal(gate: .confirmation, message: reason + (backupFlag.isEmpty ? "" : " It also needs a backup."),
                               fix: Engine.command("deploy \(env.name)", options: missing + backupFlag)
                                   + (backupFlag.isEmpty ? "" : "   (pg_dump -Fc first), or --confirm-backup if you have one"))
        case .ask(.typeName):
            let title = "Deploy \(count) to \(env.name) (\(target(env))). \(env.name) is protected: confirm that a "
                + "backup exists" + (options.backupTo.map { " (one will be written to \($0) first)" } ?? "")
                + " by typing the environment's name." + accepting(plan.errorHazards, options)
            if approve(title, plan, .typeName(env.name)) { return nil }
            return GateRefusal(gate: .confirmation, message: "The name typed did not match \(env.name); nothing was changed.",
                               fix: nil)
        case .ask(.yesNo):
            if approve("Deploy \(count) to \(env.name) (\(target(env)))?", plan, .yesNo) { return nil }
            return GateRefusal(gate: .confirmation, message: "Not confirmed; nothing was changed.", fix: nil)
        }
    }

    /// The typed confirmation's sentence about lint errors it accepts (empty when there are none).
    func accepting(_ errors: [LintFinding], _ options: DeployOptions) -> String {
        guard !errors.isEmpty, !options.acceptHazards else { return "" }
        let shown = errors.prefix(3).map { "\($0.rule.rawValue), \($0.migration) line \($0.line)" }.joined(separator: "; ")
        return " Lint found \(Plural.count(errors.count, "error")) (\(shown)\(errors.count > 3 ? "; …" : "")): "
            + "typing the name also accepts \(errors.count == 1 ? "it" : "them"), and the audit log records it."
    }

    /// `evermed-ops VERB ENV --flag …`: a command the tool suggests, with each flag once.
    static func command(_ verbAndArguments: String, options: [String]) -> String {
        (["evermed-ops", verbAndArguments] + options).joined(separator: " ")
    }

    func refuse(_ report: DeployReport, _ refusal: GateRefusal, _ env: EnvironmentConfig) -> DeployReport {
        var report = report
        report.refused = refusal
        audit(env, action: .refused, migrations: report.plan.names, outcome: .refused, gate: refusal.gate.rawValue,
              detail: refusal.message)
        return report
    }
}
