/// The two definition texts, following `pg_get_indexdef_worker` and `pg_get_constraintdef_worker`.
extension DefinitionRenderer {
    /// `CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING method (col [COLLATE c] [opclass]
    /// [DESC] [NULLS FIRST|LAST], …) [INCLUDE (…)] [NULLS NOT DISTINCT]`.
    func index(_ name: String, schema: String, table: String, _ k: CatalogRows.IndexKey) -> String? {
        let n = k.columns.count
        guard k.opclasses.count >= k.keyCount, k.collations.count >= k.keyCount, k.options.count >= k.keyCount,
              k.keyCount <= n, let method = accessMethod(k.accessMethod) else { return nil }
        var out = "CREATE "
        out.reserveCapacity(64 + name.utf8.count + schema.utf8.count + table.utf8.count + 24 * n)
        if k.unique { out += "UNIQUE " }
        out += "INDEX "
        out += quote(name)
        out += " ON "
        if partitioned.contains(k.relid) { out += "ONLY " }
        if let relation = relationName(k.relid) {
            out += relation
        } else {
            out += quote(schema)
            out += "."
            out += quote(table)
        }
        out += " USING "
        out += quote(method.name)
        out += " ("
        var sep = ""
        for pos in 0..<n {
            if pos == k.keyCount { out += ") INCLUDE ("; sep = "" }
            out += sep
            sep = ", "
            guard let col = column(k.relid, k.columns[pos]) else { return nil }
            out += col.quoted
            guard pos < k.keyCount else { continue }
            let collation = k.collations[pos]
            if collation != 0 && collation != col.collationOID {
                guard let c = lookupCollation(collation) else { return nil }
                out += " COLLATE " + c
            }
            guard let opc = lookupOpclass(k.opclasses[pos]), let isDefault = isDefault(opc, for: col) else { return nil }
            if !isDefault { out += " " + opclassName(opc) }
            if method.canOrder {
                let option = k.options[pos]
                if option & 1 != 0 {
                    out += option & 2 == 0 ? " DESC NULLS LAST" : " DESC"
                } else if option & 2 != 0 {
                    out += " NULLS FIRST"
                }
            }
        }
        out += ")"
        if k.nullsNotDistinct { out += " NULLS NOT DISTINCT" }
        return out
    }

    /// `PRIMARY KEY (…) [INCLUDE (…)]`, `UNIQUE [NULLS NOT DISTINCT] (…) [INCLUDE (…)]` or
    /// `FOREIGN KEY (…) REFERENCES schema.table(…) [MATCH …] [ON UPDATE …] [ON DELETE …]`, then
    /// `[DEFERRABLE] [INITIALLY DEFERRED] [NOT VALID]`.
    func constraint(_ type: String, _ k: CatalogRows.ConstraintKey) -> String? {
        // One buffer appended to: tens of thousands of definitions, each made of a few short pieces.
        var out = ""
        out.reserveCapacity(96)
        if type == "c" {
            guard let tree = k.expression, CheckRenderer(renderer: self, relid: k.relid).render(tree, to: &out) else { return nil }
            if k.noInherit { out += " NO INHERIT" }
            if !k.validated { out += " NOT VALID" }
            return out
        }
        guard !k.columns.isEmpty else { return nil }
        switch type {
        case "p", "u":
            out += type == "p" ? "PRIMARY KEY (" : k.nullsNotDistinct ? "UNIQUE NULLS NOT DISTINCT (" : "UNIQUE ("
            guard appendNames(k.relid, k.columns, to: &out) else { return nil }
            out += ")"
            if k.include.count > k.columns.count {
                out += " INCLUDE ("
                guard appendNames(k.relid, k.include[k.columns.count...], to: &out) else { return nil }
                out += ")"
            }
        case "f":
            guard let target = relationName(k.foreignRelid) else { return nil }
            out += "FOREIGN KEY ("
            guard appendNames(k.relid, k.columns, to: &out) else { return nil }
            out += ") REFERENCES "
            out += target
            out += "("
            guard appendNames(k.foreignRelid, k.foreignColumns, to: &out) else { return nil }
            out += ")"
            switch k.match {
            case UInt8(ascii: "f"): out += " MATCH FULL"
            case UInt8(ascii: "p"): out += " MATCH PARTIAL"
            case UInt8(ascii: "s"): break
            default: return nil
            }
            guard let update = action(k.onUpdate), let delete = action(k.onDelete) else { return nil }
            if !update.isEmpty { out += " ON UPDATE "; out += update }
            if !delete.isEmpty { out += " ON DELETE "; out += delete }
        default:
            return nil
        }
        if k.deferrable { out += " DEFERRABLE" }
        if k.deferred { out += " INITIALLY DEFERRED" }
        if !k.validated { out += " NOT VALID" }
        return out
    }

    /// A referential action's words; "" for NO ACTION (not printed); nil for an unknown code.
    private func action(_ code: UInt8) -> String? {
        switch code {
        case UInt8(ascii: "a"): return ""
        case UInt8(ascii: "r"): return "RESTRICT"
        case UInt8(ascii: "c"): return "CASCADE"
        case UInt8(ascii: "n"): return "SET NULL"
        case UInt8(ascii: "d"): return "SET DEFAULT"
        default: return nil
        }
    }
}
