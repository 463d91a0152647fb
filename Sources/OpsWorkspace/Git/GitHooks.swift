import Foundation

/// `preflight --install-hook`: writes the pre-push hook that runs `evermed-ops preflight` — `.husky/pre-push`
/// when the project uses husky, else the repository's hooks folder (`git rev-parse --git-path hooks`, so
/// worktrees and `core.hooksPath` are honoured). An existing hook is never replaced without `force`.
public enum GitHooks {
    public enum Outcome: Equatable, Sendable {
        case written(path: String)
        /// A hook is there already; nothing was changed.
        case kept(path: String)
    }

    public static func installPrePush(root: String, executable: String, force: Bool) throws -> Outcome {
        let husky = root + "/.husky"
        let path: String
        if FileSystem.kind(of: husky) == .directory {
            path = husky + "/pre-push"
        } else {
            guard let hooks = GitReader(root: root).run(["rev-parse", "--git-path", "hooks"]), hooks.code == 0 else {
                throw GitHookError.notARepository(root)
            }
            path = FileSystem.absolute(hooks.out, base: root) + "/pre-push"
        }
        let shown = FileSystem.relative(path, from: root)
        if FileSystem.kind(of: path) != .missing && !force { return .kept(path: shown) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let script = hook(executable: executable)
        let temporary = path + ".evermed-ops.tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileSystem.writeNew(temporary, Array(script.utf8), mode: 0o755),
              rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw GitHookError.write(shown)
        }
        return .written(path: shown)
    }

    /// The hook: the evermed-ops on PATH, else the binary that installed it.
    static func hook(executable: String) -> String {
        let quoted = "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            # Installed by `evermed-ops preflight --install-hook`. Blocks the push on a blocking finding (an
            # uncommitted migration, a failed migration, a failing check). Skip once: git push --no-verify
            if command -v evermed-ops >/dev/null 2>&1; then exec evermed-ops preflight; fi
            exec \(quoted) preflight

            """
    }
}

public enum GitHookError: Error, CustomStringConvertible {
    case notARepository(String)
    case write(String)

    public var description: String {
        switch self {
        case let .notARepository(root):
            return "\(root) is not in a git repository, so there is no pre-push hook to install. Run `git init` first."
        case let .write(path):
            return "Could not write \(path): check the permissions of the hooks folder."
        }
    }
}
