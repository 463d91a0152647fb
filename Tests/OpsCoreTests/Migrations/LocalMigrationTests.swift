import XCTest
@testable import OpsCore

/// Checksums of the same migration.sql with LF, CRLF and mixed line endings, computed with `sha256sum`:
/// `printf -- '-- CreateTable\nCREATE TABLE "users" (\n    "id" TEXT NOT NULL\n);\n' | sha256sum`.
final class LocalMigrationTests: XCTestCase {
    private let lfText = "-- CreateTable\nCREATE TABLE \"users\" (\n    \"id\" TEXT NOT NULL\n);\n"
    private let crlfText = "-- CreateTable\r\nCREATE TABLE \"users\" (\r\n    \"id\" TEXT NOT NULL\r\n);\r\n"
    private let mixedText = "-- CreateTable\r\nCREATE TABLE \"users\" (\n    \"id\" TEXT NOT NULL\r\n);\n"
    private let lfChecksum = "a128173c03aae7ad6ee4636a53a7d181f483397804c85eb62f634e342093ed45"
    private let crlfChecksum = "2fdfa150380c80aaaca10d0be419aa9dda2298a763549d96e08b432c396db2f1"
    private let mixedChecksum = "a5394e8ab75f18ad430738e72cb5faa583ce4f78cfb8e662c71f58fe89af06ae"

    private func migration(_ text: String) -> LocalMigration {
        LocalMigration(name: "20240108093000_init", bytes: Array(text.utf8), sql: text,
                       path: "prisma/migrations/20240108093000_init/migration.sql")
    }

    func testInit_LFFile_ChecksumIsSha256OfBytes() {
        XCTAssertEqual(migration(lfText).checksum, lfChecksum)
        XCTAssertEqual(migration(crlfText).checksum, crlfChecksum)
    }

    func testMatches_LFFileAgainstCRLFChecksum_Accepted() {
        // Applied from a Windows checkout, now checked out with LF.
        XCTAssertTrue(migration(lfText).matches(checksum: crlfChecksum))
        XCTAssertTrue(migration(lfText).matches(checksum: lfChecksum))
    }

    func testMatches_CRLFFileAgainstLFChecksum_Accepted() {
        XCTAssertTrue(migration(crlfText).matches(checksum: lfChecksum))
        XCTAssertTrue(migration(crlfText).matches(checksum: crlfChecksum))
    }

    func testMatches_UppercaseStoredChecksum_Accepted() {
        XCTAssertTrue(migration(lfText).matches(checksum: lfChecksum.uppercased()))
        XCTAssertTrue(migration(lfText).matches(checksum: crlfChecksum.uppercased()))
    }

    func testMatches_UnrelatedChecksum_Rejected() {
        let m = migration(lfText)
        XCTAssertFalse(m.matches(checksum: SHA256.hex("abc")))
        XCTAssertFalse(m.matches(checksum: mixedChecksum))   // the mixed file is a different file
        XCTAssertFalse(m.matches(checksum: ""))
    }

    func testMatches_EditedFile_Rejected() {
        let edited = migration(lfText.replacingOccurrences(of: "TEXT NOT NULL", with: "TEXT"))
        XCTAssertFalse(edited.matches(checksum: lfChecksum))
        XCTAssertFalse(edited.matches(checksum: crlfChecksum))
    }

    func testMatches_MixedLineEndings_AcceptsOwnAllLFAndAllCRLF() {
        let m = migration(mixedText)
        XCTAssertEqual(m.checksum, mixedChecksum)
        XCTAssertTrue(m.matches(checksum: mixedChecksum))
        XCTAssertTrue(m.matches(checksum: lfChecksum))
        XCTAssertTrue(m.matches(checksum: crlfChecksum))
        XCTAssertEqual(Set(m.alternateChecksums), [lfChecksum, crlfChecksum])
    }

    func testInit_PureLFFile_OnlyCRLFAlternate() {
        // The CRLF→LF variant of an LF file is the file itself: not listed again.
        XCTAssertEqual(migration(lfText).alternateChecksums, [crlfChecksum])
        XCTAssertEqual(migration(crlfText).alternateChecksums, [lfChecksum])
    }

    func testInit_NoNewlines_NoAlternates() {
        let m = migration("SELECT 1;")
        XCTAssertEqual(m.alternateChecksums, [])
        XCTAssertTrue(m.matches(checksum: SHA256.hex("SELECT 1;")))
    }

    func testChecksums_LoneCR_KeptInBothVariants() {
        let (plain, alternates) = checksums("a\rb\r")
        XCTAssertEqual(plain, SHA256.hex("a\rb\r"))
        XCTAssertEqual(alternates, [], "no CRLF and no LF: both variants are the file itself")
        XCTAssertEqual(checksums("a\rb\n").1, [SHA256.hex("a\rb\r\n")])
    }

    func testChecksums_MixedInput_BothVariantsHashed() {
        XCTAssertEqual(checksums("a\r\nb\nc\r\n").1, [SHA256.hex("a\nb\nc\n"), SHA256.hex("a\r\nb\r\nc\r\n")])
        XCTAssertEqual(checksums("\na\r\nb\n").1, [SHA256.hex("\na\nb\n"), SHA256.hex("\r\na\r\nb\r\n")])
    }

    /// The one-pass hashing of the variants against converting and hashing each, on seeded random files of
    /// CR, LF, letters and multi-byte characters, across SHA-256 block boundaries.
    func testChecksums_RandomFiles_MatchConvertThenHash() {
        var rng = SplitMix(seed: 7)
        let alphabet: [[UInt8]] = [[13], [10], [13, 10], Array("a".utf8), Array("é".utf8), Array("ÿ€".utf8)]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 200) { bytes += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let (plain, alternates) = bytes.withUnsafeBufferPointer(LocalMigration.checksums)
            let expected = [Self.crlfToLF(bytes), Self.lfToCRLF(bytes)].filter { $0 != bytes }.map(SHA256.hex)
            XCTAssertEqual(plain, SHA256.hex(bytes))
            XCTAssertEqual(alternates, expected, "\(bytes)")
        }
    }

    private func checksums(_ text: String) -> (String, [String]) {
        Array(text.utf8).withUnsafeBufferPointer(LocalMigration.checksums)
    }

    /// Reference conversions, written the obvious way.
    static func crlfToLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, b) in bytes.enumerated() where !(b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10) { out.append(b) }
        return out
    }

    static func lfToCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, b) in bytes.enumerated() {
            if b == 10, i == 0 || bytes[i - 1] != 13 { out.append(13) }
            out.append(b)
        }
        return out
    }
}
