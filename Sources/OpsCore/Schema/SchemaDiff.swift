/// The pure schema comparison: a keyed set difference over two snapshots, then a field-by-field
/// comparison of objects present on both sides. Children of an object that is missing or added as a
/// whole (a table's columns, indexes, constraints, triggers) are not listed again.
public enum SchemaDiff {
    /// Drift: `expected` is what the migration history says the database should be; `actual` is live.
    /// Produces `missing`, `unexpected` and `changed`.
    public static func drift(expected: SchemaSnapshot, actual: SchemaSnapshot) -> [SchemaChange] {
        compare(expected, actual, onlyLeft: .missing, onlyRight: .unexpected)
    }

    /// Diff between two sides: `added` is in `to` only, `removed` in `from` only; for `changed`,
    /// `expected` holds the `from` value and `actual` the `to` value.
    public static func diff(from: SchemaSnapshot, to: SchemaSnapshot) -> [SchemaChange] {
        compare(from, to, onlyLeft: .removed, onlyRight: .added)
    }

    /// One walk over both sides in step (`SchemaSnapshot.merge`), then a sort of the changes only.
    static func compare(_ left: SchemaSnapshot, _ right: SchemaSnapshot,
                        onlyLeft: SchemaChange.Change, onlyRight: SchemaChange.Change) -> [SchemaChange] {
        combine([comparison(left, right)], onlyLeft: onlyLeft, onlyRight: onlyRight)
    }

    /// The whole comparison as one piece.
    public static func comparison(_ left: SchemaSnapshot, _ right: SchemaSnapshot) -> Partial {
        compare(left, right, piece: (0..<left.all.count, 0..<right.all.count))
    }

    // MARK: In pieces

    /// A part of a comparison (`pieces`): ranges of both sides' objects holding the same keys
    /// (`SchemaSnapshot.mergeRanges`).
    public typealias Piece = (left: Range<Int>, right: Range<Int>)

    /// What one piece found: the objects on both sides whose fields differ (as each side has it), and the objects
    /// on one side only.
    public struct Partial: Sendable {
        var changed: [(SchemaObject, SchemaObject)] = []
        var leftOnly: [SchemaObject] = [], rightOnly: [SchemaObject] = []
    }

    /// The comparison of `left` and `right` cut into `count` pieces to compare on different threads
    /// (`compare(_:_:piece:)`, then `diff(_:)` or `drift(_:)` of the partials in order): the same changes as one walk.
    public static func pieces(_ left: SchemaSnapshot, _ right: SchemaSnapshot, count: Int) -> [Piece] {
        SchemaSnapshot.mergeRanges(left, right, count: count)
    }

    public static func compare(_ left: SchemaSnapshot, _ right: SchemaSnapshot, piece: Piece) -> Partial {
        var partial = Partial()
        SchemaSnapshot.merge(left, right, ranges: piece, both: { l, r in
            if l.fields != r.fields { partial.changed.append((l, r)) }
        }, onlyLeft: { partial.leftOnly.append($0) }, onlyRight: { partial.rightOnly.append($0) })
        return partial
    }

    /// `diff(from:to:)` from the partials of its pieces, in order.
    public static func diff(_ partials: [Partial]) -> [SchemaChange] {
        combine(partials, onlyLeft: .removed, onlyRight: .added)
    }

    private static func combine(_ partials: [Partial], onlyLeft: SchemaChange.Change,
                                onlyRight: SchemaChange.Change) -> [SchemaChange] {
        var changes = partials.flatMap(\.changed).flatMap { fieldChanges($0.0, $0.1) }
        let leftOnly = partials.flatMap(\.leftOnly), rightOnly = partials.flatMap(\.rightOnly)
        // A child can sort before its parent (an index on a materialized view), so collect whole objects first.
        let wholeLeft = Set(leftOnly.map(\.name)), wholeRight = Set(rightOnly.map(\.name))
        for l in leftOnly where !isCovered(l, by: wholeLeft) {
            changes.append(SchemaChange(kind: l.kind, name: l.name, change: onlyLeft))
        }
        for r in rightOnly where !isCovered(r, by: wholeRight) {
            changes.append(SchemaChange(kind: r.kind, name: r.name, change: onlyRight))
        }
        // Kind order, then name; an object's field changes keep the order fieldChanges gave them.
        return changes.enumerated().sorted { a, b in
            let ka = ObjectKey(a.element.kind, a.element.name), kb = ObjectKey(b.element.kind, b.element.name)
            return ka == kb ? a.offset < b.offset : ka < kb
        }.map(\.element)
    }

    /// An object whose parent is itself only on this side is reported through its parent.
    private static func isCovered(_ object: SchemaObject, by whole: Set<String>) -> Bool {
        guard let parent = object.parent else { return false }
        return whole.contains(parent)
    }

    static func fieldChanges(_ l: SchemaObject, _ r: SchemaObject) -> [SchemaChange] {
        guard l.fields != r.fields else { return [] }
        let ordered = l.kind.fieldOrder
        let extra = Set(l.fields.keys).union(r.fields.keys).subtracting(ordered).sorted()
        return (ordered + extra).compactMap { field in
            let a = l.fields[field], b = r.fields[field]
            guard a != b else { return nil }
            return SchemaChange(kind: l.kind, name: l.name, change: .changed, field: field, expected: a, actual: b)
        }
    }
}
