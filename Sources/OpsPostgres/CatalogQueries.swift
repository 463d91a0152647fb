/// The catalog SQL, one set-based query per object kind, kept as named constants beside the code that
/// reads them. Column order is part of the contract with `CatalogIntrospector`'s row readers.
/// They run with `search_path = ''`, so the server renders every name schema-qualified.
enum CatalogQueries {
    /// User schemas only: `pg_*` (catalog, toast, temp) and `information_schema` are the system's.
    static func userSchema(_ namespace: String) -> String {
        "\(namespace).nspname NOT LIKE 'pg\\_%' AND \(namespace).nspname <> 'information_schema'"
    }

    /// Objects created by `CREATE EXTENSION` are the extension's, compared through its version only.
    /// Reached from the extensions through `pg_depend_reference_index` and hashed once per query:
    /// a per-object probe (or a scan of all of pg_depend) cost several ms per query on big schemas.
    static func notFromExtension(_ catalog: String, _ oid: String) -> String {
        """
        \(oid) NOT IN (SELECT d.objid FROM pg_extension e JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass \
        AND d.refobjid = e.oid WHERE d.deptype = 'e' AND d.classid = '\(catalog)'::regclass)
        """
    }

    /// Relations the comparison covers: user schema, not an extension's, not Prisma's history table. `n`: the
    /// joined pg_namespace, when the query joins it for the schema's name; otherwise the schema is checked by oid.
    static func userRelation(_ c: String, _ n: String? = nil) -> String {
        let schema = n.map(userSchema) ?? inUserSchema("\(c).relnamespace")
        return "\(schema) AND \(c).relname <> '_prisma_migrations' AND \(notFromExtension("pg_class", "\(c).oid"))"
    }

    /// One snapshot for every query; an empty search_path makes the server qualify every name it renders.
    static let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    static let emptySearchPath = "SET LOCAL search_path = ''"
    /// JIT only adds compile time to these short catalog queries (≈40 ms once a plan's cost passes jit_above_cost).
    static let noJIT = "SET LOCAL jit = off"

    /// nspname
    static let schemas = """
        SELECT n.nspname FROM pg_namespace n
        WHERE \(userSchema("n")) AND \(notFromExtension("pg_namespace", "n.oid"))
        """

    /// extname, extversion, schema
    static let extensions = """
        SELECT e.extname, e.extversion, n.nspname
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname <> 'plpgsql'
        """

    /// schema, name, labels joined with ", " in sort order
    static let enums = """
        SELECT n.nspname, t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typtype = 'e' AND \(userSchema("n")) AND \(notFromExtension("pg_type", "t.oid"))
        GROUP BY n.nspname, t.typname
        """

    /// oid, relkind, relispartition, schema and name of every relation the comparison covers; for a table (not a
    /// partition) also relpersistence unless `p`, the row-security flags (1 enabled, 2 forced; NULL for neither)
    /// and a partitioned table's partition key. Read first (in the transaction's opening round trip): the queries
    /// over many relations are restricted to these oids (`restricted`), so pg_class is searched with the
    /// user-schema and extension filters once, not once per query, and the tables come from this one search. Indexes and TOAST
    /// tables, most of pg_class, are passed over by the cheapest test first.
    static let relations = """
        SELECT c.oid, c.relkind, c.relispartition, n.nspname, c.relname,
               CASE WHEN c.relpersistence <> 'p' THEN c.relpersistence END,
               CASE WHEN c.relrowsecurity OR c.relforcerowsecurity
                    THEN c.relrowsecurity::int + 2 * c.relforcerowsecurity::int END,
               CASE WHEN c.relkind = 'p' AND NOT c.relispartition THEN pg_get_partkeydef(c.oid) END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind <> 'i' AND c.relkind <> 't' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c', 'f')
          AND \(userRelation("c", "n"))
        """

    /// table oid, the tables it INHERITS from (`schema.table, …` in order; one grouped join, not a subquery per
    /// table). Partitions and indexes have their own; the few children left are checked one by one (as `triggers`).
    static let inherits = """
        SELECT i.inhrelid, string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno)
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND \(userRelation("c"))
        GROUP BY i.inhrelid
        """

    /// Relations in user schemas: the schemas as a hashed subquery rather than a join to pg_namespace.
    static func inUserSchema(_ namespaceOID: String) -> String {
        "\(namespaceOID) IN (SELECT n.oid FROM pg_namespace n WHERE \(userSchema("n")))"
    }

    /// Servers from this version hash a long `= ANY(array)` (`restricted`); older ones search it row by row.
    static let hashedAnyVersion = 140000

    /// `column = ANY($1)`, the oids the `relations` query read in this snapshot, where the server hashes the array
    /// — a quarter less time in the big queries than finding the same relations again in pg_class, with its
    /// user-schema and extension filters, in each. On older servers, `otherwise`: that search.
    ///
    /// `asNumbers`: compared as bigint, for a column the planner keeps a most-common-values list for (attrelid,
    /// conrelid, indrelid: a table's oid repeats there): it would otherwise estimate each of the array's oids
    /// against that list, ~2.5 ms of planning per query at 3,000 tables, more than the hashed search then costs.
    static func restricted(_ column: String, _ v: Int, asNumbers: Bool = false, otherwise: String) -> String {
        guard v >= hashedAnyVersion else { return otherwise }
        return asNumbers ? "\(column)::int8 = ANY($1::int8[])" : "\(column) = ANY($1::oid[])"
    }

    /// `restricted` for a query without its own join to pg_class (its column repeats a table's oid: `asNumbers`):
    /// on older servers, a subquery of the relkinds `kinds`.
    static func inRelations(_ oid: String, kinds: String, partitions: Bool = true, serverVersion v: Int) -> String {
        restricted(oid, v, asNumbers: true, otherwise: """
            \(oid) IN (SELECT c.oid FROM pg_class c WHERE c.relkind IN (\(kinds))\(partitions ? "" : " AND NOT c.relispartition") \
            AND \(userRelation("c")))
            """)
    }

    /// `format_type` of the commonest built-in types without a modifier (their oids are fixed in every release):
    /// the columns query leaves these to the client (`builtinTypeName`), ~5% of its server time at 36,000 columns.
    /// Those `format_type` prints by name it quotes under `quote_all_identifiers`; the others are SQL words.
    static let builtinTypeNames: [UInt32: (name: String, byName: Bool)] = [
        16: ("boolean", false), 17: ("bytea", true), 20: ("bigint", false), 21: ("smallint", false),
        23: ("integer", false), 25: ("text", true), 114: ("json", true), 700: ("real", false),
        701: ("double precision", false), 1082: ("date", true), 1114: ("timestamp without time zone", false),
        1184: ("timestamp with time zone", false), 2950: ("uuid", true), 3802: ("jsonb", true),
    ]

    /// What `format_type(oid, -1)` prints for one of `builtinTypeNames`.
    static func builtinTypeName(_ oid: UInt32, quoteAll: Bool) -> String? {
        guard let type = builtinTypeNames[oid] else { return nil }
        return type.byName && quoteAll ? "\"" + type.name + "\"" : type.name
    }

    /// attrelid, column, type (NULL for `builtinTypeNames`), the flags in one text (`n` for NOT NULL, then the
    /// attidentity and attgenerated codes, which differ; NULL when none is set), attnum, atttypid, attcollation
    /// (NULL for none).
    /// By table oid, not by name, and without joins: the client names the table from `tables`, the collation from
    /// the `collations` lookup, takes the type's own collation from `types` and the default from `defaults` (at
    /// 36,000 columns the names and joins were half of the query, and each cell sent costs the server ~80 ns: a
    /// column of cells ~3 ms).
    /// `$1`: the tables (`inRelations`).
    static func columns(serverVersion v: Int) -> String {
        """
        SELECT a.attrelid, a.attname,
               CASE WHEN a.atttypmod = -1 AND a.atttypid IN (\(builtinTypeNames.keys.sorted().map(String.init).joined(separator: ", ")))
                    THEN NULL ELSE format_type(a.atttypid, a.atttypmod) END,
               CASE WHEN a.attnotnull OR a.attidentity <> '' OR a.attgenerated <> ''
                    THEN CASE WHEN a.attnotnull THEN 'n' ELSE '' END || a.attidentity::text || a.attgenerated::text END,
               a.attnum, a.atttypid, NULLIF(a.attcollation, 0)
        FROM pg_attribute a
        WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attislocal
          AND \(inRelations("a.attrelid", kinds: "'r', 'p'", partitions: false, serverVersion: v))
        """
    }

    /// adrelid, adnum, expression: the column defaults and generation expressions of the tables (`$1`; not their
    /// partitions' copies). A default cannot reference columns, so `pg_get_expr(adbin, 0)` renders it without
    /// opening the table — several times faster; an expression with a column reference (a `VAR` node: a
    /// generated column) is rendered against its table.
    static func defaults(serverVersion v: Int) -> String {
        """
        SELECT ad.adrelid, ad.adnum,
               pg_get_expr(ad.adbin, CASE WHEN ad.adbin::text LIKE '%{VAR %' THEN ad.adrelid ELSE 0 END)
        FROM pg_attrdef ad
        WHERE \(inRelations("ad.adrelid", kinds: "'r', 'p'", partitions: false, serverVersion: v))
        """
    }

    /// oid, collation, is a domain: the types a column's printed collation and index rendering depend on;
    /// any other type has neither.
    static let types = "SELECT t.oid, t.typcollation, t.typtype = 'd' FROM pg_type t WHERE t.typcollation <> 0 OR t.typtype = 'd'"

    /// schema, name, relkind ('v' or 'm'), definition, oid (a materialized view's indexes name it by oid).
    /// `$1`: views and materialized views.
    static func views(serverVersion v: Int) -> String {
        """
        SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid, true), c.oid
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE \(restricted("c.oid", v, otherwise: "c.relkind IN ('v', 'm') AND \(userRelation("c", "n"))"))
        """
    }

    /// schema, name, identity arguments, definition. Only functions and procedures: aggregates and
    /// window functions have no `pg_get_functiondef`.
    static let functions = """
        SELECT n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes), pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind IN ('f', 'p') AND \(userSchema("n")) AND \(notFromExtension("pg_proc", "p.oid"))
        """

    /// schema, name, type, start, increment, min, max, cache, cycle, OWNED BY column (`schema.table.column`).
    /// Identity columns' sequences (dependency 'i') belong to their column. `$1`: the sequences.
    static func sequences(serverVersion v: Int) -> String {
        """
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               (SELECT rn.nspname || '.' || rc.relname || '.' || a.attname
                FROM pg_depend d JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'
                  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 LIMIT 1)
        FROM pg_sequence s
        JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE \(restricted("c.oid", v, otherwise: userRelation("c", "n")))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'i')
        """
    }

    /// schema, table, trigger, definition, tgenabled. A partition's clone of its parent's trigger is the parent's.
    /// The few user triggers are checked against the user-schema filters one by one: the relations as a parameter
    /// (`restricted`) cost more to plan (the planner weighs each of thousands of oids) than these take to run.
    static func triggers(serverVersion v: Int) -> String {
        """
        SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND \(v >= 130000 ? "t.tgparentid = 0 AND " : "")\(userRelation("c", "n"))
        """
    }
}
