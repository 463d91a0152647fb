import OpsCore

/// What `lint` needs from an environment: every user relation with its size, and which table each index
/// belongs to. Two set-based queries in one round trip; the sizes come from the catalog and the files'
/// lengths (`reltuples`, `pg_relation_size`), never from counting rows.
public enum LintCatalog {
    /// schema, name, reltuples, heap bytes, total bytes. A partitioned table sums its partitions.
    static let relations = """
        SELECT n.nspname, c.relname,
               CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(greatest(p.reltuples, 0)), 0)::float8
                    FROM pg_partition_tree(c.oid) t JOIN pg_class p ON p.oid = t.relid WHERE t.isleaf)
                    ELSE c.reltuples::float8 END,
               CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(t.relid)), 0)
                    FROM pg_partition_tree(c.oid) t WHERE t.isleaf) ELSE pg_relation_size(c.oid) END,
               CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)
                    FROM pg_partition_tree(c.oid) t WHERE t.isleaf) ELSE pg_total_relation_size(c.oid) END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND \(CatalogQueries.userSchema("n"))
        """

    /// index schema, index name, table schema, table name
    static let indexes = """
        SELECT n.nspname, i.relname, tn.nspname, t.relname
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
        JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE \(CatalogQueries.userSchema("n"))
        """

    public static func read(_ conn: PGConnection, environment: String, settings: LintSettings) throws -> LintContext {
        var context = LintContext(environment: environment, relations: [:], largeRows: settings.largeRows,
                                  largeBytes: settings.largeBytes)
        var found: [String: LintContext.Relation] = [:], owners: [String: String] = [:]
        try conn.pipeline([relations, indexes]) { index, result in
            for row in 0..<result.rowCount {
                if index == 0 {
                    found[result.text(row, 0) + "." + result.text(row, 1)] = LintContext.Relation(
                        estimatedRows: Double(result.text(row, 2)) ?? -1, heapBytes: Int64(result.text(row, 3)) ?? 0,
                        totalBytes: Int64(result.text(row, 4)) ?? 0)
                } else {
                    owners[result.text(row, 0) + "." + result.text(row, 1)] = result.text(row, 2) + "." + result.text(row, 3)
                }
            }
        }
        // Assigned once each: every assignment indexes the names again.
        context.relations = found
        context.indexTables = owners
        return context
    }
}
