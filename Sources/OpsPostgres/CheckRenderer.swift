/// A simple CHECK expression, read from its stored tree (`conbin`, nodeToString text) as the catalog rows
/// arrive: comparisons of columns, integer and boolean constants and casts of those, IS [NOT] NULL, and AND/OR
/// of such. A few dozen bytes where the tree text is ~500. Anything else is nil: the server renders it.
/// Only the cases holding another expression are boxed: a column or a constant, most of the nodes, is not.
enum CheckExpression: Sendable, Equatable {
    indirect case compare(operator: UInt32, CheckExpression, CheckExpression)
    case all([CheckExpression]), any([CheckExpression])
    indirect case isNull(CheckExpression), isNotNull(CheckExpression)
    case column(attnum: Int16, type: UInt32)
    case constant(type: UInt32, value: Int64)
    indirect case cast(to: UInt32, CheckExpression)

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

    /// Appends `CHECK (…)` without the trailers (NO INHERIT, NOT VALID) the caller adds; false when it cannot
    /// print it (what was appended is then to be dropped).
    func render(_ expression: CheckExpression, to out: inout String) -> Bool {
        out += "CHECK ("
        guard condition(expression, to: &out) else { return false }
        out += ")"
        return true
    }

    private func condition(_ e: CheckExpression, to out: inout String) -> Bool {
        switch e {
        case let .compare(opno, l, r):
            guard let op = renderer.lookupOperator(opno), Self.plainOperator(op.name) else { return false }
            // generate_operator_name: bare, since the exact operand types find this pg_catalog operator.
            out += "("
            guard value(l, to: &out) == op.left else { return false }
            out += " "
            out += op.name
            out += " "
            guard value(r, to: &out) == op.right else { return false }
            out += ")"
            return true
        case let .all(parts), let .any(parts):
            let separator: String
            if case .all = e { separator = " AND " } else { separator = " OR " }
            out += "("
            for (i, part) in parts.enumerated() {
                if i > 0 { out += separator }
                guard condition(part, to: &out) else { return false }
            }
            out += ")"
            return true
        case let .isNull(arg), let .isNotNull(arg):
            // A row-typed operand prints as IS [NOT] DISTINCT FROM NULL: only known scalar types here.
            out += "("
            guard let type = value(arg, to: &out), Self.scalarTypes.contains(type) else { return false }
            if case .isNull = e { out += " IS NULL)" } else { out += " IS NOT NULL)" }
            return true
        default:
            return false
        }
    }

    /// Appends an operand as printed inside an operator (implicit casts shown); returns its type, nil when it
    /// cannot print it.
    private func value(_ e: CheckExpression, to out: inout String) -> UInt32? {
        switch e {
        case let .column(attnum, type):
            guard let column = renderer.column(relid, attnum), column.typeOID == type else { return nil }
            out += column.quoted
            return type
        case let .constant(type, value):
            // get_const_expr, showtype 0: int4 bare unless negative; int2 and int8 quoted and cast; bool as a word.
            switch type {
            case Self.int4:
                if value < 0 { out += "'"; out += String(value); out += "'::integer" } else { out += String(value) }
            case Self.int2, Self.int8:
                out += "'"
                out += String(value)
                out += "'::"
                out += Self.builtinTypes[type]!
            case Self.bool: out += value != 0 ? "true" : "false"
            default: return nil
            }
            return type
        case let .cast(to, inner):
            // get_coercion_expr: `(arg)::type` (a constant already of that type would print differently).
            guard let name = Self.builtinTypes[to] else { return nil }
            out += "("
            guard let type = value(inner, to: &out), type != to else { return nil }
            out += ")::"
            out += name
            return to
        default:
            return nil
        }
    }

    /// `little` and `big`: the eight bytes read with the first byte lowest and highest (`CheckTreeReader`).
    static func integer(_ little: UInt64, _ big: UInt64) -> Int64? {
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
