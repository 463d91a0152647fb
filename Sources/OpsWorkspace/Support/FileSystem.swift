import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few file-system calls this module makes, with failures turned into `WorkspaceError` in one place.
enum FileSystem {
    enum Kind { case missing, file, directory }

    static func kind(of path: String) -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }

    /// The whole file as bytes; `display` is the path as the user should read it in an error.
    static func readBytes(_ path: String, display: String) throws(WorkspaceError) -> [UInt8] {
        if kind(of: path) == .directory { throw .unreadableFile(path: display, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "read failed" : "permission denied"
            throw .unreadableFile(path: display, reason: reason)
        }
        return [UInt8](data)
    }

    /// A file the project owns (a migration, an SOP), read only when it is what it claims to be: after
    /// following symbolic links it must be a regular file inside one of `allowed` (its folder: the
    /// migrations directory, the SOP directory). A link to `/proc/self/environ` or `~/.aws/credentials`, a FIFO
    /// that would block the read, or a device is refused — its content could otherwise reach the screen or a
    /// database.
    ///
    /// The file is read straight into the string's own storage and `inspect` sees its bytes there (a checksum),
    /// so a 50 MB migration is held once, not as bytes and text side by side. Fails with the line of the first
    /// byte that is not UTF-8.
    static func readContainedText<T>(_ path: String, display: String, allowed: [String],
                                     inspect: (UnsafeBufferPointer<UInt8>) -> T) throws(WorkspaceError) -> (String, T) {
        let real = try containedPath(path, display: display, allowed: allowed)
        let fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .unreadableFile(path: display, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unsafeFile(path: display, reason: "it is not a regular file")
        }
        var failure: WorkspaceError?
        var inspected: T?
        let text = String(unsafeUninitializedCapacity: Int(info.st_size)) { buffer in
            var count = 0
            while count < buffer.count {
                let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if n < 0 { failure = .unreadableFile(path: display, reason: String(cString: strerror(errno))) }
                    break
                }
                count += n
            }
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
            if let bad = UTF8Check.firstInvalidOffset(bytes) {
                failure = failure ?? .notUTF8(path: display, line: UTF8Check.line(ofOffset: bad, in: bytes))
            } else {
                inspected = inspect(bytes)
            }
            return count
        }
        if let failure { throw failure }
        return (text, inspected!)
    }

    /// The real path of `path` after checking it is a regular file inside one of `allowed`.
    private static func containedPath(_ path: String, display: String, allowed: [String]) throws(WorkspaceError) -> String {
        var link = stat()
        guard lstat(path, &link) == 0 else { throw .unreadableFile(path: display, reason: String(cString: strerror(errno))) }
        guard let real = realPath(path) else {
            throw .unsafeFile(path: display, reason: "it is a symbolic link to a file that does not exist")
        }
        let isLink = (link.st_mode & S_IFMT) == S_IFLNK
        let roots = allowed.compactMap(realPath)
        if !roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) {
            throw .unsafeFile(path: display, reason: (isLink ? "it is a symbolic link that leads out of its folder"
                                                             : "it lies outside its folder") + " (to \(real))")
        }
        var info = stat()
        guard stat(real, &info) == 0 else { throw .unreadableFile(path: display, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unsafeFile(path: display, reason: "it is not a regular file (\(kindName(info.st_mode)))")
        }
        return real
    }

    /// `realpath(3)`: the absolute path with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }

    /// The whole file as UTF-8 text, failing with the line of the first invalid byte.
    static func readText(_ path: String, display: String) throws(WorkspaceError) -> String {
        try UTF8Check.decode(try readBytes(path, display: display), path: display)
    }

    /// `path` made absolute against `base` (when relative), with `.`/`..` removed and `~` expanded.
    static func absolute(_ path: String, base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }

    /// `path` as seen from `base`: `db/migrations`, `../evermed-ops.yml`, or the absolute path when it is
    /// more than three levels up (a long `../../../..` reads worse than the real path).
    static func relative(_ path: String, from base: String) -> String {
        let target = components(path), from = components(base)
        var common = 0
        while common < min(target.count, from.count), target[common] == from[common] { common += 1 }
        let ups = from.count - common
        if ups > 3 || (common == 0 && !from.isEmpty) { return path }
        let parts = Array(repeating: "..", count: ups) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Creates `path` (which must not exist) readable by the owner only — mode 0600 from the first byte,
    /// whatever the umask — and writes `bytes` to it. State files name hosts, people and schemas.
    static func writeNew(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// `.evermed-ops/` and its subdirectories: created 0700, and narrowed to 0700 when found wider.
    static func makePrivateDirectory(_ path: String) {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        _ = chmod(path, 0o700)
    }

    /// Parent directory, or nil at the root.
    static func parent(of directory: String) -> String? {
        guard directory != "/" else { return nil }
        let parent = (directory as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }
}
