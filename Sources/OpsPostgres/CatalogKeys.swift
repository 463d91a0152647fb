/// Raw catalog fields of plain indexes and of primary key / unique / foreign key constraints, read
/// instead of asking the server for `pg_get_indexdef` / `pg_get_constraintdef`: those open each index's
/// relcache entry or look names up one by one, which made them the slowest part of introspection.
/// `DefinitionRenderer` turns these into the same text the server would print.
extension CatalogRows {
    struct IndexKey: Sendable {
        var relid: UInt32
        /// `relam`, named (and whether it orders: ASC/DESC/NULLS printed) by `RenderLookups.accessMethods`. An
        /// index on a partitioned table is partitioned: printed `ON ONLY`.
        var accessMethod: UInt32
        var unique, nullsNotDistinct: Bool
        /// `indnkeyatts`: the columns after these are INCLUDE columns.
        var keyCount: Int
        var columns: [Int16]
        var opclasses: [UInt32]
        var collations: [UInt32]
        var options: [Int16]
    }

    struct ConstraintKey: Sendable {
        var relid: UInt32
        var columns: [Int16]
        var foreignRelid: UInt32
        var foreignColumns: [Int16]
        /// `confupdtype`, `confdeltype`, `confmatchtype` codes.
        var onUpdate, onDelete, match: UInt8
        var deferrable, deferred, validated: Bool
        /// Primary key / unique: the backing index's INCLUDE columns and NULLS NOT DISTINCT.
        var include: [Int16]
        var nullsNotDistinct: Bool
        /// A CHECK's expression when simple enough to print here (else the server prints it), and NO INHERIT.
        var expression: CheckExpression? = nil
        var noInherit = false
    }

    /// Small catalogs the renderer needs: keywords (for quoting), operator classes, binary casts, collations.
    struct RenderLookups: Sendable {
        struct Opclass: Sendable {
            var method, inputType: UInt32
            var isDefault: Bool
            /// Input type is a pseudo-type (anyarray, anyenum, …).
            var polymorphic: Bool
            /// Schema when not pg_catalog (then the name is printed qualified).
            var schema: String?
            var name: String
        }
        var keywords: Set<String> = [] {
            didSet {
                keywordMaxLength = keywords.map(\.utf8.count).max() ?? 0
                keywordsHaveDigits = keywords.contains { $0.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
            }
        }
        /// What no keyword exceeds or holds (today: 17 bytes, no digit): most names need no set look-up.
        private(set) var keywordMaxLength = 0
        private(set) var keywordsHaveDigits = false
        var quoteAll = false
        var opclasses: [UInt32: Opclass] = [:]
        /// Index access methods by oid: name, and whether their indexes order.
        var accessMethods = IntegerMap<UInt32, (name: String, canOrder: Bool)>()
        /// `source << 32 | target` for every binary-coercible cast.
        var binaryCasts: Set<UInt64> = []
        var collations: [UInt32: (schema: String?, name: String)] = [:]
        /// pg_catalog's binary operators: name, left and right type.
        var operators: [UInt32: (name: String, left: UInt32, right: UInt32)] = [:]
        /// Types with a collation or that are domains (any other type has neither).
        var types = IntegerMap<UInt32, (collation: UInt32, domain: Bool)>()
    }
}

extension PGResult {
    /// An `int2vector` / `oidvector` cell (`"1 2 3"`) as integers.
    func vector<T: FixedWidthInteger>(_ row: Int, _ col: Int, as: T.Type = T.self) -> [T] {
        integers(row, col, separator: UInt8(ascii: " "))
    }

    /// An `int2[]` cell (`"{1,2}"`) as integers; NULL is empty.
    func int2Array(_ row: Int, _ col: Int) -> [Int16] {
        integers(row, col, separator: UInt8(ascii: ","))
    }

    /// An `oid` cell; NULL or anything not a number is 0.
    func oid(_ row: Int, _ col: Int) -> UInt32 {
        guard let cell = bytes(row, col) else { return 0 }
        return Self.integer(cell[...]) ?? 0
    }

    /// An `int2` cell; NULL or anything not a number is 0.
    func int16(_ row: Int, _ col: Int) -> Int16 {
        guard let cell = bytes(row, col) else { return 0 }
        return Self.integer(cell[...]) ?? 0
    }

    /// The integers of a cell, split at `separator`, braces ignored; an item that is not one is skipped.
    private func integers<T: FixedWidthInteger>(_ row: Int, _ col: Int, separator: UInt8) -> [T] {
        guard let cell = bytes(row, col), !cell.isEmpty else { return [] }
        var out: [T] = []
        var start = 0
        for k in 0...cell.count where k == cell.count || cell[k] == separator {
            var item = cell[start..<k]
            if item.first == UInt8(ascii: "{") { item = item.dropFirst() }
            if item.last == UInt8(ascii: "}") { item = item.dropLast() }
            if let value: T = Self.integer(item) { out.append(value) }
            start = k + 1
        }
        return out
    }

    /// Decimal text (an optional leading `-`) as `T`; nil when empty, not digits, or out of range.
    static func integer<T: FixedWidthInteger>(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> T? {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 20 else { return nil }
        var value: UInt64 = 0
        for b in rest {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(b - 0x30))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? T(exactly: Int64.min) : T(exactly: -Int64(value))
        }
        return T(exactly: value)
    }
}
