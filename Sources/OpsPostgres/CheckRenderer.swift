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

    /// `tree`: the cell's bytes, read in place (`CheckTreeReader`).
    static func parse(_ tree: UnsafeBufferPointer<UInt8>) -> CheckExpression? {
        var reader = CheckTreeReader(tree)
        return reader.check()
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
