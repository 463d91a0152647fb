/// A schema object's attributes — canonical text by field name — kept as one string: each entry is a
/// one-character code for a known field name (or U+007F, the name and NUL for any other), the value, and
/// NUL, in name order. Equal attribute sets are equal strings, so the diff compares two objects with one
/// string comparison, and a column's usual `type` and `nullable` fit in a string's inline 15 bytes: at
/// 60,000 objects a side that is no allocation and no hashing, where a `[String: String]` cost one
/// dictionary each (the diff's time and most of its memory). Values are PostgreSQL text, which cannot
/// hold NUL; a NUL in a value set here is stored as `?`.
public struct SchemaFields: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (key: String, value: String)

    /// The encoded entries.
    private var storage: String

    public init() { storage = "" }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(pairs: elements) }

    public init(_ dictionary: [String: String]) { self.init(pairs: dictionary.map { ($0.key, $0.value) }) }

    /// Later pairs replace earlier ones of the same name.
    public init(pairs: consuming [(String, String)]) {
        var entries = pairs
        // Insertion sort by name (stable: of equal names the last stays last): a handful of fields.
        var n = 0
        for k in entries.indices {
            var i = k
            while i > 0 && entries[i].0 < entries[i - 1].0 { entries.swapAt(i, i - 1); i -= 1 }
        }
        for k in entries.indices {
            if n > 0 && entries[n - 1].0 == entries[k].0 { entries.swapAt(n - 1, k) } else { entries.swapAt(n, k); n += 1 }
        }
        entries.removeLast(entries.count - n)
        storage = Self.encode(entries)
    }

    public subscript(key: String) -> String? {
        get {
            for entry in self where entry.key == key { return entry.value }
            return nil
        }
        set {
            var entries = Array(self).filter { $0.key != key }
            if let newValue { entries.append((key, newValue)) }
            self = SchemaFields(pairs: entries.map { ($0.key, $0.value) })
        }
    }

    /// A known field name with its code looked up once, for `Builder`: `SchemaFields.Name("type")`.
    public struct Name: Sendable {
        fileprivate let code: UInt8
        public let text: String

        /// nil for a name `ObjectKind.fieldOrder` does not list (use `init(pairs:)` for those).
        public init?(_ text: String) {
            guard let code = SchemaFields.codes[text] else { return nil }
            self.code = code
            self.text = text
        }
    }

    /// Builds fields added in name order (as a loop over many objects of one kind adds them): each is appended
    /// to the encoding, with no sorting and no name look-up. A name out of order is still accepted, at the cost
    /// of `init(pairs:)`. One builder serves a whole loop: `take` hands over one object's fields and keeps the
    /// buffer, so each object costs one string (none up to 15 bytes) and no other allocation.
    public struct Builder {
        private var bytes: [UInt8] = []
        private var last: UInt8 = 0
        private var pairs: [(String, String)]? = nil

        public init() {}

        public mutating func add(_ name: Name, _ value: String) {
            if pairs == nil, name.code > last {
                bytes.append(name.code)
                let start = bytes.count
                let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
                if copied == nil { bytes.append(contentsOf: value.utf8) }
                bytes.withUnsafeMutableBufferPointer { b in
                    for k in start..<b.count where b[k] == SchemaFields.end { b[k] = 0x3F }  // no NUL in PostgreSQL text
                }
                bytes.append(SchemaFields.end)
                last = name.code
            } else {
                if pairs == nil { pairs = SchemaFields(encoded: String(decoding: bytes, as: UTF8.self)).map { ($0.key, $0.value) } }
                pairs!.append((name.text, value))
            }
        }

        /// The fields added since the last `take`; the builder is then empty, its buffer kept for the next object.
        public mutating func take() -> SchemaFields {
            let made = pairs.map { SchemaFields(pairs: $0) } ?? SchemaFields(encoded: String(decoding: bytes, as: UTF8.self))
            bytes.removeAll(keepingCapacity: true)
            last = 0
            pairs = nil
            return made
        }
    }

    private init(encoded: String) { storage = encoded }

    public var isEmpty: Bool { storage.isEmpty }
    public var count: Int { reduce(0) { n, _ in n + 1 } }
    /// Field names in name order.
    public var keys: [String] { map(\.key) }

    public var description: String {
        isEmpty ? "[:]" : "[" + map { "\($0.key.debugDescription): \($0.value.debugDescription)" }.joined(separator: ", ") + "]"
    }

    // MARK: Encoding

    /// Every field name `ObjectKind.fieldOrder` lists, sorted: a name's code is U+0001 plus its place here.
    static let knownNames: [String] = Array(Set(ObjectKind.allCases.flatMap(\.fieldOrder))).sorted()
    private static let codes: [String: UInt8] = Dictionary(uniqueKeysWithValues: knownNames.enumerated().map {
        ($0.element, UInt8($0.offset + 1))
    })
    private static let unknown: UInt8 = 0x7F
    private static let end: UInt8 = 0

    /// One pass to size, one to copy: no intermediate strings, and no allocation up to 15 bytes.
    private static func encode(_ sorted: [(String, String)]) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: sorted.count) { known in
            var size = 0
            for (i, (key, value)) in sorted.enumerated() {
                known[i] = codes[key] ?? unknown
                size += (known[i] == unknown ? key.utf8.count + 1 : 0) + value.utf8.count + 2
            }
            return String(unsafeUninitializedCapacity: size) { buffer in
                var at = 0
                func put(_ text: String) {
                    let start = at
                    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { source in
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<at + source.count]).initialize(fromContentsOf: source)
                        at += source.count
                    }
                    if copied == nil { for b in text.utf8 { buffer[at] = b; at += 1 } }
                    for k in start..<at where buffer[k] == end { buffer[k] = 0x3F }  // no NUL in PostgreSQL text
                    buffer[at] = end
                    at += 1
                }
                for (i, (key, value)) in sorted.enumerated() {
                    buffer[at] = known[i]
                    at += 1
                    if known[i] == unknown { put(key) }
                    put(value)
                }
                return at
            }
        }
    }

    /// Walks the UTF-8 bytes: codes and NUL are ASCII, and NUL never occurs inside a multi-byte character.
    public struct Iterator: IteratorProtocol {
        private let storage: String
        private var position: String.Index

        fileprivate init(_ storage: String) {
            self.storage = storage
            position = storage.utf8.startIndex
        }

        public mutating func next() -> Element? {
            let bytes = storage.utf8
            guard position < bytes.endIndex else { return nil }
            let code = bytes[position]
            position = bytes.index(after: position)
            let key = code == SchemaFields.unknown ? take() : SchemaFields.knownNames[Int(code) - 1]
            return (key, take())
        }

        /// The text up to the next NUL, which is skipped.
        private mutating func take() -> String {
            let bytes = storage.utf8
            let start = position
            while bytes[position] != SchemaFields.end { position = bytes.index(after: position) }
            let text = String(storage[start..<position])
            position = bytes.index(after: position)
            return text
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage) }
}

extension SchemaFields: Codable {
    /// A JSON object of names to values, as the `[String: String]` it replaces (the schema cache's format).
    public init(from decoder: Decoder) throws {
        self.init(try [String: String](from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingName.self)
        for (key, value) in self { try c.encode(value, forKey: CodingName(stringValue: key)) }
    }

    private struct CodingName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
