/// A line diff of two texts (the applied and the current version of a migration), as `-`/`+`/` ` lines with
/// a little context: what `diagnose` shows for a modified migration. LCS-based; texts too large for that are
/// summarised by their line counts instead.
public enum LineDiff {
    public static func lines(from old: String, to new: String, context: Int = 2, limit: Int = 60) -> [String] {
        let a = split(old), b = split(new)
        guard a.count * b.count <= 4_000_000 else {
            return ["(\(a.count) lines applied, \(b.count) lines now: too long to compare line by line)"]
        }
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [(Character, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { ops.append((" ", a[i])); i += 1; j += 1 }
            else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] { ops.append(("-", a[i])); i += 1 }
            else { ops.append(("+", b[j])); j += 1 }
        }
        // Keep changed lines and `context` lines around them; mark gaps.
        let changed = ops.indices.filter { ops[$0].0 != " " }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for c in changed { for k in max(0, c - context)...min(ops.count - 1, c + context) { keep.insert(k) } }
        var out: [String] = [], last = -1
        for k in keep.sorted() {
            if last >= 0 && k > last + 1 { out.append("…") }
            out.append("\(ops[k].0) \(ops[k].1)")
            last = k
        }
        return out.count > limit ? Array(out.prefix(limit)) + ["… (\(out.count - limit) more lines)"] : out
    }

    static func split(_ text: String) -> [String] {
        // "\r\n" is one Character: split on either, so a CRLF re-save compares equal line by line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
