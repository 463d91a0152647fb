/// An object a migration creates, changes, drops or renames, named the way `SchemaSnapshot` names it, so
/// `resolve` can look for the migration's effects in the live catalog.
public struct ObjectReference: Equatable, Sendable {
    public enum Action: String, Codable, Sendable {
        case created, altered, dropped, renamed
    }

    public var kind: ObjectKind
    /// `public.users`, `public.users.email`, `public.users.users_pkey`, `public.set_updated_at()`.
    /// Two exceptions, because the statement does not say more: an index dropped or renamed by its name
    /// alone is `schema.index` (its table is not written), and a function keeps its arguments as written.
    public var name: String
    public var action: Action
    /// For `.renamed`: the name before the rename.
    public var renamedFrom: String?

    public init(kind: ObjectKind, name: String, action: Action, renamedFrom: String? = nil) {
        self.kind = kind
        self.name = name
        self.action = action
        self.renamedFrom = renamedFrom
    }
}
