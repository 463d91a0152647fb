/// The schema of one database at one moment, as a set of objects keyed by kind and qualified name.
/// Built from catalog rows by the Postgres layer; cached on disk as JSON for replayed migration sets.
public struct SchemaSnapshot: Codable, Equatable, Sendable {
    public private(set) var objects: [ObjectKey: SchemaObject]

    public init(_ objects: [SchemaObject] = []) {
        var byKey: [ObjectKey: SchemaObject] = [:]
        byKey.reserveCapacity(objects.count)
        for object in objects { byKey[object.key] = object }
        self.objects = byKey
    }

    /// What introspection finds in a database just created from template0: the `public` schema only.
    public static let emptyDatabase = SchemaSnapshot([SchemaObject(kind: .schema, name: "public")])

    public mutating func insert(_ object: SchemaObject) { objects[object.key] = object }

    public subscript(kind: ObjectKind, name: String) -> SchemaObject? { objects[ObjectKey(kind, name)] }

    /// Objects in a stable order (kind, then name): for output and for deterministic tests.
    public var sorted: [SchemaObject] { objects.keys.sorted().map { objects[$0]! } }

    public func count(of kind: ObjectKind) -> Int { objects.keys.lazy.filter { $0.kind == kind }.count }

    /// Tables with their columns, for `describe` and completion.
    public var tableNames: [String] {
        objects.keys.filter { $0.kind == .table || $0.kind == .partition }.map(\.name).sorted()
    }

    // Codable as a sorted array: dictionaries with struct keys encode poorly and unstably.
    public init(from decoder: Decoder) throws {
        self.init(try [SchemaObject](from: decoder))
    }

    public func encode(to encoder: Encoder) throws { try sorted.encode(to: encoder) }
}
