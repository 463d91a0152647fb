/// The schema of one database at one moment, as a set of objects keyed by kind and qualified name.
/// Built from catalog rows by the Postgres layer; cached on disk as JSON for replayed migration sets.
///
/// Stored as one array ordered by `slot` — the kind's rank, then a hash of the name, then the name — with
/// the slots beside it: a lookup is a binary search over integers, and two snapshots are compared by walking
/// both arrays in step (`merge`), with no hashing and no copying of objects. At 60,000 objects a side this
/// is several times faster than a dictionary of objects, and smaller.
public struct SchemaSnapshot: Codable, Equatable, Sendable {
    /// Ordered by (`slots[i]`, name); one object per key.
    public private(set) var all: [SchemaObject]
    private var slots: [UInt64]

    public init(_ objects: consuming [SchemaObject] = []) {
        // Sort (slot, position) pairs as plain integers; names only break the rare equal slots.
        var order = objects.indices.map { (slot: Self.slot(objects[$0].kind, objects[$0].name), at: $0) }
        order.sort { $0.slot != $1.slot ? $0.slot < $1.slot : $0.at < $1.at }
        var run = 0
        while run < order.count {
            var end = run + 1
            while end < order.count && order[end].slot == order[run].slot { end += 1 }
            if end - run > 1 {
                order[run..<end].sort { a, b in
                    objects[a.at].name != objects[b.at].name ? objects[a.at].name < objects[b.at].name : a.at < b.at
                }
            }
            run = end
        }
        var all: [SchemaObject] = [], slots: [UInt64] = []
        all.reserveCapacity(order.count)
        slots.reserveCapacity(order.count)
        for (slot, at) in order {
            // Of several objects with one key, the last given is kept.
            if slots.last == slot, all[all.count - 1].name == objects[at].name {
                all[all.count - 1] = objects[at]
            } else {
                all.append(objects[at])
                slots.append(slot)
            }
        }
        self.all = all
        self.slots = slots
    }

    /// What introspection finds in a database just created from template0: the `public` schema only.
    public static let emptyDatabase = SchemaSnapshot([SchemaObject(kind: .schema, name: "public")])

    public var count: Int { all.count }

    /// Adds the object, or replaces the one with its key.
    public mutating func insert(_ object: SchemaObject) {
        let slot = Self.slot(object.kind, object.name)
        var i = lowerBound(slot)
        while i < all.count && slots[i] == slot && all[i].name < object.name { i += 1 }
        if i < all.count && slots[i] == slot && all[i].name == object.name {
            all[i] = object
        } else {
            all.insert(object, at: i)
            slots.insert(slot, at: i)
        }
    }

    public subscript(kind: ObjectKind, name: String) -> SchemaObject? {
        let slot = Self.slot(kind, name)
        var i = lowerBound(slot)
        while i < all.count && slots[i] == slot {
            if all[i].name == name { return all[i] }
            i += 1
        }
        return nil
    }

    public subscript(key: ObjectKey) -> SchemaObject? { self[key.kind, key.name] }

    /// The objects of one kind (contiguous: the kind's rank leads the slot), in no particular order.
    public func objects(of kind: ObjectKind) -> ArraySlice<SchemaObject> {
        all[lowerBound(UInt64(kind.rank) << Self.rankShift)..<lowerBound(UInt64(kind.rank + 1) << Self.rankShift)]
    }

    /// Objects in a stable order (kind, then name): for output and for deterministic tests.
    public var sorted: [SchemaObject] { all.sorted { $0.key < $1.key } }

    public func count(of kind: ObjectKind) -> Int { objects(of: kind).count }

    /// Tables with their columns, for `describe` and completion.
    public var tableNames: [String] { (objects(of: .table) + objects(of: .partition)).map(\.name).sorted() }

    /// Walks two snapshots in step: `both` for an object on each side with the same key, `onlyLeft` and
    /// `onlyRight` for the rest, each in slot order.
    public static func merge(_ left: SchemaSnapshot, _ right: SchemaSnapshot,
                             both: (SchemaObject, SchemaObject) -> Void,
                             onlyLeft: (SchemaObject) -> Void, onlyRight: (SchemaObject) -> Void) {
        var i = 0, j = 0
        while i < left.all.count && j < right.all.count {
            let a = left.slots[i], b = right.slots[j]
            if a < b || (a == b && left.all[i].name < right.all[j].name) {
                onlyLeft(left.all[i]); i += 1
            } else if a > b || left.all[i].name != right.all[j].name {
                onlyRight(right.all[j]); j += 1
            } else {
                both(left.all[i], right.all[j]); i += 1; j += 1
            }
        }
        while i < left.all.count { onlyLeft(left.all[i]); i += 1 }
        while j < right.all.count { onlyRight(right.all[j]); j += 1 }
    }

    // MARK: Slots

    /// Kinds number fewer than 32: five bits of rank, 59 of FNV-1a hash of the name.
    private static let rankShift: UInt64 = 59

    static func slot(_ kind: ObjectKind, _ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return UInt64(kind.rank) << rankShift | hash >> (64 - rankShift)
    }

    /// The first index whose slot is not below `slot`.
    private func lowerBound(_ slot: UInt64) -> Int {
        var low = 0, high = slots.count
        while low < high {
            let mid = (low + high) / 2
            if slots[mid] < slot { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // Codable as an array sorted by kind and name: stable across runs and readable.
    public init(from decoder: Decoder) throws {
        self.init(try [SchemaObject](from: decoder))
    }

    public func encode(to encoder: Encoder) throws { try sorted.encode(to: encoder) }
}
