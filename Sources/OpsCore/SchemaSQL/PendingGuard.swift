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

    /// The script (already idempotent) with those drops guarded, and the migrations they wait for.
    public static func guardDrops(_ script: MigrationScript, creators: [Creator]) -> (MigrationScript, [String]) {
        var out = script
        var waits: [String] = []
        for i in out.transactional.indices {
            // A migration's CREATE TYPE … AS ENUM names an enum; its snapshot kind is the same object either way.
            guard let dropped = out.transactional[i].drops,
                  let c = creators.first(where: { $0.name == dropped.name && ($0.kind == dropped.kind
                      || [$0.kind, dropped.kind].allSatisfy { [.enum, .type].contains($0) }) })
            else { continue }
            // The history table is read only where it exists (the ELSIF is planned only when reached).
            let drop = out.transactional[i].sql
            let applied = "NOT EXISTS (SELECT 1 FROM public._prisma_migrations WHERE migration_name = "
                + "\(SchemaSQL.literal(c.migration)) AND finished_at IS NOT NULL AND rolled_back_at IS NULL)"
            out.transactional[i].sql = Idempotent.doBlock(branches: [
                ("to_regclass('public._prisma_migrations') IS NULL", drop), (applied, drop),
            ])
            out.transactional[i].loses = (out.transactional[i].loses.map { $0 + "; " } ?? "")
                + "only where \(c.migration) is not applied (there, \(c.name) is what its failed run left)"
            if !waits.contains(c.migration) { waits.append(c.migration) }
        }
        return (out, waits)
    }
}
