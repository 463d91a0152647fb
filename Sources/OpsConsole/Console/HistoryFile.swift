import Foundation

/// The console's history on disk: `$XDG_STATE_HOME/evermed-ops/history` (default `~/.local/state/…`), one line
/// per entry, mode 0600 in a 0700 directory, at most `maxEntries` lines with repeats collapsed. A plain text
/// file rather than libedit's `H_SAVE` format, so it stays readable and is written one line at a time.
struct HistoryFile {
    static let maxEntries = 1000
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        path = state + "/evermed-ops/history"
    }

    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.suffix(HistoryFile.maxEntries))
    }

    /// Appends, skipping a repeat of the last line, keeping the newest `maxEntries` lines.
    func append(_ line: String) {
        var lines = load()
        if lines.last == line { return }
        lines.append(line)
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let text = lines.suffix(HistoryFile.maxEntries).joined(separator: "\n") + "\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        _ = chmod(path, 0o600)
    }
}
