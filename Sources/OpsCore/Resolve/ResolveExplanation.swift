/// The paragraph `resolve` prints above its recommendation: what holds, what does not, what to run.
struct ResolveExplanation {
    let items: [ResolveEvidence.Item]
    let environment: String
    let compensatingSQL: [String]
    let unverifiable: [ObjectReference]
    /// Statements (line, summary) that change data rather than objects and may not have run, although every
    /// object exists: the migration is then not complete.
    var unfinished: [(line: Int, summary: String)] = []
    /// The line the logs say the run failed at.
    var failedAtLine: Int?

    init(items: [ResolveEvidence.Item], environment: String, compensatingSQL: [String], unverifiable: [ObjectReference]) {
        self.items = items
        self.environment = environment
        self.compensatingSQL = compensatingSQL
        self.unverifiable = unverifiable
    }

    func text(_ recommendation: ResolveEvidence.Recommendation) -> String {
        let body: String
        switch recommendation {
        case .applied: body = "\(all) (\(names(items))): it completed. Mark it with `--applied`."
        case .partial where !unfinished.isEmpty: body = dataStepUnfinished
        case .rolledBack:
            body = "\(none) (\(names(items))): it left nothing behind. Mark it with `--rolled-back`; "
                + "the next deploy applies it again."
        case .partial: body = partial
        case .unknown:
            body = "No statement of this migration names an object that can be checked (only DO blocks, data "
                + "changes or statements not understood); compare with `evermed-ops diff \(environment) migrations` "
                + "before choosing `--applied` or `--rolled-back`."
        }
        guard !unverifiable.isEmpty else { return body }
        return body + " Changes to existing objects (\(names(unverifiable.map { ResolveEvidence.Item(reference: $0, present: true) })))"
            + " cannot be checked by name."
    }

    /// Every object exists, but the run stopped before statements whose effect the catalog cannot show.
    private var dataStepUnfinished: String {
        let steps = listNames(unfinished.map { "line \($0.line): \($0.summary)" })
        let first = unfinished[0].line
        let cleanup = compensatingSQL.isEmpty ? "undo what it did" : "remove the leftovers (\(compensatingSQL.joined(separator: " ")))"
        let why = failedAtLine.map { "the run failed at line \($0), and the statements from there on (\(steps)) may not have run" }
            ?? "the logs do not say where the run failed, and after the last object it creates it changes data "
                + "(\(steps)), which the catalog cannot show"
        return "\(all) (\(names(items))), but \(why): existing objects do not mean it completed. Run the statements "
            + "from line \(first) by hand and then `--applied`, or \(cleanup) and run `--rolled-back` so the next deploy "
            + "applies it again."
    }

    private var onlyCreations: Bool { items.allSatisfy { $0.reference.action == .created } }

    private var all: String {
        onlyCreations ? (items.count == 1 ? "The object this migration creates exists in \(environment)"
                                          : "All \(items.count) objects this migration creates exist in \(environment)")
                      : "All \(items.count) effects of this migration are in place in \(environment)"
    }

    private var none: String {
        onlyCreations ? (items.count == 1 ? "The object this migration creates does not exist in \(environment)"
                                          : "None of the \(items.count) objects this migration creates exist in \(environment)")
                      : "None of the \(items.count) effects of this migration are in place in \(environment)"
    }

    private var partial: String {
        let held = items.filter(\.present), missing = items.filter { !$0.present }
        let counts = onlyCreations
            ? "\(held.count) of \(items.count) objects this migration creates exist in \(environment)"
            : "\(held.count) of \(items.count) effects of this migration are in place in \(environment)"
        let absent = onlyCreations
            ? "\(names(missing)) \(missing.count == 1 ? "is" : "are") missing"
            : "not in place: " + listNames(missing.map { "\($0.reference.name) (\(state($0)))" })
        let cleanup = compensatingSQL.isEmpty ? "undo what it did" : "remove the leftovers (\(compensatingSQL.joined(separator: " ")))"
        return "\(counts) (\(names(held))); \(absent). The migration stopped part-way: \(cleanup) and run "
            + "`--rolled-back`, or finish it by hand and run `--applied`."
    }

    private func state(_ item: ResolveEvidence.Item) -> String {
        item.reference.action == .dropped ? "still exists" : "missing"
    }

    private func names(_ items: [ResolveEvidence.Item]) -> String { listNames(items.map(\.reference.name)) }
}
