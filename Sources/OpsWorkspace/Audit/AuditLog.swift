import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OpsCore

/// `.evermed-ops/audit.log` next to the config: one JSON line per mutating action, appended under an
/// exclusive `flock` so concurrent deployers never interleave lines. The file is 0600 (and narrowed to 0600
/// when an older version or a hand edit left it wider), in a 0700 directory: it names people, hosts and
/// environments (never a password or URL: records are built from redacted text).
public struct AuditLog: Sendable {
    public let path: String

    public init(stateDirectory: String) { path = stateDirectory + "/audit.log" }

    /// Appends one record. Failure to write is reported (an unaudited change must not pass silently),
    /// but callers decide whether to stop: the database change has already happened by then.
    public func append(_ record: AuditRecord) throws {
        FileSystem.makePrivateDirectory((path as NSString).deletingLastPathComponent)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WorkspaceError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        var bytes = Array((record.jsonLine() + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw WorkspaceError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
            offset += n
        }
        // No fsync: a killed process loses nothing written (the kernel has it), and an fsync per migration
        // cost a 500-migration deploy 0.13 s. A machine crash can lose the last lines, as with any log.
    }

    /// Every readable record, oldest first; lines that are not records are skipped (a hand edit, a crash).
    public func records(environment: String? = nil) -> [AuditRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            AuditRecord.parse(line: String($0))
        }.filter { environment == nil || $0.environment == environment }
    }
}
