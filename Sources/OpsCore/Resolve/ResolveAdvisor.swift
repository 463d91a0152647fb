/// Decides, from the live catalog, how a failed migration should be resolved: it lists what the
/// migration's SQL creates, drops and renames, checks which of those end states hold in the live
/// schema, and recommends `--applied`, `--rolled-back`, or cleaning up first. Prisma's own `resolve`
/// marks whatever it is told; this is the evidence to tell it the right thing.
public enum ResolveAdvisor {
    /// - Parameter failure: where the failed run stopped (from its logs). Objects say nothing about data
    ///   statements: when the failing statement — or any statement after it — changes data rather than
    ///   objects, "every object exists" does not mean the migration completed.
    public static func evidence(for migration: LocalMigration, live: SchemaSnapshot,
                                environment: String = "the live database",
                                failure: FailurePoint = FailurePoint()) -> ResolveEvidence {
        let statements = SQLScript(migration.sql).executable
        let perStatement = statements.map { statement in
            var reader = ReferenceReader(TokenCursor.head(of: statement.text), schema: "public")
            return reader.read()
        }
        let (effects, unverifiable) = netEffects(perStatement.flatMap { $0 })
        let items = effects.map { ResolveEvidence.Item(reference: $0, present: holds($0, in: live)) }
        var recommendation = recommend(items)
        var unfinished: [SQLScript.Statement] = []
        if recommendation == .applied {
            unfinished = uncheckable(statements, perStatement, failedAt: failure.line)
            if !unfinished.isEmpty { recommendation = .partial }
        }
        let sql = recommendation == .partial ? CompensatingSQL.statements(for: items, live: live) : []
        var explanation = ResolveExplanation(items: items, environment: environment, compensatingSQL: sql,
                                             unverifiable: unverifiable)
        explanation.unfinished = unfinished.map { ($0.line, StatementClassifier.classify($0).summary) }
        explanation.failedAtLine = failure.line
        return ResolveEvidence(items: items, recommendation: recommendation, explanation: explanation.text(recommendation),
                               compensatingSQL: sql, unverifiable: unverifiable)
    }

    /// The statements that may not have run although every object exists:
    /// - when the logs say which statement failed: that one and every one after it — unless it is the last
    ///   statement and its own objects are there (someone finished it by hand);
    /// - otherwise: the data statements (no object created, changed or dropped: UPDATE, INSERT, DO …) after
    ///   the last statement whose objects can be checked — a run that reached a checkable statement ran the
    ///   ones before it.
    static func uncheckable(_ statements: [SQLScript.Statement], _ references: [[ObjectReference]],
                            failedAt line: Int?) -> [SQLScript.Statement] {
        if let line, let failing = statements.lastIndex(where: { $0.line <= line }) {
            let decisive = references[failing].contains { $0.action != .altered }
            if failing == statements.count - 1 && decisive { return [] }
            return Array(statements[failing...])
        }
        let from = (references.lastIndex { !$0.isEmpty } ?? -1) + 1
        return (from..<statements.count).filter { references[$0].isEmpty }.map { statements[$0] }
    }

    static func recommend(_ items: [ResolveEvidence.Item]) -> ResolveEvidence.Recommendation {
        if items.isEmpty { return .unknown }
        if items.allSatisfy(\.present) { return .applied }
        return items.contains(where: \.present) ? .partial : .rolledBack
    }

    /// The end state per object: the last decisive reference wins; an object created and dropped again
    /// in the same file proves nothing and is left out (with its columns); renaming an object the file created carries
    /// the creation to the new name. ALTERs are returned apart: they cannot be checked by name.
    static func netEffects(_ refs: [ObjectReference]) -> ([ObjectReference], [ObjectReference]) {
        var order: [ObjectKey] = [], last: [ObjectKey: ObjectReference] = [:], first: [ObjectKey: ObjectReference.Action] = [:]
        var altered: [ObjectReference] = []
        for ref in refs {
            if ref.action == .altered { altered.append(ref); continue }
            if ref.action == .renamed, let from = ref.renamedFrom, first[ObjectKey(ref.kind, from)] == .created {
                let old = ObjectKey(ref.kind, from)
                order.removeAll { $0 == old }
                last[old] = nil
            }
            let key = ObjectKey(ref.kind, ref.name)
            if last[key] == nil { order.append(key); first[key] = first[key] ?? ref.action }
            last[key] = ref
        }
        let transient = Set(order.filter { first[$0] == .created && last[$0]!.action == .dropped })
        let transientTables = transient.filter { $0.kind == .table }.map { $0.name + "." }
        let effects = order.filter { key in
            !transient.contains(key) && !transientTables.contains { key.name.hasPrefix($0) }
        }.map { last[$0]! }
        let known = Set(effects.map { ObjectKey($0.kind, $0.name) })
        var seen = Set<ObjectKey>()
        let unverifiable = altered.filter { !known.contains(ObjectKey($0.kind, $0.name)) && seen.insert(ObjectKey($0.kind, $0.name)).inserted }
        return (effects, unverifiable)
    }

    static func holds(_ ref: ObjectReference, in live: SchemaSnapshot) -> Bool {
        let exists = liveObject(ref, in: live) != nil
        return ref.action == .dropped ? !exists : exists
    }

    /// The live object a reference names. Indexes that back a constraint appear as that constraint; an
    /// index named without its table (`schema.index`) matches in any table of the schema; a function
    /// matches any overload of its name (argument types are rendered differently by the server).
    static func liveObject(_ ref: ObjectReference, in live: SchemaSnapshot) -> SchemaObject? {
        switch ref.kind {
        case .index:
            let parts = ref.name.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3 { return live[.index, ref.name] ?? live[.constraint, ref.name] }
            guard parts.count == 2 else { return nil }
            return first(in: live) { o in
                let p = o.name.split(separator: ".", omittingEmptySubsequences: false)
                return (o.kind == .index || o.kind == .constraint) && p.count == 3 && p[0] == parts[0] && p[2] == parts[1]
            }
        case .function:
            let base = ref.name.prefix { $0 != "(" } + "("
            return first(in: live) { $0.kind == .function && $0.name.hasPrefix(base) }
        default:
            return live[ref.kind, ref.name]
        }
    }

    /// The first match in (kind, name) order, without sorting the whole snapshot.
    private static func first(in live: SchemaSnapshot, where match: (SchemaObject) -> Bool) -> SchemaObject? {
        live.all.filter(match).min { $0.key < $1.key }
    }
}
