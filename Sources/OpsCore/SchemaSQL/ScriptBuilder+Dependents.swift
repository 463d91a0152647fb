/// What depends on tables: constraints, indexes, views, triggers, policies and privileges.
extension ScriptBuilder {
    // MARK: - Constraints

    func isForeignKey(_ c: SchemaObject) -> Bool { c.fields["type"] == "foreign key" }

    mutating func emitConstraintDrops(foreignKeys: Bool) {
        for c in removed(.constraint) + changed(.constraint).map(\.0) where isForeignKey(c) == foreignKeys {
            guard let table = c.parent, !droppedTables.contains(table) else { continue }
            // A foreign key to a table being dropped goes first, even when its own table is rebuilt.
            tx("ALTER TABLE \(SchemaSQL.sql(table)) DROP CONSTRAINT \(SchemaSQL.local(c.name, in: table))")
        }
        // Foreign keys of kept tables that point at a table being rebuilt would block its drop.
        guard foreignKeys, !droppedTables.isEmpty else { return }
        let blocking = inA(.constraint).filter { c in
            guard isForeignKey(c), let table = c.parent, isKept(table), let target = referenced(c),
                  droppedTables.contains(target) else { return false }
            return b[.constraint, c.name]?.fields == c.fields
        }
        for c in blocking.sorted(by: { $0.name < $1.name }) {
            tx("ALTER TABLE \(SchemaSQL.sql(c.parent!)) DROP CONSTRAINT \(SchemaSQL.local(c.name, in: c.parent!))")
        }
    }

    /// The table a foreign key references, as a snapshot name.
    func referenced(_ c: SchemaObject) -> String? {
        guard let parent = c.parent else { return nil }
        return TableDescription.referencedTable(c.fields["definition"] ?? "", from: parent)
    }

    /// New and changed constraints. On a table that already has rows, a foreign key or check is added NOT VALID
    /// and validated afterwards, outside the transaction (it then takes only SHARE UPDATE EXCLUSIVE).
    mutating func emitConstraintAdds(foreignKeys: Bool) {
        var wanted = added(.constraint) + changed(.constraint).map(\.1)
        let rebuilt = !createdTables.filter(isTableInA).isEmpty
        // A rebuilt table gets all of its constraints again.
        if rebuilt { wanted += inB(.constraint).filter { c in
            c.parent.map { createdTables.contains($0) && isTableInA($0) } == true && a[.constraint, c.name]?.fields == c.fields
        } }
        if foreignKeys, !droppedTables.isEmpty {
            // Foreign keys dropped above because the table they reference was rebuilt come back.
            wanted += inB(.constraint).filter { c in
                guard isForeignKey(c), let table = c.parent, isKept(table), let target = referenced(c),
                      droppedTables.contains(target) else { return false }
                return a[.constraint, c.name]?.fields == c.fields
            }
        }
        for c in wanted.sorted(by: { $0.name < $1.name }) where isForeignKey(c) == foreignKeys {
            guard let table = c.parent, let definition = c.fields["definition"] else { continue }
            let name = SchemaSQL.local(c.name, in: table)
            let add = "ALTER TABLE \(SchemaSQL.sql(table)) ADD CONSTRAINT \(name) \(definition)"
            let checked = isForeignKey(c) || c.fields["type"] == "check"
            let absent = "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = "
                + "\(SchemaSQL.literal(String(c.name.dropFirst(table.count + 1)))) AND conrelid = \(regclass(table)))"
            if isKept(table), checked, !definition.hasSuffix(" NOT VALID"), !isPartitioned(table) {
                tx(add + " NOT VALID", guard: absent)
                script.after.append(.init("ALTER TABLE \(SchemaSQL.sql(table)) VALIDATE CONSTRAINT \(name)"))
            } else {
                tx(add, guard: absent)
            }
        }
    }

    // MARK: - Indexes

    mutating func emitIndexDrops() {
        for i in removed(.index) + changed(.index).map(\.0) {
            guard let parent = i.parent, !droppedTables.contains(parent), !rebuiltViews.contains(parent) else { continue }
            tx("DROP INDEX \(SchemaSQL.sql(String(i.name.prefix { $0 != "." })) + "." + SchemaSQL.local(i.name, in: parent))")
        }
    }

    /// New indexes: on a new table, a new or rebuilt materialized view, or a partitioned table, in the transaction;
    /// on a table that already has rows, CONCURRENTLY afterwards (writes go on while it builds).
    mutating func emitIndexCreates() {
        var wanted = added(.index) + changed(.index).map(\.1)
        let redefined = Set(changed(.index).map(\.1.name))
        if !rebuiltViews.isEmpty || !createdTables.isEmpty { wanted += inB(.index).filter { i in
            guard let parent = i.parent, rebuiltViews.contains(parent) || createdTables.contains(parent) else { return false }
            return !redefined.contains(i.name) && a[.index, i.name] != nil
        } }
        for i in wanted.sorted(by: { $0.name < $1.name }) {
            guard let parent = i.parent, let definition = i.fields["definition"] else { continue }
            // A new or rebuilt materialized view gets its indexes right after it is created.
            if b[.materializedView, parent] != nil, rebuiltViews.contains(parent) || a[.materializedView, parent] == nil { continue }
            if isKept(parent), !isPartitioned(parent) {
                script.after.append(.init(concurrently(definition)))
            } else {
                // `ON ONLY` (how the server renders a partitioned table's index) would build it on the parent alone.
                tx(definition.replacingAll(" ON ONLY ", with: " ON "))
            }
        }
    }

    /// `CREATE [UNIQUE] INDEX x ON …` → `CREATE [UNIQUE] INDEX CONCURRENTLY x ON …`.
    func concurrently(_ definition: String) -> String {
        for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX "] where definition.hasPrefix(prefix) {
            return prefix + "CONCURRENTLY " + definition.dropFirst(prefix.count)
        }
        return definition
    }

    // MARK: - Views

    /// Views to drop and create again: changed ones, and (transitively) every kept view that reads a table whose
    /// columns change or a view being rebuilt — PostgreSQL refuses to change a column a view depends on.
    mutating func planViews() {
        let kinds: [ObjectKind] = [.view, .materializedView]
        for kind in kinds {
            for v in removed(kind) + changed(kind).map(\.0) { rebuiltViews.insert(v.name) }
        }
        var grew = true
        while grew {
            grew = false
            for kind in kinds {
                for v in inA(kind) where !rebuiltViews.contains(v.name) {
                    let definition = v.fields["definition"] ?? ""
                    if (reshapedTables.union(rebuiltViews)).contains(where: { SchemaSQL.mentions(definition, $0) }) {
                        rebuiltViews.insert(v.name)
                        grew = true
                    }
                }
            }
        }
    }

    /// The views of `snapshot` named in `names`, readers after what they read.
    func viewsInDependencyOrder(_ names: Set<String>, fromB: Bool) -> [SchemaObject] {
        let views = (fromB ? inB(.view) + inB(.materializedView) : inA(.view) + inA(.materializedView)).filter { names.contains($0.name) }
        var ordered: [SchemaObject] = [], done: Set<String> = []
        var rest = views
        while !rest.isEmpty {
            let ready = rest.filter { v in
                !rest.contains { $0.name != v.name && SchemaSQL.mentions(v.fields["definition"] ?? "", $0.name) }
            }
            let next = ready.isEmpty ? [rest[0]] : ready
            ordered += next
            done.formUnion(next.map(\.name))
            rest.removeAll { done.contains($0.name) }
        }
        return ordered
    }

    mutating func emitViewDrops() {
        for v in viewsInDependencyOrder(rebuiltViews, fromB: false).reversed() {
            let kind = v.kind == .materializedView ? "MATERIALIZED VIEW" : "VIEW"
            tx("DROP \(kind) \(SchemaSQL.sql(v.name))", drops: v.key)
        }
    }

    mutating func emitViewCreates() {
        let wanted = rebuiltViews.union(added(.view).map(\.name)).union(added(.materializedView).map(\.name))
        for v in viewsInDependencyOrder(wanted, fromB: true) {
            let body = (v.fields["definition"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let definition = body.hasSuffix(";") ? String(body.dropLast()) : body
            if v.kind == .materializedView {
                tx("CREATE MATERIALIZED VIEW \(SchemaSQL.sql(v.name)) AS\n\(definition)\nWITH DATA")
                for index in inB(.index).filter({ $0.parent == v.name }).sorted(by: { $0.name < $1.name }) {
                    if let d = index.fields["definition"] { tx(d) }
                }
            } else {
                tx("CREATE VIEW \(SchemaSQL.sql(v.name)) AS\n\(definition)")
            }
        }
    }

    // MARK: - Triggers, policies, privileges

    mutating func emitTriggers() {
        for t in inB(.trigger) {
            guard let table = t.parent else { continue }
            let old = a[.trigger, t.name]
            // A rebuilt table or view lost its triggers with it (INSTEAD OF triggers live on views).
            let recreate = old == nil || old?.fields["definition"] != t.fields["definition"] || droppedTables.contains(table)
                || rebuiltViews.contains(table)
            if recreate, let definition = t.fields["definition"] {
                tx(definition, clearFirst: "DROP TRIGGER IF EXISTS \(SchemaSQL.local(t.name, in: table)) ON \(SchemaSQL.sql(table))")
            }
            if recreate ? t.fields["enabled"] != "origin" : old?.fields["enabled"] != t.fields["enabled"] {
                let how: String
                switch t.fields["enabled"] {
                case "disabled": how = "DISABLE TRIGGER"
                case "replica": how = "ENABLE REPLICA TRIGGER"
                case "always": how = "ENABLE ALWAYS TRIGGER"
                default: how = "ENABLE TRIGGER"
                }
                tx("ALTER TABLE \(SchemaSQL.sql(table)) \(how) \(SchemaSQL.local(t.name, in: table))")
            }
        }
    }

    mutating func emitPolicies() {
        for p in inB(.policy) {
            guard let table = p.parent, a[.policy, p.name]?.fields != p.fields || droppedTables.contains(table) else { continue }
            var sql = "CREATE POLICY \(SchemaSQL.local(p.name, in: table)) ON \(SchemaSQL.sql(table))"
            if p.fields["permissive"] == "restrictive" { sql += " AS RESTRICTIVE" }
            sql += " FOR \(p.fields["command"] ?? "ALL")"
            sql += " TO " + (p.fields["roles"] ?? "PUBLIC").components(separatedBy: ", ")
                .map { $0 == "PUBLIC" ? $0 : SQLIdentifier.quoted($0) }.joined(separator: ", ")
            if let using = p.fields["using"] { sql += " USING (\(using))" }
            if let check = p.fields["with_check"] { sql += " WITH CHECK (\(check))" }
            tx(sql, clearFirst: "DROP POLICY IF EXISTS \(SchemaSQL.local(p.name, in: table)) ON \(SchemaSQL.sql(table))")
        }
    }

    /// `TABLE public.t`, `SEQUENCE public.s`, `FUNCTION public.f(integer)`, `SCHEMA s` and the grantee.
    func privilegeTarget(_ p: SchemaObject) -> (object: String, grantee: String)? {
        guard let parent = p.parent else { return nil }
        let grantee = String(p.name.dropFirst(parent.count + 1))
        let object: String
        switch p.fields["object_type"] {
        case "sequence": object = "SEQUENCE " + SchemaSQL.sql(parent)
        case "function": object = "FUNCTION " + SchemaSQL.routine(parent)
        case "schema": object = "SCHEMA " + SchemaSQL.sql(parent)
        default: object = "TABLE " + SchemaSQL.sql(parent)
        }
        return (object, grantee == "PUBLIC" ? "PUBLIC" : SQLIdentifier.quoted(grantee))
    }

    mutating func emitPrivilegeRevokes() {
        for p in removed(.privilege) + changed(.privilege).map(\.0) {
            guard let parent = p.parent, !droppedTables.contains(parent), let (object, grantee) = privilegeTarget(p) else { continue }
            tx("REVOKE ALL ON \(object) FROM \(grantee)")
        }
    }

    mutating func emitPrivilegeGrants() {
        for p in added(.privilege) + changed(.privilege).map(\.1) {
            guard let (object, grantee) = privilegeTarget(p) else { continue }
            let all = (p.fields["privileges"] ?? "").components(separatedBy: ", ")
            let plain = all.filter { !$0.hasSuffix(" WITH GRANT OPTION") }
            let granting = all.filter { $0.hasSuffix(" WITH GRANT OPTION") }.map { String($0.dropLast(18)) }
            if !plain.isEmpty { tx("GRANT \(plain.joined(separator: ", ")) ON \(object) TO \(grantee)") }
            if !granting.isEmpty { tx("GRANT \(granting.joined(separator: ", ")) ON \(object) TO \(grantee) WITH GRANT OPTION") }
        }
    }
}
