/// A simple CHECK expression, read from its stored tree (`conbin`, nodeToString text) as the catalog rows
/// arrive: comparisons of columns, integer and boolean constants and casts of those, IS [NOT] NULL, and AND/OR
/// of such. A few dozen bytes where the tree text is ~500. Anything else is nil: the server renders it.
indirect enum CheckExpression: Sendable, Equatable {
    case compare(operator: UInt32, CheckExpression, CheckExpression)
    case all([CheckExpression]), any([CheckExpression])
    case isNull(CheckExpression), isNotNull(CheckExpression)
    case column(attnum: Int16, type: UInt32)
    case constant(type: UInt32, value: Int64)
    case cast(to: UInt32, CheckExpression)

    /// `tree`: the cell's bytes, read in place.
    static func parse(_ tree: UnsafeBufferPointer<UInt8>) -> CheckExpression? {
        var parser = NodeParser(tree)
        guard let node = parser.node(), parser.atEnd else { return nil }
        return condition(node)
    }

    /// The node types `get_rule_expr` prints at the top of a CHECK or under AND/OR.
    private static func condition(_ node: NodeParser.Node) -> CheckExpression? {
        if node.isTag("OPEXPR") {
            guard node.has("opretset", "false"), let args = node.list("args"), args.count == 2, let opno = node.oid("opno"),
                  let left = value(args[0]), let right = value(args[1]) else { return nil }
            return .compare(operator: opno, left, right)
        }
        if node.isTag("BOOLEXPR") {
            guard let args = node.list("args"), args.count >= 2 else { return nil }
            var parts: [CheckExpression] = []
            for arg in args {
                guard let part = condition(arg) else { return nil }
                parts.append(part)
            }
            if node.has("boolop", "and") { return .all(parts) }
            return node.has("boolop", "or") ? .any(parts) : nil
        }
        if node.isTag("NULLTEST") {
            guard node.has("argisrow", "false"), let arg = node.child("arg").flatMap(value) else { return nil }
            switch node.number("nulltesttype") {
            case 0: return .isNull(arg)
            case 1: return .isNotNull(arg)
            default: return nil
            }
        }
        return nil
    }

    /// An operand: a column of the table, a constant, or a cast (COERCE_EXPLICIT_CAST 1 or COERCE_IMPLICIT_CAST
    /// 2) of one.
    private static func value(_ node: NodeParser.Node) -> CheckExpression? {
        if node.isTag("VAR") {
            guard node.number("varno") == 1, node.number("varlevelsup") == 0,
                  let attnum = node.number("varattno").flatMap({ Int16(exactly: $0) }), attnum > 0,
                  let type = node.oid("vartype") else { return nil }
            return .column(attnum: attnum, type: type)
        }
        if node.isTag("CONST") {
            guard node.has("constisnull", "false"), node.has("constbyval", "true"), node.number("consttypmod") == -1,
                  let type = node.oid("consttype"), let bytes = node.datum, bytes.count == 8,
                  type == CheckRenderer.int2 || type == CheckRenderer.int4 || type == CheckRenderer.int8
                    || type == CheckRenderer.bool,
                  let value = CheckRenderer.integer(bytes) else { return nil }
            return .constant(type: type, value: value)
        }
        if node.isTag("FUNCEXPR") {
            guard let format = node.number("funcformat"), format == 1 || format == 2, node.has("funcretset", "false"),
                  node.has("funcvariadic", "false"), let args = node.list("args"), args.count == 1,
                  let type = node.oid("funcresulttype"), let inner = value(args[0]) else { return nil }
            return .cast(to: type, inner)
        }
        return nil
    }
}

/// Prints a `CheckExpression` as `pg_get_constraintdef` does (ruleutils.c, PostgreSQL 12–17, no pretty-printing).
/// The server's function would open every table, cold, to name the columns; the names are already here. What it
/// cannot print with certainty — an operator outside pg_catalog or not matching its operands' types exactly, a
/// column not read, a cast to a type it does not name, IS NULL of a type that may be a row — is nil, and the
/// server renders it (`DefinitionRenderer.resolve`). `DefinitionRendererTests` compare both.
struct CheckRenderer {
    let renderer: DefinitionRenderer
    let relid: UInt32

    /// `CHECK (…)` without the trailers (NO INHERIT, NOT VALID) the caller adds.
    func render(_ expression: CheckExpression) -> String? {
        condition(expression).map { "CHECK (" + $0 + ")" }
    }

    private func condition(_ e: CheckExpression) -> String? {
        switch e {
        case let .compare(opno, l, r):
            guard let op = renderer.lookupOperator(opno), Self.plainOperator(op.name),
                  let left = value(l), let right = value(r), left.type == op.left, right.type == op.right else { return nil }
            // generate_operator_name: bare, since the exact operand types find this pg_catalog operator.
            return "(" + left.text + " " + op.name + " " + right.text + ")"
        case let .all(parts), let .any(parts):
            var texts: [String] = []
            for part in parts {
                guard let text = condition(part) else { return nil }
                texts.append(text)
            }
            if case .all = e { return "(" + texts.joined(separator: " AND ") + ")" }
            return "(" + texts.joined(separator: " OR ") + ")"
        case let .isNull(arg), let .isNotNull(arg):
            // A row-typed operand prints as IS [NOT] DISTINCT FROM NULL: only known scalar types here.
            guard let v = value(arg), Self.scalarTypes.contains(v.type) else { return nil }
            if case .isNull = e { return "(" + v.text + " IS NULL)" }
            return "(" + v.text + " IS NOT NULL)"
        default:
            return nil
        }
    }

    /// An operand as printed inside an operator (implicit casts shown), and its type.
    private func value(_ e: CheckExpression) -> (text: String, type: UInt32)? {
        switch e {
        case let .column(attnum, type):
            guard let column = renderer.column(relid, attnum), column.typeOID == type else { return nil }
            return (column.quoted, type)
        case let .constant(type, value):
            // get_const_expr, showtype 0: int4 bare unless negative; int2 and int8 quoted and cast; bool as a word.
            let digits = String(value)
            switch type {
            case Self.int4: return (value < 0 ? "'" + digits + "'::integer" : digits, type)
            case Self.int2, Self.int8: return ("'" + digits + "'::" + Self.builtinTypes[type]!, type)
            case Self.bool: return (value != 0 ? "true" : "false", type)
            default: return nil
            }
        case let .cast(to, inner):
            // get_coercion_expr: `(arg)::type` (a constant already of that type would print differently).
            guard let name = Self.builtinTypes[to], let v = value(inner), v.type != to else { return nil }
            return ("(" + v.text + ")::" + name, to)
        default:
            return nil
        }
    }

    /// A byval integer Datum's 8 bytes as printed (`outDatum`, signed or unsigned char per platform): the value is
    /// sign-extended to 64 bits, so it reads the same little- or big-endian except where the two disagree — then
    /// the half holding only sign bits tells which end is which.
    static func integer(_ bytes: [Int]) -> Int64? {
        guard bytes.allSatisfy({ $0 >= -128 && $0 <= 255 }) else { return nil }
        let b = bytes.map { UInt8(truncatingIfNeeded: $0) }
        let little = b.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let big = b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        func fitsInt32(_ v: UInt64) -> Bool { Int64(bitPattern: v) >= Int64(Int32.min) && Int64(bitPattern: v) <= Int64(Int32.max) }
        if little == big || fitsInt32(little) { return Int64(bitPattern: little) }
        return fitsInt32(big) ? Int64(bitPattern: big) : nil
    }

    /// Operators made of symbols only (`=`, `<>`, `>=`, …): a word operator would be printed the same but is
    /// left to the server, as is anything not in pg_catalog.
    static func plainOperator(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { "+-*/<>=~!@#%^&|`?".utf8.contains($0) }
    }

    static let int2: UInt32 = 21, int4: UInt32 = 23, int8: UInt32 = 20, bool: UInt32 = 16
    /// Built-in scalar types (bool, bytea, int8, int2, int4, text, json, float4, float8, bpchar, varchar, date,
    /// time, timestamp, timestamptz, interval, numeric, uuid, jsonb).
    static let scalarTypes: Set<UInt32> = [16, 17, 20, 21, 23, 25, 114, 700, 701, 1042, 1043, 1082, 1083, 1114, 1184,
                                           1186, 1700, 2950, 3802]
    /// `format_type` of the built-in types a cast may target (their oids are fixed in every release).
    static let builtinTypes: [UInt32: String] = [
        21: "smallint", 23: "integer", 20: "bigint", 1700: "numeric", 700: "real", 701: "double precision",
    ]
}

/// A reader of nodeToString text (`{TAG :field value …}`) for the few nodes `CheckRenderer` knows, straight from
/// the result's buffer: fields are byte ranges of it, compared and parsed in place (a conbin has ~40 fields, a few
/// are read). Nodes point into the buffer, so they live only inside `CheckExpression.parse`.
struct NodeParser {
    struct Node {
        fileprivate let text: UnsafeBufferPointer<UInt8>
        fileprivate let tagRange: Range<Int>
        fileprivate var fields: [(name: Range<Int>, value: Range<Int>)] = []
        fileprivate var lists: [(name: Range<Int>, nodes: [Node])] = []
        fileprivate var children: [(name: Range<Int>, node: Node)] = []
        var datum: [Int]?

        /// Whether the node's tag is `tag` (ASCII).
        func isTag(_ tag: StaticString) -> Bool { NodeParser.equal(text, tagRange, tag) }

        /// Whether `field` holds exactly `value` (no string made).
        func has(_ field: StaticString, _ value: StaticString) -> Bool {
            fields.first { NodeParser.equal(text, $0.name, field) }.map { NodeParser.equal(text, $0.value, value) } ?? false
        }
        /// `field` as an integer (no string made).
        func number(_ field: StaticString) -> Int64? {
            guard let range = fields.first(where: { NodeParser.equal(text, $0.name, field) })?.value else { return nil }
            return PGResult.integer(text[range])
        }
        func oid(_ field: StaticString) -> UInt32? { number(field).flatMap { UInt32(exactly: $0) } }
        func list(_ field: StaticString) -> [Node]? { lists.first { NodeParser.equal(text, $0.name, field) }?.nodes }
        func child(_ field: StaticString) -> Node? { children.first { NodeParser.equal(text, $0.name, field) }?.node }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether `text[range]` is the ASCII `word`.
    fileprivate static func equal(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<range.count where text[range.lowerBound + k] != w[k] { return false }
        return true
    }

    var atEnd: Bool {
        var i = at
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i == bytes.count
    }

    /// `{TAG :name value …}`; nil on anything unexpected (a string token, nested depth beyond what CHECKs use).
    mutating func node(depth: Int = 0) -> Node? {
        guard depth < 32, take("{"), let tag = word() else { return nil }
        var node = Node(text: bytes, tagRange: tag)
        node.fields.reserveCapacity(16)
        while true {
            skipSpaces()
            if take("}") { return node }
            guard take(":"), let name = word() else { return nil }
            skipSpaces()
            if peek("{") {
                guard let child = self.node(depth: depth + 1) else { return nil }
                node.children.append((name, child))
            } else if peek("(") {
                at += 1
                skipSpaces()
                if peek("{") || peek(")") {
                    var items: [Node] = []
                    while true {
                        skipSpaces()
                        if take(")") { break }
                        guard let item = self.node(depth: depth + 1) else { return nil }
                        items.append(item)
                    }
                    node.lists.append((name, items))
                } else {
                    // A bitmapset or integer list (`(b)`, `(b 1 3)`, `(i 1 2)`: PostgreSQL 16's varnullingrels…).
                    let start = at - 1
                    while !take(")") {
                        guard word() != nil else { return nil }
                        skipSpaces()
                    }
                    node.fields.append((name, start..<at))
                }
            } else if peek("<") {
                guard take("<"), take(">") else { return nil }  // `<>`: NULL
            } else {
                guard let value = word() else { return nil }
                node.fields.append((name, value))
                if Self.equal(bytes, name, "constvalue") {
                    skipSpaces()
                    guard take("[") else { return nil }
                    var datum: [Int] = []
                    while true {
                        skipSpaces()
                        if take("]") { break }
                        guard let n: Int = word().flatMap({ PGResult.integer(bytes[$0]) }) else { return nil }
                        datum.append(n)
                    }
                    node.datum = datum
                }
            }
        }
    }

    private mutating func skipSpaces() { while at < bytes.count, bytes[at] == UInt8(ascii: " ") { at += 1 } }

    private func peek(_ c: Unicode.Scalar) -> Bool { at < bytes.count && bytes[at] == UInt8(ascii: c) }

    private mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peek(c) else { return false }
        at += 1
        return true
    }

    /// A bare token: letters, digits, `_`, `-`, `.`; a quoted string or anything else ends the parse.
    private mutating func word() -> Range<Int>? {
        skipSpaces()
        let start = at
        while at < bytes.count {
            let b = bytes[at]
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            if !ok { break }
            at += 1
        }
        return at > start ? start..<at : nil
    }
}
