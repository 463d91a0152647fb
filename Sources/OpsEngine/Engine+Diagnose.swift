import OpsCore
import OpsPlaybooks
import OpsPostgres
import OpsWorkspace

extension Engine {
    /// `diagnose ENV|all`: a check of the environment (and of the ones it is promoted from), the failed
    /// migrations' records and what their SQL left in the live schema, the applied text of modified migrations
    /// found in git, then `DiagnosisBuilder`. Reads only.
    public func diagnose(_ name: String) throws -> Diagnosis {
        var names = name == "all" ? workspace.environments.map(\.name) : [try workspace.environment(named: name).name]
        // The sources a deploy of it depends on (promote_from, transitively).
        var i = 0
        while i < names.count {
            if let source = workspace.environments.first(where: { $0.name == names[i] })?.promoteFrom, !names.contains(source) {
                names.append(source)
            }
            i += 1
        }
        let ordered = workspace.environments.map(\.name).filter(names.contains)
        let reports = try check(ordered)
        var evidence: [String: DiagnosisEvidence] = [:]
        for report in reports { evidence[report.environment] = gather(report) }
        let procedure = try? SOPCatalog.load(workspace).entry(named: "drift-incident")?.sop.get()
        return DiagnosisBuilder.build(scope: name, environments: reports.map(\.facts), evidence: evidence,
                                      procedure: procedure)
    }

    func gather(_ report: CheckReport) -> DiagnosisEvidence {
        guard let r = report.reconciliation, report.error == nil else { return DiagnosisEvidence() }
        var out = DiagnosisEvidence()
        let failed = r.entries.filter { $0.state == .failed }
        if !failed.isEmpty, let env = try? workspace.environment(named: report.environment) {
            let live = try? introspect(try connect(env), env)
            for entry in failed {
                let local = folder.migration(named: entry.name)
                let point = local.map { FailurePoint.read(logs: entry.record?.logs, sql: $0.sql) }
                let found = local.flatMap { m in live.map { ResolveAdvisor.evidence(for: m, live: $0, environment: env.name,
                                                                                    failure: point ?? FailurePoint()) } }
                out.failures.append(.init(migration: entry.name, record: entry.record, evidence: found, failedAtLine: point?.line))
            }
        }
        let git = GitReader(root: workspace.root)
        for entry in r.entries where entry.state == .modified {
            guard let local = folder.migration(named: entry.name), let checksum = entry.record?.checksum else { continue }
            let path = workspace.migrationsDirectory + "/" + entry.name + "/" + MigrationsFolder.scriptName
            if let (commit, text) = git.version(of: path, checksum: checksum) {
                out.modifications.append(.init(migration: entry.name, path: local.path, foundIn: "commit \(commit)",
                                               diff: LineDiff.lines(from: text, to: local.sql)))
            } else {
                out.modifications.append(.init(migration: entry.name, path: local.path, foundIn: nil, diff: []))
            }
        }
        return out
    }
}
