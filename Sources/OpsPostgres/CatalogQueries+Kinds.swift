/// The object kinds added after the first model: partitions, row-level security policies, collations, domains,
/// composite types and (only when asked) privileges. One set-based query each, like the others.
extension CatalogQueries {
    /// schema, partition, parent schema, parent, bound, partition key when it is partitioned itself. `$1`: the
    /// partitions.
    static func partitions(serverVersion v: Int) -> String {
        """
        SELECT n.nspname, c.relname, pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid),
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, c.oid
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_inherits i ON i.inhrelid = c.oid
        JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE \(restricted("c.oid", v, otherwise: "c.relispartition AND c.relkind IN ('r', 'p') AND \(userRelation("c", "n"))"))
        """
    }

    /// schema, table, policy, permissive, command (r a w d *), roles (sorted, PUBLIC for 0), USING, WITH CHECK. The
    /// few policies are checked against the user-schema filters one by one (as `triggers`).
    static let policies = """
        SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd,
               (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END, ', '
                                  ORDER BY CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END)
                FROM unnest(p.polroles) r),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p
        JOIN pg_class c ON c.oid = p.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE \(userRelation("c", "n"))
        """

    /// schema, name, provider, locale (ICU / builtin), lc_collate, lc_ctype, deterministic
    static func collationObjects(serverVersion v: Int) -> String {
        let locale = v >= 170000 ? "co.colllocale" : v >= 150000 ? "co.colliculocale" : "NULL::text"
        return """
        SELECT n.nspname, co.collname, co.collprovider, \(locale), co.collcollate, co.collctype, co.collisdeterministic
        FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
        WHERE \(userSchema("n")) AND \(notFromExtension("pg_collation", "co.oid"))
        """
    }

    /// schema, name, base type, not null, default, collation (when not the base type's), CHECK constraints as
    /// `name CHECK (…)` joined with "; " in name order.
    static let domains = """
        SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
               CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN
                   CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                        ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
               END,
               (SELECT string_agg(quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), '; ' ORDER BY k.conname)
                FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c')
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_type b ON b.oid = t.typbasetype
        LEFT JOIN pg_collation co ON co.oid = t.typcollation
        LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE t.typtype = 'd' AND \(userSchema("n")) AND \(notFromExtension("pg_type", "t.oid"))
        """

    /// schema, name, attributes as `name type [COLLATE c]` joined with ", " in attribute order. `$1`: the
    /// composite types' relations.
    static func compositeTypes(serverVersion v: Int) -> String {
        let relation = v >= hashedAnyVersion ? "t.typrelid = ANY($1::oid[])"
            : "t.typrelid IN (SELECT c.oid FROM pg_class c WHERE c.relkind = 'c')"
        return """
        SELECT n.nspname, t.typname,
               (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                           THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END, ', ' ORDER BY a.attnum)
                FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                LEFT JOIN pg_collation co ON co.oid = a.attcollation
                WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'c' AND \(relation) AND \(userSchema("n")) AND \(notFromExtension("pg_type", "t.oid"))
        """
    }

    /// object type, object's snapshot name, grantee (PUBLIC for 0), privileges (`SELECT`, `INSERT WITH GRANT
    /// OPTION`, … sorted, joined with ", "). The owner's own privileges are implicit and left out; an object with
    /// no ACL has its defaults (`acldefault`: EXECUTE to PUBLIC on a function), so a first GRANT changes nothing else.
    static let privileges = """
        WITH acl AS (
            SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind,
                   n.nspname || '.' || c.relname AS name, c.relowner AS owner,
                   coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)) AS acl
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND \(userRelation("c", "n"))
            UNION ALL
            SELECT 'function', n.nspname || '.' || p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')',
                   p.proowner, coalesce(p.proacl, acldefault('f', p.proowner))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind IN ('f', 'p') AND \(userSchema("n"))
              AND \(notFromExtension("pg_proc", "p.oid"))
            UNION ALL
            SELECT 'schema', n.nspname, n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner))
            FROM pg_namespace n WHERE \(userSchema("n"))
              AND \(notFromExtension("pg_namespace", "n.oid"))
        )
        SELECT acl.kind, acl.name, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END,
               string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
                          ORDER BY x.privilege_type)
        FROM acl, LATERAL aclexplode(acl.acl) x
        WHERE x.grantee <> acl.owner
        GROUP BY acl.kind, acl.name, x.grantee
        """
}
