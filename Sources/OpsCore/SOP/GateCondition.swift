/// A gate, `> expect: CONDITION`: the step is done only when it holds. The grammar is small on purpose:
///
///     ENV in_sync              history, folder and live schema agree (nothing pending, failed, modified, drifted)
///     ENV up_to_date           nothing pending or failed
///     ENV no_drift             the live schema matches what the history says was applied
///     ENV pending              at least one migration is waiting (a new one was created)
///     ENV applied PREFIX       a migration whose name starts with PREFIX is applied (`latest`: the newest local one)
///     git clean [PATH]         no uncommitted or untracked file under PATH (default: the migrations folder)
///     git pushed               the branch is not ahead of its upstream
///
/// ENV is an environment name or `all` (every environment must satisfy it).
public enum GateCondition: Equatable, Sendable, CustomStringConvertible {
    case environment(String, EnvironmentCondition)
    /// nil: the migrations folder.
    case gitClean(path: String?)
    case gitPushed

    public enum EnvironmentCondition: Equatable, Sendable {
        case inSync, upToDate, noDrift, pending
        case applied(prefix: String)
    }

    /// The words a gate accepts after an environment name.
    public static let environmentWords = ["in_sync", "up_to_date", "no_drift", "pending", "applied"]

    /// Parses the text after `expect:`; nil with the reason when it is not a condition.
    public static func parse(_ text: String) -> Result<GateCondition, GateSyntaxError> {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return .failure(GateSyntaxError(message: "empty condition")) }
        if first == "git" {
            switch (words.dropFirst().first, words.count) {
            case ("clean", 2): return .success(.gitClean(path: nil))
            case ("clean", 3): return .success(.gitClean(path: words[2] == "migrations" ? nil : words[2]))
            case ("pushed", 2): return .success(.gitPushed)
            default:
                return .failure(GateSyntaxError(message: "`\(text)` is not a git condition (`git clean [PATH]` or `git pushed`)"))
            }
        }
        guard words.count >= 2 else {
            return .failure(GateSyntaxError(message: "`\(text)` names no condition: write `ENV in_sync`, `ENV up_to_date`, "
                + "`ENV no_drift`, `ENV pending`, `ENV applied PREFIX`, `git clean [PATH]` or `git pushed`"))
        }
        let condition: EnvironmentCondition
        switch (words[1], words.count) {
        case ("in_sync", 2): condition = .inSync
        case ("up_to_date", 2): condition = .upToDate
        case ("no_drift", 2): condition = .noDrift
        case ("pending", 2): condition = .pending
        case ("applied", 3): condition = .applied(prefix: words[2])
        case ("applied", _):
            return .failure(GateSyntaxError(message: "`\(text)`: `applied` takes one migration name prefix (or `latest`)"))
        default:
            return .failure(GateSyntaxError(message: "unknown condition `\(words.dropFirst().joined(separator: " "))` "
                + "(known: \(environmentWords.joined(separator: ", ")); `git clean`, `git pushed`)"))
        }
        return .success(.environment(first, condition))
    }

    /// The canonical text (`staging in_sync`), as `sop show --json` lists it.
    public var description: String {
        switch self {
        case let .environment(env, c):
            switch c {
            case .inSync: return "\(env) in_sync"
            case .upToDate: return "\(env) up_to_date"
            case .noDrift: return "\(env) no_drift"
            case .pending: return "\(env) pending"
            case let .applied(prefix): return "\(env) applied \(prefix)"
            }
        case let .gitClean(path): return path.map { "git clean \($0)" } ?? "git clean migrations"
        case .gitPushed: return "git pushed"
        }
    }

    /// The environment the gate reads, if any (`all` for every one).
    public var environment: String? {
        if case let .environment(env, _) = self { return env }
        return nil
    }

    /// Whether evaluating it needs git.
    public var needsGit: Bool { environment == nil }
}

public struct GateSyntaxError: Error, Equatable, Sendable {
    public var message: String
}
