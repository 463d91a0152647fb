import Foundation
import OpsCore

/// The project's own SOP files: `*.md` (but README.md) in `.claude/sops/` when present, then in the SOP folder
/// (config `sops:`, default `sops/` next to the config), a later folder overriding an earlier one by name.
public enum SOPFiles {
    public struct File: Sendable {
        /// The file name without `.md`.
        public var name: String
        /// The path as messages show it, relative to the project root.
        public var display: String
        /// The text, or why it could not be read (a link out of the folder, not UTF-8…).
        public var text: Result<String, WorkspaceError>
    }

    /// The folders searched, in order (a later one wins).
    public static func folders(_ workspace: Workspace) -> [String] {
        var out = [workspace.root + "/.claude/sops"]
        if let own = workspace.sopsDirectory, !out.contains(own) { out.append(own) }
        return out.filter { FileSystem.kind(of: $0) == .directory }
    }

    public static func load(_ workspace: Workspace) -> [File] {
        var byName: [String: File] = [:]
        for folder in folders(workspace) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in names.sorted() where file.hasSuffix(".md") && file.lowercased() != "readme.md" {
                let path = folder + "/" + file
                let display = FileSystem.relative(path, from: workspace.root)
                let text = Result { () throws(WorkspaceError) -> String in
                    try FileSystem.readContainedText(path, display: display, allowed: [folder]) { _ in () }.0
                }
                let name = String(file.dropLast(3))
                byName[name] = File(name: name, display: display, text: text)
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// `sop init`: writes each shipped SOP into the project's SOP folder unless a file of that name exists.
    /// Returns the paths written and the paths kept, relative to the root.
    public static func initialize(_ workspace: Workspace, shipped: [(name: String, text: String)]) throws
        -> (written: [String], kept: [String]) {
        let folder = workspace.sopsDirectory ?? workspace.root + "/sops"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = [], kept: [String] = []
        for (name, text) in shipped {
            let path = folder + "/" + name + ".md"
            let shown = FileSystem.relative(path, from: workspace.root)
            // O_EXCL: an existing file (or a link) is never replaced, even if it appears between check and write.
            if FileSystem.kind(of: path) != .missing || !FileSystem.writeNew(path, Array(text.utf8), mode: 0o644) {
                kept.append(shown)
            } else {
                written.append(shown)
            }
        }
        return (written, kept)
    }
}
