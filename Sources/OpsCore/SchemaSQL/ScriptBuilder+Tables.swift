/// Tables, partitions and columns.
extension ScriptBuilder {
    /// A column as `CREATE TABLE` and `ADD COLUMN` write it.
    func columnDefinition(_ c: SchemaObject) -> String {
        var sql = "\(SchemaSQL.local(c.name, in: c.parent!)) \(c.fields["type"] ?? "text")"
        if let collation = c.fields["collation"] { sql += " COLLATE \(collationName(collation))" }
        if let expression = c.fields["generated"] {
            sql += " GENERATED ALWAYS AS (\(expression)) STORED"
        } else if let identity = c.fields["identity"] {
            sql += " GENERATED \(identity == "always" ? "ALWAYS" : "BY DEFAULT") AS IDENTITY"
        } else if let value = c.fields["default"] {
            sql += " DEFAULT \(value)"
        }
        if c.fields["nullable"] == "false" { sql += " NOT NULL" }
        return sql
    }

    /// The introspection gives `de-x-icu` or `billing.nocase` unquoted: each part quoted as SQL wants it.
    func collationName(_ name: String) -> String {
        name.split(separator: ".").map { part in
            part.hasPrefix("\"") ? String(part) : "\"" + String(part).replacingAll("\"", with: "\"\"") + "\""
        }.joined(separator: ".")
    }

    /// `b`'s columns of the tables created, by table, in column order.
    func createdColumns() -> [String: [SchemaObject]] {
        guard !createdTables.isEmpty else { return [:] }
        return Dictionary(grouping: b.objects(of: .column).filter { createdTables.contains($0.parent ?? "") },
                          by: { $0.parent ?? "" })
            .mapValues { $0.sorted { ($0.ordinal ?? Int16.max, $0.name) < ($1.ordinal ?? Int16.max, $1.name) } }
    }

    /// Tables in an order where each comes after the tables it inherits from (reversed, before them).
    func parentsFirst(_ names: Set<String>, in snapshot: SchemaSnapshot) -> [String] {
        var ordered: [String] = [], placed: Set<String> = []
        func place(_ name: String, _ depth: Int) {
            guard !placed.contains(name), depth < 64 else { return }
            for parent in (snapshot[.table, name]?.fields["inherits"] ?? "").components(separatedBy: ", ")
            where names.contains(parent) { place(parent, depth + 1) }
            placed.insert(name)
            ordered.append(name)
        }
        for name in names.sorted() { place(name, 0) }
        return ordered
    }

    mutating func emitTableDrops() {
        for name in parentsFirst(droppedTables, in: a).reversed() {
            // A partition of a parent that is dropped too goes with it.
            if let parent = a[.partition, name]?.fields["of"], droppedTables.contains(parent) { continue }
            tx("DROP TABLE \(SchemaSQL.sql(name))", loses: "every row of \(name)", drops: ObjectKey(.table, name))
        }
    }

    mutating func emitTableCreates() {
        let byTable = createdColumns()
        for name in parentsFirst(createdTables, in: b) {
            guard let t = b[.table, name] else { continue }
            let columns = (byTable[name] ?? []).map { "    " + columnDefinition($0) }
            var sql = "CREATE \(t.fields["persistence"] == "unlogged" ? "UNLOGGED " : "")TABLE \(SchemaSQL.sql(name)) ("
            sql += columns.isEmpty ? ")" : "\n" + columns.joined(separator: ",\n") + "\n)"
            if let parents = t.fields["inherits"] {
                sql += " INHERITS (\(parents.components(separatedBy: ", ").map(SchemaSQL.sql).joined(separator: ", ")))"
            }
            if let key = t.fields["partition_key"] { sql += " PARTITION BY \(key)" }
            tx(sql)
            emitRowSecurity(name, from: nil, to: t)
        }
    }

    /// New partitions (of new or kept parents), in name order after their parents; a table that becomes a
    /// partition is attached; a changed bound is detached and attached again.
    mutating func emitPartitionCreates() {
        var pending = inB(.partition).filter { createdTables.contains($0.name) }
        var made: Set<String> = []
        while !pending.isEmpty {
            let ready = pending.filter { p in
                guard let parent = p.fields["of"] else { return true }
                return !pending.contains { $0.name == parent } || made.contains(parent)
            }
            guard !ready.isEmpty else { break }
            for p in ready {
                var sql = "CREATE TABLE \(SchemaSQL.sql(p.name)) PARTITION OF \(SchemaSQL.sql(p.fields["of"] ?? "")) \(p.fields["bound"] ?? "DEFAULT")"
                if let key = p.fields["partition_key"] { sql += " PARTITION BY \(key)" }
                tx(sql)
                made.insert(p.name)
            }
            pending.removeAll { made.contains($0.name) }
        }
        for p in inB(.partition) where a[.table, p.name] != nil { attach(p) }
        for (old, new) in changed(.partition) where old.fields["bound"] != new.fields["bound"] || old.fields["of"] != new.fields["of"] {
            attach(new)
        }
    }

    func inherits(_ p: SchemaObject) -> String {
        "EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = \(regclass(p.name)) AND inhparent = \(regclass(p.fields["of"] ?? "")))"
    }

    mutating func attach(_ p: SchemaObject) {
        tx("ALTER TABLE \(SchemaSQL.sql(p.fields["of"] ?? "")) ATTACH PARTITION \(SchemaSQL.sql(p.name)) \(p.fields["bound"] ?? "DEFAULT")",
           guard: "NOT " + inherits(p))
    }

    /// Partitions that become tables, or move to another bound, are detached first.
    mutating func emitPartitionDetaches() {
        for p in inA(.partition) where b[.table, p.name] != nil {
            tx("ALTER TABLE \(SchemaSQL.sql(p.fields["of"] ?? "")) DETACH PARTITION \(SchemaSQL.sql(p.name))", guard: inherits(p))
        }
        for (old, new) in changed(.partition) where old.fields["bound"] != new.fields["bound"] || old.fields["of"] != new.fields["of"] {
            tx("ALTER TABLE \(SchemaSQL.sql(old.fields["of"] ?? "")) DETACH PARTITION \(SchemaSQL.sql(old.name))", guard: inherits(old))
        }
    }

    /// A table becoming a partition (or the reverse) keeps its columns: a partition's are its parent's.
    func changesPartitionhood(_ table: String) -> Bool {
        (a[.table, table] != nil && b[.partition, table] != nil) || (a[.partition, table] != nil && b[.table, table] != nil)
    }

    mutating func emitColumnDrops() {
        emitRenames()
        for c in removed(.column) where renames[c.name] == nil {
            guard let table = c.parent, isKept(table), !changesPartitionhood(table) else { continue }
            tx("ALTER TABLE \(SchemaSQL.sql(table)) DROP COLUMN \(SchemaSQL.local(c.name, in: table))",
               loses: "the values of \(c.name)")
        }
        // A generated expression cannot be changed in place on older servers: the column is computed again.
        for (old, new) in changed(.column) where old.fields["generated"] != new.fields["generated"] {
            guard let table = old.parent, isKept(table) else { continue }
            tx("ALTER TABLE \(SchemaSQL.sql(table)) DROP COLUMN \(SchemaSQL.local(old.name, in: table))",
               loses: old.fields["generated"] == nil ? "the values of \(old.name) (it becomes generated)" : nil)
        }
    }

    /// Renamed columns keep their data; guarded (idempotent form) by the old name still being there and the new not.
    mutating func emitRenames() {
        for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
            guard let column = a[.column, old], let table = column.parent, b[.column, new]?.parent == table, isKept(table) else { continue }
            let from = String(old.dropFirst(table.count + 1)), to = String(new.dropFirst(table.count + 1))
            func has(_ name: String) -> String {
                "EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = \(regclass(table)) AND attname = \(SchemaSQL.literal(name)) "
                    + "AND NOT attisdropped)"
            }
            tx("ALTER TABLE \(SchemaSQL.sql(table)) RENAME COLUMN \(SQLIdentifier.quoted(from)) TO \(SQLIdentifier.quoted(to))",
               guard: has(from) + " AND NOT " + has(to))
        }
    }

    mutating func emitColumnChanges() {
        var regenerated: [SchemaObject] = []
        for (old, new) in changed(.column) {
            guard let table = new.parent, isKept(table) else { continue }
            if old.fields["generated"] != new.fields["generated"] { regenerated.append(new); continue }
            emitColumnChange(old, new, table: table)
        }
        let renamedTo = Set(renames.values)
        for (old, newName) in renames.sorted(by: { $0.key < $1.key }) {
            guard let from = a[.column, old], let to = b[.column, newName], let table = to.parent, isKept(table) else { continue }
            var moved = from
            moved.name = to.name
            if moved.fields != to.fields { emitColumnChange(moved, to, table: table) }
        }
        for c in (added(.column) + regenerated).sorted(by: { ($0.parent ?? "", $0.ordinal ?? 0) < ($1.parent ?? "", $1.ordinal ?? 0) })
            where !renamedTo.contains(c.name) {
            guard let table = c.parent, isKept(table), !changesPartitionhood(table) else { continue }
            tx("ALTER TABLE \(SchemaSQL.sql(table)) ADD COLUMN \(columnDefinition(c))")
        }
    }

    mutating func emitColumnChange(_ old: SchemaObject, _ new: SchemaObject, table: String) {
        let alter = "ALTER TABLE \(SchemaSQL.sql(table)) ALTER COLUMN \(SchemaSQL.local(new.name, in: table))"
        let type = new.fields["type"] ?? "text"
        let swapped = swappedEnums.contains { SchemaSQL.unquoted(type) == $0 || SchemaSQL.unquoted(type) == $0 + "[]" }
        let retyped = !swapped && (old.fields["type"] != new.fields["type"] || old.fields["collation"] != new.fields["collation"])
        let defaultChanged = old.fields["default"] != new.fields["default"]
        if old.fields["identity"] != nil && new.fields["identity"] == nil { tx(alter + " DROP IDENTITY") }
        if retyped {
            if old.fields["default"] != nil && !swapped { tx(alter + " DROP DEFAULT") }
            let collate = new.fields["collation"].map { " COLLATE \(collationName($0))" } ?? ""
            // Between enum types (or to and from one) there is no direct cast: through text.
            let viaText = isEnum(old.fields["type"], in: a) || isEnum(type, in: b) ? "::text" : ""
            let using = old.fields["type"] != new.fields["type"]
                ? " USING \(SchemaSQL.local(new.name, in: table))\(viaText)::\(type)" : ""
            tx(alter + " TYPE \(type)\(collate)\(using)",
               loses: old.fields["type"] != new.fields["type"]
                   ? "rewrites \(table); values of \(new.name) that do not cast to \(type) fail" : nil)
        }
        if (defaultChanged || (retyped && old.fields["default"] != nil)) && !swapped {
            if let value = new.fields["default"] { tx(alter + " SET DEFAULT \(value)") } else if !retyped { tx(alter + " DROP DEFAULT") }
        }
        if old.fields["nullable"] != new.fields["nullable"] {
            tx(alter + (new.fields["nullable"] == "false" ? " SET NOT NULL" : " DROP NOT NULL"))
        }
        switch (old.fields["identity"], new.fields["identity"]) {
        case (nil, let i?):
            tx(alter + " ADD GENERATED \(i == "always" ? "ALWAYS" : "BY DEFAULT") AS IDENTITY",
               guard: "NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = \(regclass(table)) AND attname = "
                   + "\(SchemaSQL.literal(String(new.name.dropFirst(table.count + 1)))) AND attidentity <> '')")
        case (let x?, let y?) where x != y: tx(alter + " SET GENERATED \(y == "always" ? "ALWAYS" : "BY DEFAULT")")
        default: break
        }
    }

    /// True when `type` (as format_type renders it, maybe an array) is an enum of `snapshot`.
    func isEnum(_ type: String?, in snapshot: SchemaSnapshot) -> Bool {
        guard var name = type.map(SchemaSQL.unquoted) else { return false }
        while name.hasSuffix("[]") { name.removeLast(2) }
        return snapshot[.enum, name] != nil
    }

    /// RLS and persistence of kept tables.
    mutating func emitTableSettings() {
        for (old, new) in changed(.table) where isKept(new.name) {
            if old.fields["persistence"] != new.fields["persistence"] {
                tx("ALTER TABLE \(SchemaSQL.sql(new.name)) SET \(new.fields["persistence"] == "unlogged" ? "UNLOGGED" : "LOGGED")",
                   loses: "rewrites \(new.name)")
            }
            emitRowSecurity(new.name, from: old, to: new)
            let before = Set((old.fields["inherits"] ?? "").components(separatedBy: ", ").filter { !$0.isEmpty })
            let after = (new.fields["inherits"] ?? "").components(separatedBy: ", ").filter { !$0.isEmpty }
            for parent in before.subtracting(after).sorted() {
                tx("ALTER TABLE \(SchemaSQL.sql(new.name)) NO INHERIT \(SchemaSQL.sql(parent))",
                   guard: "EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = \(regclass(new.name)) AND inhparent = \(regclass(parent)))")
            }
            for parent in after where !before.contains(parent) {
                tx("ALTER TABLE \(SchemaSQL.sql(new.name)) INHERIT \(SchemaSQL.sql(parent))",
                   guard: "NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = \(regclass(new.name)) AND inhparent = \(regclass(parent)))")
            }
        }
    }

    mutating func emitRowSecurity(_ name: String, from old: SchemaObject?, to new: SchemaObject) {
        let table = SchemaSQL.sql(name)
        if old?.fields["row_security"] ?? "disabled" != new.fields["row_security"] {
            tx("ALTER TABLE \(table) \(new.fields["row_security"] == "enabled" ? "ENABLE" : "DISABLE") ROW LEVEL SECURITY")
        }
        if old?.fields["force_row_security"] != new.fields["force_row_security"] {
            tx("ALTER TABLE \(table) \(new.fields["force_row_security"] == "forced" ? "FORCE" : "NO FORCE") ROW LEVEL SECURITY")
        }
    }
}
