/// A migration folder on disk: `<dir>/<name>/migration.sql`, Prisma's layout.
public struct LocalMigration: Equatable, Sendable {
    /// Folder name, `<digits>_<words>`; migrations apply in name order.
    public var name: String
    /// The file's text (validated as UTF-8 when loaded).
    public var sql: String
    /// Lowercase hex SHA-256 of the file's bytes, exactly as Prisma stores it.
    public var checksum: String
    /// Checksums Prisma also accepts for this file: the CRLF→LF and LF→CRLF variants of its bytes.
    public var alternateChecksums: [String]
    /// Path relative to the project root, for error messages.
    public var path: String

    public init(name: String, sql: String, checksum: String, alternateChecksums: [String] = [], path: String) {
        self.name = name
        self.sql = sql
        self.checksum = checksum
        self.alternateChecksums = alternateChecksums
        self.path = path
    }

    /// Builds a migration from its raw bytes, computing the checksum and the line-ending variants.
    public init(name: String, bytes: [UInt8], sql: String, path: String) {
        let checksum = SHA256.hex(bytes)
        var alternates: [String] = []
        for variant in [LineEndings.crlfToLF(bytes), LineEndings.lfToCRLF(bytes)] where variant != bytes {
            alternates.append(SHA256.hex(variant))
        }
        self.init(name: name, sql: sql, checksum: checksum, alternateChecksums: alternates, path: path)
    }

    /// True when `stored` (from `_prisma_migrations.checksum`) is this file's checksum or an accepted variant.
    public func matches(checksum stored: String) -> Bool {
        let s = stored.lowercased()
        return s == checksum || alternateChecksums.contains(s)
    }
}

/// Line-ending conversions for checksum matching (Prisma accepts CRLF↔LF variants of a file).
enum LineEndings {
    static func crlfToLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1; continue }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    static func lfToCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        for (i, b) in bytes.enumerated() {
            if b == 10, i == 0 || bytes[i - 1] != 13 { out.append(13) }
            out.append(b)
        }
        return out
    }
}
