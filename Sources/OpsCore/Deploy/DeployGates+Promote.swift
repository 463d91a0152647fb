/// The promotion gate: an environment with `promote_from` only gets migrations its source environment
/// has already applied, on a source whose schema matches its history (so the rehearsal meant something).
extension DeployGates {
    static func promoteFromBehind(_ input: GateInput) -> GateRefusal? {
        guard let source = input.target.promoteFrom ?? input.promoteFrom?.name else { return nil }
        let env = input.target.name
        let check = "evermed-ops check \(source)"
        guard let facts = input.promoteFrom, facts.name == source else {
            return GateRefusal(gate: .promoteFromBehind,
                               message: "\(env) is promoted from \(source), whose state was not read.", fix: check)
        }
        if let error = facts.error {
            return GateRefusal(gate: .promoteFromBehind,
                               message: "Cannot confirm that \(source) has these migrations: \(source) could not be read: \(error)",
                               fix: check)
        }
        guard let history = facts.reconciliation else {
            return GateRefusal(gate: .promoteFromBehind,
                               message: "\(env) is promoted from \(source), whose migration history was not read.", fix: check)
        }
        return notAppliedAtSource(input.plan, env: env, source: source, history)
            ?? sourceDrift(facts, env: env)
    }

    static func notAppliedAtSource(_ plan: DeployPlan, env: String, source: String,
                                   _ history: HistoryReconciliation) -> GateRefusal? {
        let behind = plan.names.compactMap { name -> String? in
            let state = history.state(of: name)
            guard state != .applied else { return nil }
            return "\(name) (\(state?.rawValue ?? "unknown there"))"
        }
        guard !behind.isEmpty else { return nil }
        return GateRefusal(gate: .promoteFromBehind,
                           message: "Deploy to \(source) first: \(listNames(behind)) "
                               + "\(behind.count == 1 ? "is" : "are") not applied there; "
                               + "\(env) only gets migrations \(source) has run.",
                           fix: "evermed-ops deploy \(source)")
    }

    static func sourceDrift(_ facts: EnvironmentFacts, env: String) -> GateRefusal? {
        guard let drift = facts.drift else {
            return GateRefusal(gate: .promoteFromBehind,
                               message: "\(facts.name)'s drift was not computed, so it cannot vouch for these migrations.",
                               fix: "evermed-ops check \(facts.name)")
        }
        guard !drift.isEmpty else { return nil }
        return GateRefusal(gate: .promoteFromBehind,
                           message: "\(facts.name)'s live schema differs from its migration history (\(describe(drift))), "
                               + "so having run these migrations there does not show what they do to \(env).",
                           fix: "evermed-ops fix \(facts.name) (it writes the migration that reconciles \(facts.name)), then deploy it there")
    }
}
