/// Raw catalog fields of plain indexes and of primary key / unique / foreign key constraints, read
/// instead of asking the server for `pg_get_indexdef` / `pg_get_constraintdef`: those open each index's
/// relcache entry or look names up one by one, which made them the slowest part of introspection.
/// `DefinitionRenderer` turns these into the same text the server would print.
extension CatalogRows {
    struct IndexKey: Sendable {
        var relid: UInt32
        var method: String
        /// `amcanorder`: whether ASC/DESC/NULLS options are printed.
        var canOrder: Bool
        var unique, nullsNotDistinct: Bool
        /// A partitioned index: printed `ON ONLY`.
        var partitioned: Bool
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
        var keywords: Set<String> = []
        var quoteAll = false
        var opclasses: [UInt32: Opclass] = [:]
        /// `source << 32 | target` for every binary-coercible cast.
        var binaryCasts: Set<UInt64> = []
        var collations: [UInt32: (schema: String?, name: String)] = [:]
        /// pg_catalog's binary operators: name, left and right type.
        var operators: [UInt32: (name: String, left: UInt32, right: UInt32)] = [:]
        /// Types with a collation or that are domains (any other type has neither).
        var types: [UInt32: (collation: UInt32, domain: Bool)] = [:]
    }
}

extension PGResult {
    /// An `int2vector` / `oidvector` cell (`"1 2 3"`) as integers.
    func vector<T: FixedWidthInteger>(_ row: Int, _ col: Int, as: T.Type = T.self) -> [T] {
        text(row, col).split(separator: " ").compactMap { T($0) }
    }

    /// An `int2[]` cell (`"{1,2}"`) as integers; NULL is empty.
    func int2Array(_ row: Int, _ col: Int) -> [Int16] {
        guard let s = string(row, col) else { return [] }
        return s.dropFirst().dropLast().split(separator: ",").compactMap { Int16($0) }
    }

    func oid(_ row: Int, _ col: Int) -> UInt32 { UInt32(text(row, col)) ?? 0 }
}
