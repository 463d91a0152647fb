/// The rules about the working copy (git) and the guided session.

/// Migration files that are not committed: pushing now ships code without the migration it needs.
public struct UncommittedMigrationRule: AdviceRule {
    public let id = "uncommitted_migration"
    public init() {}

    public func advise(_ p: ProjectFacts) -> [Advice] {
        guard let git = p.git, git.unavailable == nil, !git.migrationChanges.isEmpty else { return [] }
        let files = git.migrationChanges.map { String($0.dropFirst(3)) }
        return [Advice(.blocking, "\(plural(files.count, "migration file")) not committed: \(listNames(files.map(VisibleText.line)))",
                       hint: "commit \(files.count == 1 ? "it" : "them") together with the schema change (git add, git commit)")]
    }
}

/// The schema file changed after the newest migration, with no migration to go with it.
public struct SchemaWithoutMigrationRule: AdviceRule {
    public let id = "schema_without_migration"
    public init() {}

    public func advise(_ p: ProjectFacts) -> [Advice] {
        guard let git = p.git, git.schemaChangedWithoutMigration == true else { return [] }
        let schema = git.schemaPath ?? "the schema file"
        return [Advice(.warning, "\(VisibleText.line(schema)) changed after the newest migration, and no migration goes with it",
                       command: "sop start database-changes",
                       hint: "or create it: npx prisma migrate dev --create-only --name what_changed")]
    }
}

/// Commits not pushed (or a branch with no upstream).
public struct UnpushedRule: AdviceRule {
    public let id = "unpushed"
    public init() {}

    public func advise(_ p: ProjectFacts) -> [Advice] {
        guard let git = p.git, git.unavailable == nil, let branch = git.branch, branch != "HEAD" else { return [] }
        guard let upstream = git.upstream else {
            return [Advice(.info, "branch \(VisibleText.line(branch)) has no upstream", command: "preflight",
                           hint: "then git push -u origin \(VisibleText.line(branch))")]
        }
        guard git.ahead > 0 else { return [] }
        return [Advice(.info, "\(VisibleText.line(branch)) is \(plural(git.ahead, "commit")) ahead of \(VisibleText.line(upstream))",
                       command: "preflight", hint: "then git push")]
    }
}

/// A guided session is unfinished.
public struct SOPInProgressRule: AdviceRule {
    public let id = "sop_in_progress"
    public init() {}

    public func advise(_ p: ProjectFacts) -> [Advice] {
        guard let s = p.session, s.isActive else { return [] }
        return [Advice(.info, "the \(s.sop) session is at step \(s.step)/\(s.steps), “\(VisibleText.line(s.stepTitle))”",
                       command: p.sessionPaused ? "sop resume" : "sop next")]
    }
}
