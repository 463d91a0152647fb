/// One difference between two schemas, in the shape `check --json` and `diff --json` print.
public struct SchemaChange: Codable, Equatable, Sendable {
    /// `missing`/`unexpected` compare a live database with what its history says it should be (drift);
    /// `added`/`removed` compare two sides of `diff`; `changed` is used by both.
    public enum Change: String, Codable, Sendable {
        case missing, unexpected, changed, added, removed
    }

    public var kind: ObjectKind
    public var name: String
    public var change: Change
    public var field: String?
    public var expected: String?
    public var actual: String?

    public init(kind: ObjectKind, name: String, change: Change, field: String? = nil,
                expected: String? = nil, actual: String? = nil) {
        self.kind = kind
        self.name = name
        self.change = change
        self.field = field
        self.expected = expected
        self.actual = actual
    }

    enum CodingKeys: String, CodingKey { case kind, name, change, field, expected, actual }

    /// Omits `field`/`expected`/`actual` for whole-object changes, so JSON matches the documented shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(change, forKey: .change)
        if change == .changed {
            try c.encode(field, forKey: .field)
            try c.encode(expected, forKey: .expected)
            try c.encode(actual, forKey: .actual)
        }
    }
}
