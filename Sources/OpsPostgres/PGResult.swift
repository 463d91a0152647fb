@preconcurrency import CLibPQ

/// Owns one `PGresult*` so it is freed exactly once (`PQclear` in `deinit`), and reads its cells as
/// text without going through Foundation: introspection reads tens of thousands of cells per run.
public final class PGResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// Name of column `col`, as the server reported it.
    public func columnName(_ col: Int) -> String { String(cString: PQfname(handle, Int32(col))) }

    /// The cell's text, or nil when it is SQL NULL (`PQgetisnull`); an empty string is "".
    @inline(__always)
    public func string(_ row: Int, _ col: Int) -> String? {
        let r = Int32(row), c = Int32(col)
        if PQgetisnull(handle, r, c) != 0 { return nil }
        let length = Int(PQgetlength(handle, r, c))
        guard length > 0, let value = PQgetvalue(handle, r, c) else { return "" }
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The cell's text for a column declared NOT NULL in the catalog; NULL reads as "".
    @inline(__always)
    public func text(_ row: Int, _ col: Int) -> String { string(row, col) ?? "" }

    /// The cell's bytes (valid while this result lives), or nil when it is SQL NULL: for parsing numbers and
    /// trees straight from libpq's buffer, with no string made.
    @inline(__always)
    public func bytes(_ row: Int, _ col: Int) -> UnsafeBufferPointer<UInt8>? {
        let r = Int32(row), c = Int32(col)
        if PQgetisnull(handle, r, c) != 0 { return nil }
        let length = Int(PQgetlength(handle, r, c))
        guard let value = PQgetvalue(handle, r, c) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// A boolean cell in text format (`t`/`f`).
    @inline(__always)
    public func bool(_ row: Int, _ col: Int) -> Bool {
        guard PQgetisnull(handle, Int32(row), Int32(col)) == 0, let v = PQgetvalue(handle, Int32(row), Int32(col))
        else { return false }
        return v.pointee == UInt8(ascii: "t")
    }

    /// Rows for `for row in result.rows { row[0] }`.
    public var rows: Rows { Rows(result: self) }

    /// The rows of a result, as a random-access collection.
    public struct Rows: RandomAccessCollection {
        let result: PGResult
        public var startIndex: Int { 0 }
        public var endIndex: Int { result.rowCount }
        public subscript(position: Int) -> Row { Row(result: result, index: position) }
    }

    /// One row: cells by column index, nil for NULL.
    public struct Row {
        let result: PGResult
        public let index: Int
        public subscript(col: Int) -> String? { result.string(index, col) }
    }
}
