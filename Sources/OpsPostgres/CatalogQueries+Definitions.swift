/// The index and constraint queries, and the small lookups `DefinitionRenderer` needs. They return raw
/// catalog fields; the server renders (`pg_get_indexdef`, `pg_get_constraintdef`) only what the client
/// does not: expressions, predicates, storage options, CHECK and EXCLUDE, newer syntax.
extension CatalogQueries {
    /// Operator classes whose index columns may carry options (`opclass (siglen = …)`): the options
    /// support procedure numbers of the core access methods; for any other method, every opclass counts.
    static let opclassesWithOptions = """
        (SELECT coalesce(array_agg(o.oid), '{}') FROM pg_opclass o JOIN pg_am a ON a.oid = o.opcmethod
         WHERE EXISTS (SELECT 1 FROM pg_amproc p WHERE p.amprocfamily = o.opcfamily AND p.amproclefttype = o.opcintype
           AND p.amprocnum = CASE a.amname WHEN 'btree' THEN 5 WHEN 'hash' THEN 3 WHEN 'gist' THEN 10 WHEN 'gin' THEN 7
                                           WHEN 'spgist' THEN 6 WHEN 'brin' THEN 5 ELSE p.amprocnum END))
        """

    /// Syntax the client renders was checked against these server versions; later ones print everything.
    static func clientRenders(_ serverVersion: Int) -> Bool { serverVersion < 180000 }

    /// indrelid, index, indexrelid, relam (named by `accessMethods`), unique, nulls not distinct, indnkeyatts,
    /// indkey, indclass, indcollation, indoption, server definition (NULL when the client renders). The
    /// client names the table by oid, and knows an index is partitioned by its table (`relations`). Indexes
    /// backing a primary key, unique or exclusion constraint are reported as that constraint. `$1`: tables,
    /// partitions and materialized views (`inRelations`); `$2` the materialized views alone (their indexes the
    /// server renders).
    static func indexes(serverVersion v: Int) -> String {
        let matview = v >= hashedAnyVersion ? "x.indrelid = ANY($2::oid[])"
            : "x.indrelid IN (SELECT oid FROM pg_class WHERE relkind = 'm')"
        let serverRenders = clientRenders(v) ? """
            x.indexprs IS NOT NULL OR x.indpred IS NOT NULL OR i.reloptions IS NOT NULL OR \(matview)
                 OR x.indclass::oid[] && \(v >= 130000 ? opclassesWithOptions : "'{}'::oid[]")
            """ : "true"
        return """
        SELECT x.indrelid, i.relname, x.indexrelid, i.relam, x.indisunique,
               \(v >= 150000 ? "x.indnullsnotdistinct" : "false"), x.indnkeyatts,
               x.indkey, x.indclass, x.indcollation, x.indoption,
               CASE WHEN \(serverRenders) THEN pg_get_indexdef(x.indexrelid) END
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        WHERE \(inRelations("x.indrelid", kinds: "'r', 'p', 'm'", serverVersion: v))
          AND x.indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE contype IN ('p', 'u', 'x'))
          AND x.indexrelid NOT IN (SELECT inhrelid FROM pg_inherits)
        """
    }

    /// conrelid, constraint, contype, oid, conkey (not for a CHECK), confrelid, confkey, the three FK action and
    /// match codes in one text (FKs only), flags (NULL when none: 1 deferrable, 2 deferred, 4 not valid, 8 NO
    /// INHERIT), the backing index's indkey when it has INCLUDE columns and NULLS NOT DISTINCT when set (primary
    /// key, unique), server definition (NULL when the client renders), a CHECK's expression tree (`conbin`). Each
    /// cell the server sends costs it ~55 ns, and most of these are the same for nearly every constraint: they
    /// come as NULL unless they say something. The client names the table by oid. `pg_get_constraintdef` of a CHECK
    /// opens its table: cold, a third of the server's time on a schema with thousands of them; the client renders
    /// the simple ones (`CheckRenderer`). Only the backing indexes with INCLUDE columns or NULLS NOT DISTINCT are
    /// joined (a handful, not every index: hashing all of pg_index was a fifth of the query). `$1`: tables and
    /// partitions (`inRelations`).
    static func constraints(serverVersion v: Int) -> String {
        var serverRenders = "k.contype NOT IN ('p', 'u', 'f', 'c')"
        if v >= 150000 { serverRenders += " OR k.confdelsetcols IS NOT NULL" }
        if v >= 170000 { serverRenders += " OR k.conperiod" }
        if !clientRenders(v) { serverRenders = "true" }
        return """
        SELECT k.conrelid, k.conname, k.contype, k.oid, CASE WHEN k.contype <> 'c' THEN k.conkey END,
               CASE WHEN k.contype = 'f' THEN k.confrelid END, k.confkey,
               CASE WHEN k.contype = 'f' THEN k.confupdtype::text || k.confdeltype::text || k.confmatchtype::text END,
               CASE WHEN k.condeferrable OR NOT k.convalidated OR k.connoinherit
                    THEN k.condeferrable::int + 2 * k.condeferred::int + 4 * (NOT k.convalidated)::int + 8 * k.connoinherit::int END,
               CASE WHEN x.indnatts > x.indnkeyatts THEN x.indkey END,
               \(v >= 150000 ? "NULLIF(x.indnullsnotdistinct, false)" : "NULL::bool"),
               CASE WHEN \(serverRenders) THEN pg_get_constraintdef(k.oid) END,
               CASE WHEN k.contype = 'c' THEN k.conbin END
        FROM pg_constraint k
        LEFT JOIN (SELECT i.indexrelid, i.indnatts, i.indnkeyatts, i.indkey\(v >= 150000 ? ", i.indnullsnotdistinct" : "")
                   FROM pg_index i WHERE i.indnatts > i.indnkeyatts\(v >= 150000 ? " OR i.indnullsnotdistinct" : "")) x
          ON x.indexrelid = k.conindid AND k.contype IN ('p', 'u')
        WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conparentid = 0 AND k.conislocal
          AND \(inRelations("k.conrelid", kinds: "'r', 'p'", serverVersion: v))
        """
    }

    /// Words `quote_ident` quotes (every keyword not unreserved), space-separated; quote_all_identifiers.
    static let keywords = """
        SELECT string_agg(word, ' '), current_setting('quote_all_identifiers')
        FROM pg_get_keywords() WHERE catcode <> 'U'
        """

    /// oid, name, left type, right type of pg_catalog's binary operators (CHECK expressions print them bare).
    static let operators = """
        SELECT o.oid, o.oprname, o.oprleft, o.oprright FROM pg_operator o
        WHERE o.oprnamespace = 'pg_catalog'::regnamespace AND o.oprkind = 'b'
        """

    /// oid, name, whether its indexes order (ASC/DESC/NULLS are printed) of every index access method
    static let accessMethods = """
        SELECT a.oid, a.amname, pg_indexam_has_property(a.oid, 'can_order') FROM pg_am a WHERE a.amtype = 'i'
        """

    /// oid, method, input type, default, input type is a pseudo-type, schema unless pg_catalog, name
    static let opclasses = """
        SELECT o.oid, o.opcmethod, o.opcintype, o.opcdefault, t.typtype = 'p',
               CASE WHEN o.opcnamespace <> 'pg_catalog'::regnamespace THEN ns.nspname END, o.opcname
        FROM pg_opclass o JOIN pg_namespace ns ON ns.oid = o.opcnamespace JOIN pg_type t ON t.oid = o.opcintype
        """

    /// source, target of binary-coercible casts
    static let binaryCasts = "SELECT castsource, casttarget FROM pg_cast WHERE castmethod = 'b'"

    /// oid, schema unless pg_catalog, name
    static let collations = """
        SELECT co.oid, CASE WHEN co.collnamespace <> 'pg_catalog'::regnamespace THEN ns.nspname END, co.collname
        FROM pg_collation co JOIN pg_namespace ns ON ns.oid = co.collnamespace
        """

    /// Definitions the client could not render (a domain column, an ambiguous default opclass, a foreign
    /// key to a table outside the comparison): `$1` is an oid[] of indexes, `$2` of constraints.
    static let leftoverDefinitions = """
        SELECT 'i', o, pg_get_indexdef(o) FROM unnest($1::oid[]) o
        UNION ALL SELECT 'c', o, pg_get_constraintdef(o) FROM unnest($2::oid[]) o
        """
}
