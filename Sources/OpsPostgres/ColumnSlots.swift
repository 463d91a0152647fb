/// Where each of `CatalogRows.columns` is, by table oid and attnum: every table's attnums laid out in one flat
/// array (a run as long as its highest attnum), found through a map of the few thousand tables. A map keyed by
/// every column (`columnKey`) made tens of thousands of random inserts and look-ups into a table of megabytes,
/// ~10 ms a side at 3,000 tables; this one is filled in column order and its map stays in cache.
struct ColumnSlots: Sendable {
    /// A table's position in `starts` and `lengths`.
    private var tables: IntegerMap<UInt32, Int32>
    /// A table's first slot and its number of slots (its highest attnum).
    private var starts: [Int32] = [], lengths: [Int16] = []
    /// The column's position in the rows, or -1 (a dropped or inherited attnum).
    private var slots: [Int32]

    init(_ columns: [CatalogRows.Column]) {
        tables = IntegerMap(capacity: 64)
        // A table's columns come together (one scan of pg_attribute): its entry is found once for them all.
        var relid = UInt32.max, table = -1
        for c in columns where c.attnum > 0 {
            if c.relid != relid {
                relid = c.relid
                if let t = tables[relid] {
                    table = Int(t)
                } else {
                    table = lengths.count
                    tables[relid] = Int32(table)
                    lengths.append(0)
                }
            }
            lengths[table] = max(lengths[table], c.attnum)
        }
        var next: Int32 = 0
        starts.reserveCapacity(lengths.count)
        for length in lengths {
            starts.append(next)
            next += Int32(length)
        }
        slots = Array(repeating: -1, count: Int(next))
        relid = UInt32.max
        var start = 0
        for (i, c) in columns.enumerated() where c.attnum > 0 {
            if c.relid != relid {
                relid = c.relid
                start = Int(starts[Int(tables[relid]!)])
            }
            slots[start + Int(c.attnum) - 1] = Int32(i)
        }
    }

    /// The position in the rows of column `attnum` of table `relid`; nil when it was not read.
    subscript(relid: UInt32, attnum: Int16) -> Int? {
        guard attnum > 0, let t = tables[relid].map(Int.init), attnum <= lengths[t] else { return nil }
        let position = slots[Int(starts[t]) + Int(attnum) - 1]
        return position < 0 ? nil : Int(position)
    }
}
