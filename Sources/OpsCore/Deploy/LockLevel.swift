/// PostgreSQL's table-level lock modes (docs: "Explicit Locking", table 13.2), weakest first.
/// A deploy shows the strongest one each statement takes, because that decides what the application
/// waits for: `ACCESS EXCLUSIVE` blocks even reads, `SHARE` and above block writes.
public enum LockLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case accessShare = "ACCESS SHARE"
    case rowShare = "ROW SHARE"
    case rowExclusive = "ROW EXCLUSIVE"
    case shareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
    case share = "SHARE"
    case shareRowExclusive = "SHARE ROW EXCLUSIVE"
    case exclusive = "EXCLUSIVE"
    case accessExclusive = "ACCESS EXCLUSIVE"

    public static func < (a: LockLevel, b: LockLevel) -> Bool { a.rank < b.rank }

    private var rank: Int { LockLevel.allCases.firstIndex(of: self)! }

    /// Conflicts with `ACCESS SHARE`: plain SELECTs on the table wait.
    public var blocksReads: Bool { self == .accessExclusive }

    /// Conflicts with `ROW EXCLUSIVE`: INSERT, UPDATE and DELETE on the table wait.
    public var blocksWrites: Bool { self >= .share }

    /// The mode named in `LOCK TABLE … IN <mode> MODE` (words uppercased), e.g. `["SHARE", "ROW", "EXCLUSIVE"]`.
    init?(modeWords: [String]) {
        self.init(rawValue: modeWords.joined(separator: " "))
    }
}
