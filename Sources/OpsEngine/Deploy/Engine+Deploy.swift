import Foundation
import OpsCore
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `deploy ENV`: plan = ENV's pending migrations in name order; every gate is checked before anything is
    /// written; then, under Prisma's advisory lock, each migration runs in one transaction with its history row
    /// (or statement by statement, Prisma-style, when it cannot run in one), stopping at the first failure.
    public func deploy(_ name: String, options: DeployOptions, approve: Approver) throws -> DeployReport {
        let env = try workspace.environment(named: name)
        let before = try readable(checkOne(env))
        let promote = try env.promoteFrom.map { checkOne(try workspace.environment(named: $0)).facts }
        let plan = DeployPlan.make(environment: env.name, reconciliation: before.reconciliation!,
                                   folder: folder.migrations)
        var report = DeployReport(environment: env.name, target: target(env), dryRun: options.dryRun, plan: plan,
                                  before: before.facts)
        let gates = GateInput(target: before.facts, promoteFrom: promote, plan: plan, allowDrift: options.allowDrift,
                              folder: folder.migrations)
        if let refusal = DeployGates.evaluate(gates) { return refuse(report, refusal, env) }
        if plan.isEmpty {
            report.upToDate = true
            return report
        }
        if options.dryRun { return report }
        if let refusal = approval(plan, env, options, approve) { return refuse(report, refusal, env) }
        return try apply(report, env, options: options, gates: gates)
    }

    /// A check whose environment could not be read is an error of the command (exit 2), not a gate.
    func readable(_ report: CheckReport) throws -> CheckReport {
        if let error = report.error { throw EngineError.unreadable(environment: report.environment, message: error) }
        return report
    }

    /// The backup gate of protected environments and the confirmation of the others.
    func approval(_ plan: DeployPlan, _ env: EnvironmentConfig, _ options: DeployOptions,
                  _ approve: Approver) -> GateRefusal? {
        let count = plan.migrations.count == 1 ? "1 migration" : "\(plan.migrations.count) migrations"
        if env.protected {
            if options.interactive {
                let title = "Deploy \(count) to \(env.name) (\(target(env))). \(env.name) is protected: confirm that a "
                    + "backup exists" + (options.backupTo.map { " (one will be written to \($0) first)" } ?? "")
                    + " by typing the environment's name."
                if approve(title, plan, .typeName(env.name)) { return nil }
                return GateRefusal(gate: .confirmation, message: "The name typed did not match \(env.name); nothing was changed.",
                                   fix: nil)
            }
            if options.confirmBackup || options.backupTo != nil { return nil }
            return GateRefusal(gate: .backup, message: "\(env.name) is protected and this run is not interactive, so "
                + "nobody confirmed a backup.",
                fix: "evermed-ops deploy \(env.name) --backup-to DIR   (pg_dump -Fc first), or --confirm-backup if you have one")
        }
        if options.yes { return nil }
        if options.interactive {
            if approve("Deploy \(count) to \(env.name) (\(target(env)))?", plan, .yesNo) { return nil }
            return GateRefusal(gate: .confirmation, message: "Not confirmed; nothing was changed.", fix: nil)
        }
        return GateRefusal(gate: .confirmation, message: "Deploying to \(env.name) needs a confirmation and this run "
            + "is not interactive.", fix: "evermed-ops deploy \(env.name) --yes")
    }

    func refuse(_ report: DeployReport, _ refusal: GateRefusal, _ env: EnvironmentConfig) -> DeployReport {
        var report = report
        report.refused = refusal
        audit(env, action: .refused, migrations: report.plan.names, outcome: .refused, gate: refusal.gate.rawValue,
              detail: refusal.message)
        return report
    }
}
