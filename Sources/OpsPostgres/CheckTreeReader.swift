/// Reads a CHECK's stored tree (`conbin`, nodeToString text: `{TAG :field value …}`) into a `CheckExpression` in one
/// pass over the result's buffer: the fields a node type needs are picked up as they go by, its operands are read
/// as they are met, and every other field, sub-tree or list is skipped — no node objects, no strings. What it does
/// not know (another node type, a string token, a value it does not expect) makes the whole tree nil: the server
/// renders that CHECK.
///
/// Top level and under AND/OR, the node types `get_rule_expr` prints there: OPEXPR (a comparison), BOOLEXPR (AND,
/// OR), NULLTEST. Operands: VAR (a column of the table), CONST (an integer or boolean by value), FUNCEXPR (an
/// explicit or implicit cast of an operand).
struct CheckTreeReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The whole tree as a condition; nil unless it is one and nothing follows it.
    mutating func check() -> CheckExpression? {
        guard let e = node(condition: true, depth: 0) else { return nil }
        skipSpaces()
        return at == bytes.count ? e : nil
    }

    /// The fields read of one node (those its type uses): numbers, and `true`/`false` as 1/0.
    private struct Fields {
        var values = Values()
        var args: [CheckExpression]? = nil
        var arg: CheckExpression? = nil
        var datum: Datum? = nil
        subscript(f: Field) -> Int64? {
            get { values[f.rawValue] }
            set { values[f.rawValue] = newValue }
        }
        func flag(_ f: Field) -> Bool? { self[f].map { $0 != 0 } }
    }

    /// A by-value datum's bytes (`[ 5 0 0 0 0 0 0 0 ]`, each printed as a signed or unsigned char) read both ways
    /// as they come, with no array: `little`, the first byte lowest; `big`, the first byte highest.
    private struct Datum {
        private(set) var little: UInt64 = 0, big: UInt64 = 0, count = 0

        /// False when it is not a byte or there are more than eight.
        mutating func append(_ n: Int) -> Bool {
            guard n >= -128 && n <= 255, count < 8 else { return false }
            let b = UInt64(UInt8(truncatingIfNeeded: n))
            little |= b << (8 * count)
            big = big << 8 | b
            count += 1
            return true
        }
    }

    /// Seventeen optional numbers inline (no allocation per node).
    private struct Values {
        private var slots: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                            Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        private var present: UInt32 = 0
        subscript(i: Int) -> Int64? {
            get {
                guard present & (1 << i) != 0 else { return nil }
                return withUnsafeBytes(of: slots) { $0.load(fromByteOffset: i * 8, as: Int64.self) }
            }
            set {
                guard let newValue else { present &= ~(1 << i); return }
                withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: newValue, toByteOffset: i * 8, as: Int64.self) }
                present |= 1 << i
            }
        }
    }

    /// The scalar fields some node type reads.
    private enum Field: Int {
        case opno, opretset, boolop, nulltesttype, argisrow, varno, varattno, vartype, varlevelsup
        case consttype, consttypmod, constisnull, constbyval, funcresulttype, funcretset, funcvariadic, funcformat

        /// By length, then the few names of that length (no table: a static is checked on every access).
        static func named(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Field? {
            func eq(_ word: StaticString) -> Bool { CheckTreeReader.equal(t, word) }
            switch t.count {
            case 4: return eq("opno") ? .opno : nil
            case 5: return eq("varno") ? .varno : nil
            case 6: return eq("boolop") ? .boolop : nil
            case 7: return eq("vartype") ? .vartype : nil
            case 8: return eq("opretset") ? .opretset : eq("argisrow") ? .argisrow : eq("varattno") ? .varattno : nil
            case 9: return eq("consttype") ? .consttype : nil
            case 10: return eq("constbyval") ? .constbyval : eq("funcretset") ? .funcretset : eq("funcformat") ? .funcformat : nil
            case 11: return eq("varlevelsup") ? .varlevelsup : eq("consttypmod") ? .consttypmod
                : eq("constisnull") ? .constisnull : nil
            case 12: return eq("nulltesttype") ? .nulltesttype : eq("funcvariadic") ? .funcvariadic : nil
            case 14: return eq("funcresulttype") ? .funcresulttype : nil
            default: return nil
            }
        }
    }

    /// Whether `text` is the ASCII `word`.
    fileprivate static func equal(_ text: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        guard text.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        var k = 0
        for b in text {
            if b != w[k] { return false }
            k += 1
        }
        return true
    }

    private enum Tag { case opExpr, boolExpr, nullTest, variable, constant, function }

    /// `{TAG …}` at the current position. `condition`: where a comparison, AND/OR or IS NULL may stand (else an
    /// operand). Depth is bounded: CHECKs this reads are shallow.
    private mutating func node(condition: Bool, depth: Int) -> CheckExpression? {
        guard depth < 32, take(UInt8(ascii: "{")), let tagText = word() else { return nil }
        let t = bytes[tagText], tag: Tag
        if condition {
            if Self.equal(t, "OPEXPR") { tag = .opExpr } else if Self.equal(t, "BOOLEXPR") { tag = .boolExpr }
            else if Self.equal(t, "NULLTEST") { tag = .nullTest } else { return nil }
        } else {
            if Self.equal(t, "VAR") { tag = .variable } else if Self.equal(t, "CONST") { tag = .constant }
            else if Self.equal(t, "FUNCEXPR") { tag = .function } else { return nil }
        }
        var fields = Fields()
        while true {
            skipSpaces()
            if take(UInt8(ascii: "}")) { break }
            guard take(UInt8(ascii: ":")), let name = word() else { return nil }
            let nameText = bytes[name]
            skipSpaces()
            if Self.equal(nameText, "args") && (tag == .opExpr || tag == .boolExpr || tag == .function) {
                guard take(UInt8(ascii: "(")) else { return nil }
                var items: [CheckExpression] = []
                items.reserveCapacity(2)  // an operator's two operands; a cast's one
                while true {
                    skipSpaces()
                    if take(UInt8(ascii: ")")) { break }
                    guard let item = node(condition: tag == .boolExpr, depth: depth + 1) else { return nil }
                    items.append(item)
                }
                fields.args = items
            } else if Self.equal(nameText, "arg") && tag == .nullTest {
                guard let operand = node(condition: false, depth: depth + 1) else { return nil }
                fields.arg = operand
            } else if Self.equal(nameText, "constvalue") && tag == .constant {
                if !skipNull() {
                    guard word() != nil else { return nil }  // the length
                    skipSpaces()
                    guard take(UInt8(ascii: "[")) else { return nil }
                    var datum = Datum()
                    while true {
                        skipSpaces()
                        if take(UInt8(ascii: "]")) { break }
                        guard let n: Int = word().flatMap({ PGResult.integer(bytes[$0]) }), datum.append(n) else { return nil }
                    }
                    fields.datum = datum
                }
            } else if let field = Field.named(nameText) {
                if skipNull() { continue }
                guard let value = word() else { return nil }
                let text = bytes[value]
                if Self.equal(text, "true") { fields[field] = 1 }
                else if Self.equal(text, "false") { fields[field] = 0 }
                else if field == .boolop { fields[field] = Self.equal(text, "and") ? 0 : Self.equal(text, "or") ? 1 : 2 }
                else { fields[field] = PGResult.integer(text) }
            } else {
                guard skipValue(depth: depth) else { return nil }
            }
        }
        return Self.build(tag, fields)
    }

    private static func build(_ tag: Tag, _ f: Fields) -> CheckExpression? {
        switch tag {
        case .opExpr:
            guard f.flag(.opretset) == false, let args = f.args, args.count == 2, let opno = f[.opno].flatMap(UInt32.init(exactly:))
            else { return nil }
            return .compare(operator: opno, args[0], args[1])
        case .boolExpr:
            guard let args = f.args, args.count >= 2 else { return nil }
            switch f[.boolop] {
            case 0: return .all(args)
            case 1: return .any(args)
            default: return nil
            }
        case .nullTest:
            guard f.flag(.argisrow) == false, let arg = f.arg else { return nil }
            switch f[.nulltesttype] {
            case 0: return .isNull(arg)
            case 1: return .isNotNull(arg)
            default: return nil
            }
        case .variable:
            guard f[.varno] == 1, f[.varlevelsup] == 0, let attnum = f[.varattno].flatMap(Int16.init(exactly:)), attnum > 0,
                  let type = f[.vartype].flatMap(UInt32.init(exactly:)) else { return nil }
            return .column(attnum: attnum, type: type)
        case .constant:
            guard f.flag(.constisnull) == false, f.flag(.constbyval) == true, f[.consttypmod] == -1,
                  let type = f[.consttype].flatMap(UInt32.init(exactly:)), let datum = f.datum, datum.count == 8,
                  type == CheckRenderer.int2 || type == CheckRenderer.int4 || type == CheckRenderer.int8 || type == CheckRenderer.bool,
                  let value = CheckRenderer.integer(datum.little, datum.big) else { return nil }
            return .constant(type: type, value: value)
        case .function:
            guard let format = f[.funcformat], format == 1 || format == 2, f.flag(.funcretset) == false,
                  f.flag(.funcvariadic) == false, let args = f.args, args.count == 1,
                  let type = f[.funcresulttype].flatMap(UInt32.init(exactly:)) else { return nil }
            return .cast(to: type, args[0])
        }
    }

    /// Skips one field value: a word, `<>`, a sub-tree `{…}`, a list `(…)` of sub-trees or of words (a bitmapset
    /// or integer list: `(b 1 3)`, `(i 1 2)`). A quoted string (or anything else) is not skipped: false.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < 32 else { return false }
        if skipNull() { return true }
        if peek(UInt8(ascii: "{")) {
            at += 1
            guard word() != nil else { return false }
            while true {
                skipSpaces()
                if take(UInt8(ascii: "}")) { return true }
                guard take(UInt8(ascii: ":")), word() != nil else { return false }
                skipSpaces()
                guard skipValue(depth: depth + 1) else { return false }
                // A datum (`constvalue 4 [ 1 0 0 0 ]`) follows its length.
                skipSpaces()
                if take(UInt8(ascii: "[")) {
                    while true {
                        skipSpaces()
                        if take(UInt8(ascii: "]")) { break }
                        guard word() != nil else { return false }
                    }
                }
            }
        }
        if take(UInt8(ascii: "(")) {
            while true {
                skipSpaces()
                if take(UInt8(ascii: ")")) { return true }
                if peek(UInt8(ascii: "{")) {
                    guard skipValue(depth: depth + 1) else { return false }
                } else {
                    guard word() != nil else { return false }
                }
            }
        }
        return word() != nil
    }

    /// `<>`: a NULL field.
    private mutating func skipNull() -> Bool {
        guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "<"), bytes[at + 1] == UInt8(ascii: ">") else { return false }
        at += 2
        return true
    }

    private mutating func skipSpaces() { while at < bytes.count, bytes[at] == UInt8(ascii: " ") { at += 1 } }

    private func peek(_ c: UInt8) -> Bool { at < bytes.count && bytes[at] == c }

    private mutating func take(_ c: UInt8) -> Bool {
        guard peek(c) else { return false }
        at += 1
        return true
    }

    /// A bare token: letters, digits, `_`, `-`, `.`.
    private mutating func word() -> Range<Int>? {
        skipSpaces()
        let start = at
        while at < bytes.count && Self.isWordByte(bytes[at]) { at += 1 }
        return at > start ? start..<at : nil
    }

    /// A digit, an ASCII letter, `_`, `-` or `.` (arithmetic, not a table: a static is checked on every access).
    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 || b == 0x5F || b == 0x2D || b == 0x2E
    }
}
