/// Typo tolerance for the router and the "did you mean" list.
///
/// Damerau–Levenshtein in its optimal-string-alignment form: insertions, deletions, substitutions and
/// transpositions of adjacent letters each cost 1 ("chek" → "check", "stagign" → "staging"). Works on UTF-8 bytes,
/// which is exact for the ASCII words the console deals in and cheap (no Character breaking).
enum EditDistance {
    /// How many edits a typed word may be away from a known word: none for words under 3 letters (too many
    /// collisions: "is", "do"), 1 up to 5 letters, 2 for longer words.
    static func tolerance(for word: String) -> Int {
        let n = word.utf8.count
        return n < 3 ? 0 : (n <= 5 ? 1 : 2)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.utf8), Array(b.utf8), limit: Int.max)
    }

    /// The distance, or a value above `limit` as soon as the result is known to exceed it.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit &+ 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // Three rows (two back, one back, current) in one stack buffer: no heap allocation per call, which
        // matters when a typed word is compared with every vocabulary word.
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            for j in 0..<width { rows[width + j] = j }
            var (before, previous, current) = (0, width, 2 * width)
            for i in 1...a.count {
                rows[current] = i
                var rowMin = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var d = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, rows[before + j - 2] + 1) }
                    rows[current + j] = d
                    rowMin = min(rowMin, d)
                }
                if rowMin > limit { return limit &+ 1 }
                (before, previous, current) = (previous, current, before)
            }
            return rows[previous + b.count]
        }
    }
}
