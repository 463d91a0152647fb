/// Drafts the SQL that removes a partial migration's leftovers, so `--rolled-back` leaves the database
/// as it was and the next deploy can run the file again. Text only: `resolve` shows it, never runs it.
enum CompensatingSQL {
    /// Leftovers (created objects that exist, renames that happened), undone in reverse order so that
    /// dependents go first; children of a leftover table go with it.
    static func statements(for items: [ResolveEvidence.Item], live: SchemaSnapshot) -> [String] {
        let created = items.filter { $0.present && $0.reference.action == .created }
            .compactMap { ResolveAdvisor.liveObject($0.reference, in: live) }
        let leftoverTables = Set(created.filter { $0.kind == .table }.map(\.name))
        var out: [String] = []
        for item in items.reversed() where item.present {
            let ref = item.reference
            if ref.action == .renamed, let from = ref.renamedFrom, let sql = renameBack(ref, to: from) { out.append(sql) }
            guard ref.action == .created, let object = ResolveAdvisor.liveObject(ref, in: live) else { continue }
            if let parent = object.parent, leftoverTables.contains(parent) { continue }
            if let sql = drop(object), !out.contains(sql) { out.append(sql) }
        }
        return out
    }

    static func drop(_ object: SchemaObject) -> String? {
        let base = object.name.prefix { $0 != "(" }
        let p = base.split(separator: ".", omittingEmptySubsequences: false)
        let q = SQLIdentifier.qualified
        switch (object.kind, p.count) {
        case (.table, 2): return "DROP TABLE IF EXISTS \(q(p));"
        case (.view, 2): return "DROP VIEW IF EXISTS \(q(p));"
        case (.materializedView, 2): return "DROP MATERIALIZED VIEW IF EXISTS \(q(p));"
        case (.sequence, 2): return "DROP SEQUENCE IF EXISTS \(q(p));"
        case (.enum, 2): return "DROP TYPE IF EXISTS \(q(p));"
        case (.function, 2): return "DROP FUNCTION IF EXISTS \(q(p))\(object.name.dropFirst(base.count));"
        case (.extension, _): return "DROP EXTENSION IF EXISTS \(q([Substring(object.name)]));"
        case (.schema, _): return "DROP SCHEMA IF EXISTS \(q([Substring(object.name)]));"
        case (.column, 3): return "ALTER TABLE \(q(Array(p[0...1]))) DROP COLUMN IF EXISTS \(q([p[2]]));"
        case (.constraint, 3): return "ALTER TABLE \(q(Array(p[0...1]))) DROP CONSTRAINT IF EXISTS \(q([p[2]]));"
        case (.index, 3): return "DROP INDEX IF EXISTS \(q([p[0], p[2]]));"
        case (.trigger, 3): return "DROP TRIGGER IF EXISTS \(q([p[2]])) ON \(q(Array(p[0...1])));"
        default: return nil
        }
    }

    static func renameBack(_ ref: ObjectReference, to from: String) -> String? {
        let new = ref.name.split(separator: ".", omittingEmptySubsequences: false)
        let old = from.split(separator: ".", omittingEmptySubsequences: false)
        let q = SQLIdentifier.qualified
        guard let oldLast = old.last else { return nil }
        switch (ref.kind, new.count) {
        case (.table, 2): return "ALTER TABLE \(q(new)) RENAME TO \(q([oldLast]));"
        case (.enum, 2): return "ALTER TYPE \(q(new)) RENAME TO \(q([oldLast]));"
        case (.index, 2): return "ALTER INDEX \(q(new)) RENAME TO \(q([oldLast]));"
        case (.column, 3): return "ALTER TABLE \(q(Array(new[0...1]))) RENAME COLUMN \(q([new[2]])) TO \(q([oldLast]));"
        case (.constraint, 3):
            return "ALTER TABLE \(q(Array(new[0...1]))) RENAME CONSTRAINT \(q([new[2]])) TO \(q([oldLast]));"
        default: return nil
        }
    }
}
