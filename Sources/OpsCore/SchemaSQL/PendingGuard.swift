/// A revert that drops an object a migration the environment has not applied yet creates (the leftovers of a
/// failed migration marked rolled back) must not drop it where that migration did run: each such drop is
/// guarded by the migration not being applied there (`_prisma_migrations`), and the fix must sort before it.
public enum PendingGuard {
    public struct Creator: Equatable, Sendable {
        public var kind: ObjectKind
        public var name: String
        public var migration: String

        public init(kind: ObjectKind, name: String, migration: String) {
            self.kind = kind
            self.name = name
            self.migration = migration
        }
    }

    /// The objects `migrations` create, by kind and name.
    public static func creators(_ migrations: [LocalMigration]) -> [Creator] {
        migrations.flatMap { m in
            SQLObjectExtractor.references(in: m.sql).filter { $0.action == .created }
                .map { Creator(kind: $0.kind, name: $0.name, migration: m.name) }
        }
    }

    /// The script with those drops guarded, and the migrations they wait for.
    public static func guardDrops(_ script: MigrationScript, creators: [Creator]) -> (MigrationScript, [String]) {
        var out = script
        var waits: [String] = []
        for i in out.transactional.indices {
            let sql = out.transactional[i].sql
            // A migration's CREATE TYPE … AS ENUM names an enum; its snapshot kind is the same object either way.
            guard let dropped = out.transactional[i].drops,
                  let c = creators.first(where: { $0.name == dropped.name && ($0.kind == dropped.kind
                      || [$0.kind, dropped.kind].allSatisfy { [.enum, .type].contains($0) }) })
            else { continue }
            // Each IF is planned when it runs: the history table is looked up only where it exists.
            let drop = Idempotent.statement(.init(sql)).last!.sql
            out.transactional[i].sql = """
                DO $evermed$
                BEGIN
                    IF to_regclass('public._prisma_migrations') IS NULL THEN
                        \(drop);
                    ELSIF NOT EXISTS (SELECT 1 FROM public._prisma_migrations WHERE migration_name = \(SchemaSQL.literal(c.migration))
                                      AND finished_at IS NOT NULL AND rolled_back_at IS NULL) THEN
                        \(drop);
                    END IF;
                END
                $evermed$
                """
            out.transactional[i].loses = (out.transactional[i].loses.map { $0 + "; " } ?? "")
                + "only where \(c.migration) is not applied (there, \(c.name) is what its failed run left)"
            if !waits.contains(c.migration) { waits.append(c.migration) }
        }
        return (out, waits)
    }
}
