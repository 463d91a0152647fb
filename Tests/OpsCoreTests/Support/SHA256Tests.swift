import XCTest
@testable import OpsCore

/// FIPS 180-4 test vectors, plus lengths around the padding boundaries (55/56 bytes decide whether the
/// length fits in the last block; 63/64/65 straddle a block). Expected values were computed with
/// coreutils `sha256sum`, e.g. `head -c 55 /dev/zero | tr '\0' a | sha256sum`.
final class SHA256Tests: XCTestCase {
    func testHex_Empty_MatchesNIST() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testHex_Abc_MatchesNIST() {
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testHex_448BitMessage_MatchesNIST() {
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testHex_OneMillionA_MatchesNIST() {
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testHex_PaddingBoundaryLengths_MatchSha256sum() {
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (length, digest) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: length)), digest, "\(length) bytes of 'a'")
        }
    }

    func testHex_AllByteValues_MatchesSha256sum() {
        // Every byte 0x00…0xff once: exercises high bytes (no sign or UTF-8 confusion).
        XCTAssertEqual(SHA256.hex((0...255).map { UInt8($0) }),
                       "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880")
    }

    func testHex_String_HashesUTF8Bytes() {
        // printf 'é' | sha256sum: the two UTF-8 bytes c3 a9, not one scalar.
        XCTAssertEqual(SHA256.hex("é"), "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c")
        XCTAssertEqual(SHA256.hex("é"), SHA256.hex([0xc3, 0xa9]))
    }

    func testDigest_Abc_Is32BytesAndAgreesWithHex() {
        let digest = SHA256.digest(Array("abc".utf8))
        XCTAssertEqual(digest.count, 32)
        XCTAssertEqual(digest.prefix(4), [0xba, 0x78, 0x16, 0xbf])
        XCTAssertEqual(digest.last, 0xad)
    }

    func testHex_ByteBelow0x10_KeepsLeadingZero() {
        // The "abc" digest's sixth byte is 0x01: unpadded formatting would print "1" and give 63 characters.
        XCTAssertEqual(SHA256.digest(Array("abc".utf8))[5], 0x01)
        let hex = SHA256.hex("abc")
        XCTAssertEqual(hex.count, 64)
        XCTAssertEqual(String(hex.dropFirst(10).prefix(2)), "01")
    }
}
