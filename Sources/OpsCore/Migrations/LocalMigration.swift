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
        let (checksum, alternates) = bytes.withUnsafeBufferPointer(LocalMigration.checksums)
        self.init(name: name, sql: sql, checksum: checksum, alternateChecksums: alternates, path: path)
    }

    /// The file's checksum and those of its CRLF→LF and LF→CRLF variants (when they differ from it), in one
    /// pass: the variants are hashed as they are produced, never built.
    public static func checksums(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, [String]) {
        var plain = SHA256.Hasher(), toLF = SHA256.Hasher(), toCRLF = SHA256.Hasher()
        plain.update(bytes)
        var hasCRLF = false, hasBareLF = false
        var previous: UInt8 = 0
        for (i, b) in bytes.enumerated() {
            // CRLF → LF drops a CR that a LF follows.
            if b == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { hasCRLF = true } else { toLF.update(byte: b) }
            // LF → CRLF puts a CR before a LF that has none.
            if b == 10, i == 0 || previous != 13 { hasBareLF = true; toCRLF.update(byte: 13) }
            toCRLF.update(byte: b)
            previous = b
        }
        var alternates: [String] = []
        if hasCRLF { alternates.append(toLF.finalizeHex()) }
        if hasBareLF { alternates.append(toCRLF.finalizeHex()) }
        return (plain.finalizeHex(), alternates)
    }

    /// True when `stored` (from `_prisma_migrations.checksum`) is this file's checksum or an accepted variant.
    public func matches(checksum stored: String) -> Bool {
        let s = stored.lowercased()
        return s == checksum || alternateChecksums.contains(s)
    }
}
