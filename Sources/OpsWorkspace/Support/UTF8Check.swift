/// Strict UTF-8 validation that reports where the first bad byte is, so an error can name its line.
/// (`String(validating:)` says only yes or no, and needs macOS 15.)
enum UTF8Check {
    /// Byte offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629:
    /// no overlongs, no surrogates, nothing above U+10FFFF), or nil when all of `bytes` is valid.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidOffset($0) }
    }

    static func firstInvalidOffset(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + 1 < n, b[i + 1] >= low, b[i + 1] <= high else { return i }
            for k in 2..<length {
                guard i + k < n, b[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }

    /// 1-based line number of byte `offset` (counting LF bytes before it).
    static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { line(ofOffset: offset, in: $0) }
    }

    static func line(ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 10 { line += 1 }
        return line
    }

    /// Decodes `bytes` as UTF-8, or throws `.notUTF8` naming `path` and the line of the first bad byte.
    static func decode(_ bytes: [UInt8], path: String) throws(WorkspaceError) -> String {
        if let bad = firstInvalidOffset(bytes) {
            throw .notUTF8(path: path, line: line(ofOffset: bad, in: bytes))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
