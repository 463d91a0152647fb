/// Schemas, extensions, collations, enums, domains, composite types, sequences and functions.
extension ScriptBuilder {
    mutating func emitSchemasAndExtensions() {
        for s in added(.schema) { tx("CREATE SCHEMA \(SchemaSQL.sql(s.name))") }
        for e in added(.extension) {
            var sql = "CREATE EXTENSION IF NOT EXISTS \(SchemaSQL.sql(e.name))"
            if let schema = e.fields["schema"] { sql += " WITH SCHEMA \(SchemaSQL.sql(schema))" }
            if let version = e.fields["version"] { sql += " VERSION \(SchemaSQL.literal(version))" }
            tx(sql)
        }
        for (old, new) in changed(.extension) {
            if let schema = new.fields["schema"], schema != old.fields["schema"] {
                tx("ALTER EXTENSION \(SchemaSQL.sql(new.name)) SET SCHEMA \(SchemaSQL.sql(schema))")
            }
            if let version = new.fields["version"], version != old.fields["version"] {
                tx("ALTER EXTENSION \(SchemaSQL.sql(new.name)) UPDATE TO \(SchemaSQL.literal(version))")
            }
        }
    }

    mutating func emitCollations() {
        for (old, _) in changed(.collation) {
            tx("DROP COLLATION \(SchemaSQL.sql(old.name))", loses: "columns using collation \(old.name) must be altered first")
        }
        for c in added(.collation) + changed(.collation).map(\.1) {
            var options = ["provider = \(c.fields["provider"] ?? "libc")"]
            if let locale = c.fields["locale"] { options.append("locale = \(SchemaSQL.literal(locale))") }
            if c.fields["locale"] == nil || c.fields["provider"] == "libc" {
                if let v = c.fields["lc_collate"] { options.append("lc_collate = \(SchemaSQL.literal(v))") }
                if let v = c.fields["lc_ctype"] { options.append("lc_ctype = \(SchemaSQL.literal(v))") }
            }
            if c.fields["deterministic"] == "false" { options.append("deterministic = false") }
            tx("CREATE COLLATION \(SchemaSQL.sql(c.name)) (\(options.joined(separator: ", ")))")
        }
    }

    // MARK: - Enums

    /// An enum whose values only gain new ones (in any place) is altered with ADD VALUE; one that loses or
    /// reorders values is swapped for a new type, and its columns converted through text.
    mutating func planEnums() {
        for (old, new) in changed(.enum) {
            let before = SchemaSQL.labels(old.fields["values"]), after = SchemaSQL.labels(new.fields["values"])
            if after.filter(before.contains) != before {
                swappedEnums.insert(new.name)
                for column in columns(ofType: new.name, in: b) { if let t = column.parent { reshapedTables.insert(t) } }
            }
        }
    }

    /// Columns of `b` whose type is the enum `name` or an array of it.
    func columns(ofType name: String, in _: SchemaSnapshot) -> [SchemaObject] {
        b.objects(of: .column).filter { c in
            let type = SchemaSQL.unquoted(c.fields["type"] ?? "")
            return type == name || type == name + "[]"
        }.sorted { $0.name < $1.name }
    }

    /// ADD VALUE for new values, in the `before` part: `AFTER` the value before it, or `BEFORE` the first.
    mutating func emitEnumValues() {
        for (old, new) in changed(.enum) where !swappedEnums.contains(new.name) {
            let before = SchemaSQL.labels(old.fields["values"]), after = SchemaSQL.labels(new.fields["values"])
            for (i, value) in after.enumerated() where !before.contains(value) {
                let place = i > 0 ? "AFTER \(SchemaSQL.literal(after[i - 1]))"
                    : after.count > 1 ? "BEFORE \(SchemaSQL.literal(after[1]))" : ""
                script.before.append(.init("ALTER TYPE \(SchemaSQL.sql(new.name)) ADD VALUE IF NOT EXISTS "
                                           + "\(SchemaSQL.literal(value))\(place.isEmpty ? "" : " " + place)"))
            }
        }
    }

    mutating func emitEnums() {
        for e in added(.enum) {
            tx("CREATE TYPE \(SchemaSQL.sql(e.name)) AS ENUM (\(SchemaSQL.labels(e.fields["values"]).map(SchemaSQL.literal).joined(separator: ", ")))",
               guard: typeAbsent(e.name))
        }
        // The swap is one statement group, guarded (idempotent form) by the type's labels still differing.
        for (old, new) in changed(.enum) where swappedEnums.contains(new.name) {
            let labels = SchemaSQL.labels(new.fields["values"])
            let gone = SchemaSQL.labels(old.fields["values"]).filter { !labels.contains($0) }
            let retired = oldName(new.name)
            var parts = [
                "ALTER TYPE \(SchemaSQL.sql(new.name)) RENAME TO \(SQLIdentifier.quoted(String(retired.split(separator: ".").last!)))",
                "CREATE TYPE \(SchemaSQL.sql(new.name)) AS ENUM (\(labels.map(SchemaSQL.literal).joined(separator: ", ")))",
            ]
            var converted: [String] = []
            for column in columns(ofType: new.name, in: b) {
                guard let table = column.parent, isKept(table), a[.column, column.name] != nil else { continue }
                let name = SchemaSQL.local(column.name, in: table), type = column.fields["type"] ?? ""
                let alter = "ALTER TABLE \(SchemaSQL.sql(table)) ALTER COLUMN \(name)"
                if a[.column, column.name]?.fields["default"] != nil { parts.append(alter + " DROP DEFAULT") }
                parts.append(alter + " TYPE \(type) USING \(name)::text::\(type)")
                if let value = column.fields["default"] { parts.append(alter + " SET DEFAULT \(value)") }
                converted.append(column.name)
            }
            parts.append("DROP TYPE \(SchemaSQL.sql(retired))")
            tx(parts.joined(separator: ";\n"),
               loses: gone.isEmpty || converted.isEmpty ? nil
                   : "rows of \(converted.joined(separator: ", ")) holding \(gone.map(SchemaSQL.literal).joined(separator: ", ")) fail the cast",
               guard: "(SELECT string_agg(enumlabel::text, ', ' ORDER BY enumsortorder) FROM pg_enum "
                   + "WHERE enumtypid = to_regtype(\(SchemaSQL.literal(SchemaSQL.sql(new.name))))) IS DISTINCT FROM "
                   + SchemaSQL.literal(new.fields["values"] ?? ""))
        }
    }

    /// The guard of a CREATE TYPE / CREATE DOMAIN.
    func typeAbsent(_ name: String) -> String { "to_regtype(\(SchemaSQL.literal(SchemaSQL.sql(name)))) IS NULL" }

    /// `public.Role` → `public.Role__evermed_old`.
    func oldName(_ name: String) -> String { name + "__evermed_old" }

    // MARK: - Domains, composite types

    mutating func emitDomains() {
        for d in added(.domain) { tx(createDomain(d), guard: typeAbsent(d.name)) }
        for (old, new) in changed(.domain) {
            let name = SchemaSQL.sql(new.name)
            if old.fields["type"] != new.fields["type"] || old.fields["collation"] != new.fields["collation"] {
                tx("DROP DOMAIN \(name);\n" + createDomain(new), loses: "columns of domain \(new.name) must be altered first",
                   guard: "(SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE oid = to_regtype(\(SchemaSQL.literal(name)))) "
                       + "IS DISTINCT FROM \(SchemaSQL.literal(new.fields["type"] ?? "")) OR (SELECT typcollation FROM pg_type "
                       + "WHERE oid = to_regtype(\(SchemaSQL.literal(name)))) IS DISTINCT FROM "
                       + (new.fields["collation"].map { "(SELECT oid FROM pg_collation WHERE oid = \(SchemaSQL.literal($0))::regcollation)" }
                          ?? "(SELECT typcollation FROM pg_type WHERE oid = to_regtype(\(SchemaSQL.literal(new.fields["type"] ?? "text"))))"))
                continue
            }
            if old.fields["default"] != new.fields["default"] {
                tx("ALTER DOMAIN \(name) " + (new.fields["default"].map { "SET DEFAULT \($0)" } ?? "DROP DEFAULT"))
            }
            if old.fields["nullable"] != new.fields["nullable"] {
                tx("ALTER DOMAIN \(name) \(new.fields["nullable"] == "false" ? "SET" : "DROP") NOT NULL")
            }
            let before = domainChecks(old), after = domainChecks(new)
            for (check, _) in before where after[check] != before[check] {
                tx("ALTER DOMAIN \(name) DROP CONSTRAINT \(check)")
            }
            for (check, definition) in after.sorted(by: { $0.key < $1.key }) where before[check] != definition {
                let unquoted = check.hasPrefix("\"") ? String(check.dropFirst().dropLast()).replacingAll("\"\"", with: "\"") : check
                tx("ALTER DOMAIN \(name) ADD CONSTRAINT \(check) \(definition) NOT VALID",
                   guard: "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = \(SchemaSQL.literal(unquoted)) "
                       + "AND contypid = \(SchemaSQL.literal(name))::regtype)")
                script.after.append(.init("ALTER DOMAIN \(name) VALIDATE CONSTRAINT \(check)"))
            }
        }
    }

    func createDomain(_ d: SchemaObject) -> String {
        var sql = "CREATE DOMAIN \(SchemaSQL.sql(d.name)) AS \(d.fields["type"] ?? "text")"
        if let collation = d.fields["collation"] { sql += " COLLATE \(collation)" }
        if let value = d.fields["default"] { sql += " DEFAULT \(value)" }
        if d.fields["nullable"] == "false" { sql += " NOT NULL" }
        for (check, definition) in domainChecks(d).sorted(by: { $0.key < $1.key }) {
            sql += " CONSTRAINT \(check) \(definition)"
        }
        return sql
    }

    /// `positive CHECK ((VALUE > 0)); other CHECK (…)` → ["positive": "CHECK ((VALUE > 0))", …] (names as quoted).
    func domainChecks(_ d: SchemaObject) -> [String: String] {
        guard let text = d.fields["constraints"] else { return [:] }
        var out: [String: String] = [:]
        for part in text.components(separatedBy: "; ") {
            guard let space = part.range(of: " CHECK ") else { continue }
            out[String(part[..<space.lowerBound])] = String(part[part.index(after: space.lowerBound)...])
        }
        return out
    }

    mutating func emitCompositeTypes() {
        for t in added(.type) {
            tx("CREATE TYPE \(SchemaSQL.sql(t.name)) AS (\(t.fields["attributes"] ?? ""))", guard: typeAbsent(t.name))
        }
        // Changed: dropped and created again, guarded (idempotent form) by its attributes still differing.
        for (_, t) in changed(.type) {
            let name = SchemaSQL.sql(t.name)
            tx("DROP TYPE \(name);\nCREATE TYPE \(name) AS (\(t.fields["attributes"] ?? ""))",
               loses: "columns of type \(t.name) must be altered first",
               guard: "(SELECT string_agg(format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a "
                   + "WHERE a.attrelid = (SELECT typrelid FROM pg_type WHERE oid = to_regtype(\(SchemaSQL.literal(name)))) "
                   + "AND a.attnum > 0 AND NOT a.attisdropped) IS DISTINCT FROM \(SchemaSQL.literal(attributeTypes(t)))")
        }
    }

    /// The attribute types of a composite type, as format_type renders them, joined with ", ".
    func attributeTypes(_ t: SchemaObject) -> String {
        // `a integer, b text COLLATE "C"` → `integer, text`: the type is what follows the (quoted) name.
        (t.fields["attributes"] ?? "").components(separatedBy: ", ").map { attribute -> String in
            var rest = Substring(attribute)
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let i = rest.firstIndex(of: "\"") {
                    rest = rest[rest.index(after: i)...]
                    if rest.first == "\"" { rest = rest.dropFirst() } else { break }
                }
            } else {
                rest = rest.drop { $0 != " " }
            }
            let type = rest.trimmingCharacters(in: .whitespaces)
            return type.components(separatedBy: " COLLATE ").first ?? type
        }.joined(separator: ", ")
    }

    // MARK: - Sequences, functions

    mutating func emitSequences() {
        for s in added(.sequence) { tx("CREATE SEQUENCE \(SchemaSQL.sql(s.name)) \(sequenceOptions(s))") }
        for (old, new) in changed(.sequence) {
            let fields = ["type", "start", "increment", "min", "max", "cache", "cycle"]
            if fields.contains(where: { old.fields[$0] != new.fields[$0] }) {
                tx("ALTER SEQUENCE \(SchemaSQL.sql(new.name)) \(sequenceOptions(new))")
            }
        }
    }

    func sequenceOptions(_ s: SchemaObject) -> String {
        var parts: [String] = []
        if let type = s.fields["type"] { parts.append("AS \(type)") }
        if let v = s.fields["increment"] { parts.append("INCREMENT BY \(v)") }
        if let v = s.fields["min"] { parts.append("MINVALUE \(v)") }
        if let v = s.fields["max"] { parts.append("MAXVALUE \(v)") }
        if let v = s.fields["start"] { parts.append("START WITH \(v)") }
        if let v = s.fields["cache"] { parts.append("CACHE \(v)") }
        parts.append(s.fields["cycle"] == "true" ? "CYCLE" : "NO CYCLE")
        return parts.joined(separator: " ")
    }

    /// OWNED BY once the columns exist (a new sequence, or a changed owner).
    mutating func emitSequenceOwners() {
        for s in added(.sequence) + changed(.sequence).filter({ $0.0.fields["owned_by"] != $0.1.fields["owned_by"] }).map(\.1) {
            guard s.fields["owned_by"] != nil || a[.sequence, s.name]?.fields["owned_by"] != nil else { continue }
            tx("ALTER SEQUENCE \(SchemaSQL.sql(s.name)) OWNED BY \(s.fields["owned_by"].map(SchemaSQL.sql) ?? "NONE")")
        }
    }

    /// CREATE OR REPLACE of new and changed functions: PL/pgSQL ones before the tables (their bodies are not
    /// checked against tables, and defaults or checks may call them), the others after (SQL bodies are).
    mutating func emitFunctions(plpgsql: Bool) {
        for f in added(.function) + changed(.function).map(\.1) {
            guard let definition = f.fields["definition"], definition.contains("LANGUAGE plpgsql") == plpgsql else { continue }
            tx(definition.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// What goes after the tables it depended on: removed functions, types, domains, enums, collations,
    /// sequences, extensions and schemas.
    mutating func emitLateDrops() {
        for s in removed(.sequence) {
            tx("DROP SEQUENCE IF EXISTS \(SchemaSQL.sql(s.name))", loses: "sequence \(s.name) and its current value",
               drops: s.key)
        }
        for f in removed(.function) { tx("DROP ROUTINE \(SchemaSQL.routine(f.name))") }
        for t in removed(.type) { tx("DROP TYPE \(SchemaSQL.sql(t.name))", drops: t.key) }
        for d in removed(.domain) { tx("DROP DOMAIN \(SchemaSQL.sql(d.name))") }
        for e in removed(.enum) { tx("DROP TYPE \(SchemaSQL.sql(e.name))", drops: e.key) }
        for c in removed(.collation) { tx("DROP COLLATION \(SchemaSQL.sql(c.name))") }
        for e in removed(.extension) { tx("DROP EXTENSION \(SchemaSQL.sql(e.name))", loses: "extension \(e.name) and its objects") }
        for s in removed(.schema) { tx("DROP SCHEMA \(SchemaSQL.sql(s.name))", loses: "schema \(s.name) (it must be empty by now)") }
    }
}
