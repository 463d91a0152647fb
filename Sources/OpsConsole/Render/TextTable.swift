/// A plain aligned table: a header row, a rule, and rows; columns padded to their widest visible cell.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(_ style: Style, indent: String = "") -> String {
        let all = [header] + rows
        let count = all.map(\.count).max() ?? 0
        let widths = (0..<count).map { c in all.map { c < $0.count ? Style.visibleWidth($0[c]) : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (c, cell) in cells.enumerated() {
                let isLast = c == cells.count - 1
                out += cell + (isLast ? "" : String(repeating: " ", count: widths[c] - Style.visibleWidth(cell) + 2))
            }
            return out
        }
        var lines = [line(header.map { style.bold($0) })]
        lines.append(indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
