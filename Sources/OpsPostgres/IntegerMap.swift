/// A hash map from integer keys (oids, `CatalogRows.columnKey`) to values, for the tens of thousands of look-ups
/// one introspection makes: open addressing with linear probing and a multiplicative hash, where `Dictionary`
/// hashes every key with SipHash. No removal: the maps are filled once and then read.
struct IntegerMap<Value> {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0
    var isEmpty: Bool { count == 0 }

    /// A key no caller uses (`columnKey` of a real column and an oid are both below it): marks an empty slot.
    private static var empty: UInt64 { .max }

    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: Self.empty, count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
    }

    subscript(key: UInt64) -> Value? {
        get {
            var i = Self.slot(key, mask)
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            precondition(key != Self.empty, "IntegerMap: reserved key")
            guard let newValue else {
                // Removal is not supported: a nil value only ever replaces a value.
                if let i = find(key) { values[i] = nil }
                return
            }
            if (count + 1) * 2 > keys.count { grow() }
            var i = Self.slot(key, mask)
            while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == Self.empty { keys[i] = key; count += 1 }
            values[i] = newValue
        }
    }

    subscript(key: UInt32) -> Value? {
        get { self[UInt64(key)] }
        set { self[UInt64(key)] = newValue }
    }

    private func find(_ key: UInt64) -> Int? {
        var i = Self.slot(key, mask)
        while keys[i] != Self.empty {
            if keys[i] == key { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = Array(repeating: Self.empty, count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != Self.empty {
            if let v { self[k] = v }
        }
    }

    /// Fibonacci hashing: the high bits of key × 2⁶⁴/φ, so consecutive oids spread over the table.
    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}

extension IntegerMap: Sendable where Value: Sendable {}
