import Foundation
import OpsCore
#if canImport(Glibc)
import Glibc
#endif

/// SOP sessions on disk: `.evermed-ops/sessions/<id>.json`, one per session, written after every change to a
/// temporary file that is fsynced and renamed into place — so quitting, kill -9 or a power cut leaves either
/// the previous state or the new one, never half a file.
public struct SessionStore: Sendable {
    public let directory: String

    public init(stateDirectory: String) { directory = stateDirectory + "/sessions" }

    /// The unfinished session, if any (there is at most one per project; the newest wins if files were copied).
    public func active() -> SOPSession? {
        all().filter(\.isActive).max { $0.startedAt < $1.startedAt }
    }

    /// Every readable session, oldest first. A file that does not decode is skipped (and left in place).
    public func all() -> [SOPSession] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            FileManager.default.contents(atPath: directory + "/" + name)
                .flatMap { try? JSONDecoder().decode(SOPSession.self, from: $0) }
        }.sorted { $0.startedAt < $1.startedAt }
    }

    public func load(id: String) -> SOPSession? {
        guard let path = path(for: id), let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SOPSession.self, from: data)
    }

    /// Saves `session` durably (temp file, fsync, rename, fsync of the directory).
    public func save(_ session: SOPSession) throws {
        guard let path = path(for: session.id) else { throw SessionStoreError.badID(session.id) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(session)
        FileSystem.makePrivateDirectory(directory)
        let temporary = "\(path).\(ProcessInfo.processInfo.processIdentifier).tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SessionStoreError.write(path: path, reason: String(cString: strerror(errno))) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SessionStoreError.write(path: path, reason: reason)
        }
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    /// `20261201-093000-3f9a`: sortable, and unique enough for one project's sessions.
    public static func newID(now: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: now) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    /// `<directory>/<id>.json`, or nil for an id that could name another path.
    private func path(for id: String) -> String? {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        return directory + "/" + id + ".json"
    }
}

public enum SessionStoreError: Error, CustomStringConvertible {
    case badID(String)
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case let .badID(id): return "A session id must be letters, digits and -; got \"\(VisibleText.line(id))\"."
        case let .write(path, reason):
            return "Could not save the SOP session to \(path): \(reason). The step's result is not recorded; "
                + "check the disk and permissions of .evermed-ops/, then run the step again."
        }
    }
}
