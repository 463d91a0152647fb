/// A migration recorded as rolled back whose effects are still in the live schema: the next deploy would run
/// it again into its own leftovers (42P07 / 42701). Found by `check` from the live catalog; the advice is to
/// remove them with the compensating SQL, never to deploy over them.
public struct RolledBackLeftovers: Equatable, Sendable {
    public var migration: String
    /// What is still there (`table public.personal_models`).
    public var objects: [String]
    /// Qualified names of what is still there, to tell leftovers from other drift.
    public var names: [String]
    /// The SQL that removes them (shown, never run).
    public var compensatingSQL: [String]

    public init(migration: String, objects: [String], names: [String], compensatingSQL: [String]) {
        self.migration = migration
        self.objects = objects
        self.names = names
        self.compensatingSQL = compensatingSQL
    }

    /// The leftovers of `migration` (rolled back, still in the folder) in `live`; nil when none remain.
    public static func find(_ migration: LocalMigration, live: SchemaSnapshot) -> RolledBackLeftovers? {
        let items = ResolveAdvisor.evidence(for: migration, live: live).items
        let present = items.filter { $0.present && ($0.reference.action == .created || $0.reference.action == .renamed) }
        guard !present.isEmpty else { return nil }
        // A leftover table's columns and constraints go with it: name the table only.
        let names = present.map(\.reference.name)
        let top = present.filter { item in !names.contains { item.reference.name.hasPrefix($0 + ".") } }
        return RolledBackLeftovers(migration: migration.name,
                                   objects: top.map { "\($0.reference.kind.rawValue) \($0.reference.name)" },
                                   names: present.map(\.reference.name),
                                   compensatingSQL: CompensatingSQL.statements(for: items, live: live))
    }

    /// Whether a drift finding is one of these leftovers (or part of a leftover table).
    public func explains(_ change: SchemaChange) -> Bool {
        names.contains { change.name == $0 || change.name.hasPrefix($0 + ".") }
    }
}
