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
        // Slots sorted as plain integers (a stable radix sort: equal slots stay in the order given), then the
        // objects moved into that order in place — no copies, so no reference counting of their strings.
        var order = objects.withUnsafeBufferPointer { items in
            Self.radixSorted(items.indices.map { (slot: Self.slot(items[$0].kind, items[$0].name), at: $0) })
        }
        // Names only break the rare equal slots.
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
        var all = consume objects
        var slots = order.map(\.slot)
        var kept = 0
        all.withUnsafeMutableBufferPointer { items in
            Self.permute(items, into: order.map(\.at))
            // Of several objects with one key, the last given is kept (equal keys are adjacent, in the order given).
            for i in items.indices {
                if kept > 0 && slots[kept - 1] == slots[i] && items[kept - 1].name == items[i].name {
                    Self.exchange(items, kept - 1, i)
                } else {
                    if kept != i { Self.exchange(items, kept, i); slots[kept] = slots[i] }
                    kept += 1
                }
            }
        }
        all.removeLast(all.count - kept)
        slots.removeLast(slots.count - kept)
        self.all = all
        self.slots = slots
    }

    /// Reorders `items` so that item `k` is the one that was at `sources[k]` (a permutation), by swaps.
    private static func permute(_ items: UnsafeMutableBufferPointer<SchemaObject>, into sources: [Int]) {
        var sources = sources
        for i in sources.indices {
            // Follow the cycle to where the wanted item has been moved by earlier swaps.
            var k = sources[i]
            while k < i { k = sources[k] }
            if k != i { exchange(items, i, k) }
            sources[i] = k
        }
    }

    /// Exchanges two items by moving them (`Array.swapAt` copies, retaining and releasing every string).
    @inline(__always)
    private static func exchange(_ items: UnsafeMutableBufferPointer<SchemaObject>, _ i: Int, _ j: Int) {
        guard i != j, let base = items.baseAddress else { return }
        let held = (base + i).move()
        (base + i).moveInitialize(from: base + j, count: 1)
        (base + j).initialize(to: held)
    }

    /// Sorted by slot, equal slots in the order given: a stable LSD radix sort, 11 bits a pass, for big inputs.
    private static func radixSorted(_ input: [(slot: UInt64, at: Int)]) -> [(slot: UInt64, at: Int)] {
        guard input.count > 2048 else { return input.sorted { $0.slot != $1.slot ? $0.slot < $1.slot : $0.at < $1.at } }
        let bits: UInt64 = 11, mask = (1 << Int(bits)) - 1
        var a = input, b = input
        var counts = [Int](repeating: 0, count: 1 << Int(bits))
        let highest = input.reduce(0) { max($0, $1.slot) }
        for shift in stride(from: UInt64(0), to: 64, by: Int(bits)) where highest >> shift != 0 {
            for k in counts.indices { counts[k] = 0 }
            for e in a { counts[Int(truncatingIfNeeded: e.slot >> shift) & mask] += 1 }
            if counts.contains(a.count) { continue }  // one digit value throughout: nothing to move
            var total = 0
            for k in counts.indices { let c = counts[k]; counts[k] = total; total += c }
            for e in a {
                let d = Int(truncatingIfNeeded: e.slot >> shift) & mask
                b[counts[d]] = e
                counts[d] += 1
            }
            swap(&a, &b)
        }
        return a
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
        merge(left, right, ranges: (0..<left.all.count, 0..<right.all.count), both: both, onlyLeft: onlyLeft,
              onlyRight: onlyRight)
    }

    /// `count` pairs of ranges of `left.all` and `right.all`, in order, each holding the same keys on both sides: a
    /// `merge` cut into pieces that can be walked apart (on several threads) and then put back in order.
    public static func mergeRanges(_ left: SchemaSnapshot, _ right: SchemaSnapshot,
                                   count: Int) -> [(left: Range<Int>, right: Range<Int>)] {
        var cuts: [(Int, Int)] = [(0, 0)]
        for k in 1..<max(count, 1) {
            let i = k * left.all.count / count
            guard i > cuts[cuts.count - 1].0, i < left.all.count else { continue }
            // The first object on the right whose key is not below left's i-th.
            let slot = left.slots[i], name = left.all[i].name
            var j = right.lowerBound(slot)
            while j < right.all.count && right.slots[j] == slot && right.all[j].name < name { j += 1 }
            guard j >= cuts[cuts.count - 1].1 else { continue }
            cuts.append((i, j))
        }
        cuts.append((left.all.count, right.all.count))
        return (1..<cuts.count).map { (cuts[$0 - 1].0..<cuts[$0].0, cuts[$0 - 1].1..<cuts[$0].1) }
    }

    /// `merge` over one pair of `mergeRanges`.
    public static func merge(_ left: SchemaSnapshot, _ right: SchemaSnapshot, ranges: (left: Range<Int>, right: Range<Int>),
                             both: (SchemaObject, SchemaObject) -> Void,
                             onlyLeft: (SchemaObject) -> Void, onlyRight: (SchemaObject) -> Void) {
        var i = ranges.left.lowerBound, j = ranges.right.lowerBound
        let leftEnd = ranges.left.upperBound, rightEnd = ranges.right.upperBound
        while i < leftEnd && j < rightEnd {
            let a = left.slots[i], b = right.slots[j]
            if a < b || (a == b && left.all[i].name < right.all[j].name) {
                onlyLeft(left.all[i]); i += 1
            } else if a > b || left.all[i].name != right.all[j].name {
                onlyRight(right.all[j]); j += 1
            } else {
                both(left.all[i], right.all[j]); i += 1; j += 1
            }
        }
        while i < leftEnd { onlyLeft(left.all[i]); i += 1 }
        while j < rightEnd { onlyRight(right.all[j]); j += 1 }
    }

    // MARK: Slots

    /// Kinds number fewer than 32: five bits of rank, 27 of a hash of the name. Thirty-two bits sort in three
    /// radix passes; the few names that share a slot (a handful among 36,000 columns) are ordered by name.
    private static let rankShift: UInt64 = 27

    static func slot(_ kind: ObjectKind, _ name: String) -> UInt64 {
        UInt64(kind.rank) << rankShift | hash(name) >> (64 - rankShift)
    }

    /// A multiply-rotate hash of the name's UTF-8, eight bytes at a time (FxHash's step, with a final mix so
    /// the high bits the slot keeps depend on every byte).
    private static func hash(_ name: String) -> UInt64 {
        if let h = name.utf8.withContiguousStorageIfAvailable(hash) { return h }  // no copy of the string
        var name = name
        return name.withUTF8(hash)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        let k: UInt64 = 0x517C_C1B7_2722_0A95
        var i = 0
        let n = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = ((h << 5) | (h >> 59)) ^ word
            h = h &* k
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { word |= UInt64(raw[i]) << shift; shift += 8; i += 1 }
            h = (((h << 5) | (h >> 59)) ^ word) &* k
        }
        // Final avalanche (murmur3 fmix64).
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
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
