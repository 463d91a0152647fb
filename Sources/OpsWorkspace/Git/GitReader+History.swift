import Foundation
import OpsCore

extension GitReader {
    /// The version of `path` in git history whose SHA-256 (or that of its CRLF↔LF variant, as Prisma accepts)
    /// is `checksum`: what a database applied before the file was edited. Newest commit first, at most `limit`.
    public func version(of path: String, checksum: String, limit: Int = 200) -> (commit: String, text: String)? {
        guard let log = run(["log", "--format=%H", "-n", String(limit), "--", path]), log.code == 0 else { return nil }
        let relative = FileSystem.relative(path, from: root)
        for commit in log.out.split(separator: "\n").map(String.init) where !commit.isEmpty {
            guard let bytes = blob(commit, relative) else { continue }
            let lf = bytes.filter { $0 != 13 }
            if SHA256.hex(bytes) == checksum || SHA256.hex(lf) == checksum || SHA256.hex(crlf(lf)) == checksum {
                return (String(commit.prefix(12)), String(decoding: bytes, as: UTF8.self))
            }
        }
        return nil
    }

    /// `git show COMMIT:./PATH` as bytes (the path relative to the root, which is where git runs).
    func blob(_ commit: String, _ path: String) -> [UInt8]? {
        guard let (data, code) = bytes(["show", "\(commit):./\(path)"]), code == 0 else { return nil }
        return [UInt8](data)
    }

    private func crlf(_ lf: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lf.count + lf.count / 20)
        for b in lf {
            if b == 10 { out.append(13) }
            out.append(b)
        }
        return out
    }
}
