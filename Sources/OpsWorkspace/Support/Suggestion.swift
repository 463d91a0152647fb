/// "Did you mean …?" for names typed by hand: the closest known name by edit distance, if close enough.
enum Suggestion {
    /// The candidate nearest to `word`, case-insensitively, when it is at most about a third of the word
    /// away (2 edits always allowed); otherwise the first candidate that `word` abbreviates (`prod`).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        guard !lower.isEmpty else { return nil }
        let nearest = candidates.map { ($0, distance(Array(lower), Array($0.lowercased()))) }.min { $0.1 < $1.1 }
        if let (name, d) = nearest, d <= max(2, lower.count / 3) { return name }
        return candidates.first { $0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased()) }
    }

    /// Levenshtein distance with a single rolling row.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let saved = row[j]
                row[j] = a[i - 1] == b[j - 1] ? previous : 1 + min(previous, row[j], row[j - 1])
                previous = saved
            }
        }
        return row[b.count]
    }

    /// ` Did you mean "x"?` or the empty string, ready to append to a sentence.
    static func phrase(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " Did you mean \"\($0)\"?" } ?? ""
    }
}
