/// A hash map from integer keys (oids, `CatalogRows.columnKey`) to values, for the tens of thousands of look-ups
/// one introspection makes: open addressing with linear probing and a multiplicative hash, where `Dictionary`
/// hashes every key with SipHash. The values are kept densely, in insertion order; the table holds only keys and
/// positions. Filled once and then read: there is no removal. Keys are unsigned and below `UInt64.max`.
struct IntegerMap<Key: UnsignedInteger & FixedWidthInteger, Value>: ExpressibleByDictionaryLiteral {
    private var keys: [UInt64]
    private var positions: [Int32]
    private(set) var values: [Value] = []
    private var mask: Int

    /// A key no caller uses (`columnKey` of a real column and an oid are both below it): marks an empty slot.
    private static var empty: UInt64 { .max }

    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: Self.empty, count: size)
        positions = Array(repeating: 0, count: size)
        mask = size - 1
        values.reserveCapacity(capacity)
    }

    init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(capacity: elements.count)
        for (key, value) in elements { self[key] = value }
    }

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }

    /// Setting nil is not supported (a programming error): there is no removal.
    subscript(typedKey: Key) -> Value? {
        get {
            let key = UInt64(typedKey)
            var i = Self.slot(key, mask)
            while true {
                let k = keys[i]
                if k == key { return values[Int(positions[i])] }
                if k == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            let key = UInt64(typedKey)
            precondition(key != Self.empty, "IntegerMap: reserved key")
            guard let newValue else { preconditionFailure("IntegerMap: no removal") }
            if (values.count + 1) * 2 > keys.count { grow() }
            var i = Self.slot(key, mask)
            while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == key {
                values[Int(positions[i])] = newValue
            } else {
                keys[i] = key
                positions[i] = Int32(values.count)
                values.append(newValue)
            }
        }
    }

    /// Every key with its value, in no particular order.
    func forEach(_ body: (Key, Value) -> Void) {
        for (k, p) in zip(keys, positions) where k != Self.empty { body(Key(truncatingIfNeeded: k), values[Int(p)]) }
    }

    /// Doubles the table: the values stay where they are.
    private mutating func grow() {
        let oldKeys = keys, oldPositions = positions
        let size = keys.count * 2
        keys = Array(repeating: Self.empty, count: size)
        positions = Array(repeating: 0, count: size)
        mask = size - 1
        for (k, p) in zip(oldKeys, oldPositions) where k != Self.empty {
            var i = Self.slot(k, mask)
            while keys[i] != Self.empty { i = (i + 1) & mask }
            keys[i] = k
            positions[i] = p
        }
    }

    /// Fibonacci hashing: the high bits of key × 2⁶⁴/φ, so consecutive oids spread over the table.
    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}

extension IntegerMap: Sendable where Value: Sendable {}
