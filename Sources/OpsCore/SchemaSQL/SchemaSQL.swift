/// The SQL that turns schema `a` into schema `b`, written from the two snapshots alone (as migra does): the
/// definitions the server rendered (`pg_get_indexdef`, `pg_get_constraintdef`, `pg_get_viewdef`,
/// `pg_get_functiondef`, `pg_get_triggerdef`) are replayed as they are, and the rest is built from the fields.
///
/// Order, so each statement finds what it needs: dependents are dropped before what they depend on (triggers,
/// policies and views first; foreign keys before the keys they reference; columns before tables), and created
/// after it (schemas, types and sequences before tables; tables before their constraints and indexes; views in
/// dependency order, after the tables they read). A view over a table whose columns change is dropped and
/// created again around the change. Pure: no database.
public enum SchemaSQL {
    /// `renames`: columns of `a` (`public.t.old`) that are columns of `b` (`public.t.new`) renamed — kept, with their
    /// data, rather than dropped and added. Never guessed: `renameCandidates` lists the pairs to ask about.
    /// `comparison`: one already made of `a` and `b` (`SchemaDiff.compare(_:_:piece:)`, every piece in order), so
    /// `diff --sql` walks the two schemas once for both the changes and the script.
    public static func script(from a: SchemaSnapshot, to b: SchemaSnapshot, renames: [String: String] = [:],
                              comparison: [SchemaDiff.Partial]? = nil) -> MigrationScript {
        var builder = ScriptBuilder(a: a, b: b, renames: renames, comparison: comparison)
        builder.build()
        return builder.script
    }

    /// Pairs (column only in `a`, column only in `b`) of the same table and type: maybe one column renamed.
    public static func renameCandidates(from a: SchemaSnapshot, to b: SchemaSnapshot) -> [(old: String, new: String)] {
        let gone = a.objects(of: .column).filter { b[.column, $0.name] == nil && b[.table, $0.parent ?? ""] != nil }
            .sorted { $0.name < $1.name }
        let new = b.objects(of: .column).filter { a[.column, $0.name] == nil && a[.table, $0.parent ?? ""] != nil }
            .sorted { $0.name < $1.name }
        var out: [(old: String, new: String)] = []
        for old in gone {
            let same = new.filter { $0.parent == old.parent && $0.fields["type"] == old.fields["type"] }
            for candidate in same { out.append((old.name, candidate.name)) }
        }
        return out
    }

    // MARK: - Names

    /// A snapshot name (`public.users.email`) as SQL: each part quoted when PostgreSQL would not read it back
    /// unchanged (`public."Users"`).
    static func sql(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { SQLIdentifier.quoted(String($0)) }
            .joined(separator: ".")
    }

    /// The last part of a snapshot name, quoted: a column, index, constraint, trigger or policy name.
    static func local(_ name: String, in parent: String) -> String {
        SQLIdentifier.quoted(String(name.dropFirst(parent.count + 1)))
    }

    /// `public.f(integer, text)` → `public.f(integer, text)` with the schema and function name quoted.
    static func routine(_ name: String) -> String {
        guard let open = name.firstIndex(of: "(") else { return sql(name) }
        return sql(String(name[..<open])) + name[open...]
    }

    /// A type as `format_type` renders it (`public."Role"`, `public.role[]`), unquoted (`public.Role[]`), to
    /// compare with a snapshot name.
    static func unquoted(_ type: String) -> String {
        var out = "", inQuotes = false
        var chars = type.makeIterator()
        while let c = chars.next() {
            if c == "\"" { inQuotes.toggle(); continue }
            out.append(c)
        }
        return out
    }

    /// A string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingAll("'", with: "''") + "'" }

    /// The labels of an enum (`values` is `a, b, c` in sort order).
    static func labels(_ values: String?) -> [String] {
        guard let values, !values.isEmpty else { return [] }
        return values.components(separatedBy: ", ")
    }

    /// True when `text` mentions the relation `name` (its SQL spelling followed by a non-name character).
    static func mentions(_ text: String, _ name: String) -> Bool {
        let spelled = sql(name)
        var search = text[...]
        while let r = search.range(of: spelled) {
            let next = search[r.upperBound...].first
            if next.map({ !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }) ?? true { return true }
            search = search[r.upperBound...]
        }
        return false
    }
}
