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

    static func compare(_ left: SchemaSnapshot, _ right: SchemaSnapshot,
                        onlyLeft: SchemaChange.Change, onlyRight: SchemaChange.Change) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        // Collected before the walk: a child can sort before its parent (an index on a materialized view).
        let wholeLeft = Set(left.objects.filter { right.objects[$0.key] == nil }.map(\.value.name))
        let wholeRight = Set(right.objects.filter { left.objects[$0.key] == nil }.map(\.value.name))
        let keys = Set(left.objects.keys).union(right.objects.keys).sorted()
        for key in keys {
            switch (left.objects[key], right.objects[key]) {
            case let (l?, nil):
                if !isCovered(l, by: wholeLeft) {
                    changes.append(SchemaChange(kind: key.kind, name: key.name, change: onlyLeft))
                }
            case let (nil, r?):
                if !isCovered(r, by: wholeRight) {
                    changes.append(SchemaChange(kind: key.kind, name: key.name, change: onlyRight))
                }
            case let (l?, r?):
                changes += fieldChanges(l, r)
            case (nil, nil):
                break
            }
        }
        return changes
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
