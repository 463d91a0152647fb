import Foundation

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

    /// Parent directory, or nil at the root.
    static func parent(of directory: String) -> String? {
        guard directory != "/" else { return nil }
        let parent = (directory as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }
}
