/// Builds one `MigrationScript` from two snapshots; see `SchemaSQL` for the order. Each `emit…` method handles
/// one kind; the sets below say which objects are new, gone, changed or rebuilt.
struct ScriptBuilder {
    let a: SchemaSnapshot
    let b: SchemaSnapshot
    var script = MigrationScript()

    /// Tables (and partitions) dropped, created, or dropped and created again (a new partition key).
    var droppedTables: Set<String> = []
    var createdTables: Set<String> = []
    /// Views and materialized views dropped before the changes and (when `b` has them) created after.
    var rebuiltViews: Set<String> = []
    /// Tables whose columns change in a way views over them cannot survive (type, drop, enum swap).
    var reshapedTables: Set<String> = []
    /// Enums replaced by a new type (a value removed or moved), with the columns converted.
    var swappedEnums: Set<String> = []

    /// Column of `a` → the column of `b` it was renamed to.
    let renames: [String: String]

    /// The differences by kind, in name order, and each side's objects of the small kinds, worked out in one pass
    /// over each side: a 3,000-table schema has 60,000 objects, and copying them all into lists costs more than the
    /// rest of the script. Columns, indexes and constraints of one side are listed only when a rebuild needs them.
    let aSmall: [ObjectKind: [SchemaObject]]
    let bSmall: [ObjectKind: [SchemaObject]]
    let addedByKind: [ObjectKind: [SchemaObject]]
    let removedByKind: [ObjectKind: [SchemaObject]]
    let changedByKind: [ObjectKind: [(SchemaObject, SchemaObject)]]

    static let bigKinds: Set<ObjectKind> = [.column, .index, .constraint]

    /// `comparison`: `SchemaDiff`'s of `a` and `b`, every piece in order (`diff --sql` passes the one it made);
    /// by default one walk of its own.
    init(a: SchemaSnapshot, b: SchemaSnapshot, renames: [String: String] = [:], comparison: [SchemaDiff.Partial]? = nil) {
        self.a = a
        self.b = b
        self.renames = renames
        var added: [ObjectKind: [SchemaObject]] = [:], removed: [ObjectKind: [SchemaObject]] = [:]
        var changed: [ObjectKind: [(SchemaObject, SchemaObject)]] = [:]
        for partial in comparison ?? [SchemaDiff.comparison(a, b)] {
            for pair in partial.changed { changed[pair.0.kind, default: []].append(pair) }
            for object in partial.leftOnly { removed[object.kind, default: []].append(object) }
            for object in partial.rightOnly { added[object.kind, default: []].append(object) }
        }
        var aSmall: [ObjectKind: [SchemaObject]] = [:], bSmall: [ObjectKind: [SchemaObject]] = [:]
        for kind in ObjectKind.allCases where !Self.bigKinds.contains(kind) {
            aSmall[kind] = Array(a.objects(of: kind))
            bSmall[kind] = Array(b.objects(of: kind))
        }
        func byName(_ list: [SchemaObject]) -> [SchemaObject] { list.sorted { $0.name < $1.name } }
        addedByKind = added.mapValues(byName)
        removedByKind = removed.mapValues(byName)
        changedByKind = changed.mapValues { $0.sorted { $0.0.name < $1.0.name } }
        self.aSmall = aSmall.mapValues(byName)
        self.bSmall = bSmall.mapValues(byName)
    }

    // MARK: - Set algebra

    /// A side's objects of one kind: in name order, except the big kinds (columns, indexes, constraints: tens of
    /// thousands, only ever filtered), which come in the snapshot's order — sort what the filter keeps.
    func inA(_ kind: ObjectKind) -> [SchemaObject] { Self.bigKinds.contains(kind) ? Array(a.objects(of: kind)) : aSmall[kind] ?? [] }
    func inB(_ kind: ObjectKind) -> [SchemaObject] { Self.bigKinds.contains(kind) ? Array(b.objects(of: kind)) : bSmall[kind] ?? [] }

    func removed(_ kind: ObjectKind) -> [SchemaObject] { removedByKind[kind] ?? [] }
    func added(_ kind: ObjectKind) -> [SchemaObject] { addedByKind[kind] ?? [] }
    /// Present on both sides with different fields: (a's, b's).
    func changed(_ kind: ObjectKind) -> [(SchemaObject, SchemaObject)] { changedByKind[kind] ?? [] }

    /// A table or partition `b` has.
    func isTableInB(_ name: String) -> Bool { b[.table, name] != nil || b[.partition, name] != nil }
    func isTableInA(_ name: String) -> Bool { a[.table, name] != nil || a[.partition, name] != nil }

    /// A relation that exists on both sides and is neither dropped nor rebuilt: its children change one by one.
    func isKept(_ table: String) -> Bool {
        isTableInA(table) && isTableInB(table) && !droppedTables.contains(table) && !createdTables.contains(table)
    }

    /// Partitioned in `b`: indexes cannot be built CONCURRENTLY on it, nor foreign keys added NOT VALID.
    func isPartitioned(_ table: String) -> Bool {
        b[.table, table]?.fields["partition_key"] != nil || b[.partition, table]?.fields["partition_key"] != nil
    }

    mutating func tx(_ sql: String, loses: String? = nil, guard condition: String? = nil, clearFirst: String? = nil,
                     drops: ObjectKey? = nil) {
        script.transactional.append(.init(sql, loses: loses, guard: condition, clearFirst: clearFirst, drops: drops))
    }

    /// `'public."Users"'::regclass`, for a guard.
    func regclass(_ name: String) -> String { SchemaSQL.literal(SchemaSQL.sql(name)) + "::regclass" }

    // MARK: - The whole script

    mutating func build() {
        planTables()
        planEnums()
        planViews()
        emitEnumValues()
        // Drops, dependents first.
        emitDrops(.trigger) { "DROP TRIGGER \(SchemaSQL.local($0.name, in: $0.parent!)) ON \(SchemaSQL.sql($0.parent!))" }
        emitDrops(.policy) { "DROP POLICY \(SchemaSQL.local($0.name, in: $0.parent!)) ON \(SchemaSQL.sql($0.parent!))" }
        emitPrivilegeRevokes()
        emitViewDrops()
        emitConstraintDrops(foreignKeys: true)
        emitConstraintDrops(foreignKeys: false)
        emitIndexDrops()
        // Types and sequences the new tables use.
        emitSchemasAndExtensions()
        emitCollations()
        emitEnums()
        emitDomains()
        emitCompositeTypes()
        emitSequences()
        emitFunctions(plpgsql: true)
        // Tables, partitions, columns.
        emitPartitionDetaches()
        emitColumnDrops()
        emitTableDrops()
        emitTableCreates()
        emitPartitionCreates()
        emitColumnChanges()
        emitTableSettings()
        emitSequenceOwners()
        emitLateDrops()
        // What depends on the tables.
        emitConstraintAdds(foreignKeys: false)
        emitConstraintAdds(foreignKeys: true)
        emitIndexCreates()
        emitFunctions(plpgsql: false)
        emitViewCreates()
        emitTriggers()
        emitPolicies()
        emitPrivilegeGrants()
    }

    /// Drops of a kind that goes or changes (changed ones are created again later); a dropped table takes its
    /// own with it.
    mutating func emitDrops(_ kind: ObjectKind, _ statement: (SchemaObject) -> String) {
        let redefined = changed(kind).filter { kind != .trigger || $0.0.fields["definition"] != $0.1.fields["definition"] }
        for object in removed(kind) + redefined.map(\.0) {
            guard let parent = object.parent, !droppedTables.contains(parent), !rebuiltViews.contains(parent) else { continue }
            tx(statement(object))
        }
    }

    // MARK: - Tables: which are dropped, created, rebuilt

    mutating func planTables() {
        for t in inA(.table) + inA(.partition) where !isTableInB(t.name) { droppedTables.insert(t.name) }
        for t in inB(.table) + inB(.partition) where !isTableInA(t.name) { createdTables.insert(t.name) }
        // A table that becomes partitioned (or stops being) cannot be altered into it: rebuilt, its data lost.
        for (old, new) in changed(.table) where old.fields["partition_key"] != new.fields["partition_key"] {
            droppedTables.insert(old.name)
            createdTables.insert(old.name)
        }
        // Dropping a partitioned table drops its partitions: those `b` keeps are created again.
        var grew = true
        while grew {
            grew = false
            for p in inB(.partition) where a[.partition, p.name] != nil && !createdTables.contains(p.name) {
                if let parent = p.fields["of"], createdTables.contains(parent) && droppedTables.contains(parent) {
                    droppedTables.insert(p.name)
                    createdTables.insert(p.name)
                    grew = true
                }
            }
        }
        // A table that becomes a partition (or a partition that becomes a table) is attached (detached), not rebuilt.
        for t in inA(.table) where b[.partition, t.name] != nil { droppedTables.remove(t.name); createdTables.remove(t.name) }
        for t in inA(.partition) where b[.table, t.name] != nil { droppedTables.remove(t.name); createdTables.remove(t.name) }
        for (old, new) in changed(.column) where old.fields["type"] != new.fields["type"]
            || old.fields["collation"] != new.fields["collation"] || old.fields["generated"] != new.fields["generated"] {
            if let t = old.parent { reshapedTables.insert(t) }
        }
        for c in removed(.column) { if let t = c.parent { reshapedTables.insert(t) } }
        reshapedTables.formUnion(droppedTables)
    }
}
