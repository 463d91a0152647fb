extension String {
    /// The first occurrence of `needle`, compared byte for byte (UTF-8): `firstRange(of:)` goes through generic
    /// collection algorithms, ~20× slower on the definitions a 3,000-table `diff --sql` scans.
    func utf8Range(of needle: String) -> Range<String.Index>? {
        let hay = utf8, pattern = Array(needle.utf8)
        guard let first = pattern.first, hay.count >= pattern.count else { return nil }
        var start = hay.startIndex
        while let i = hay[start...].firstIndex(of: first) {
            var j = i, k = 0
            while k < pattern.count, j < hay.endIndex, hay[j] == pattern[k] { j = hay.index(after: j); k += 1 }
            if k == pattern.count { return i..<j }
            start = hay.index(after: i)
        }
        return nil
    }
}
