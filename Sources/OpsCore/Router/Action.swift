/// One thing the console can do, as a typed value.
///
/// The router turns a typed line into an `Action`; the console runs it with the same code as the one-shot CLI.
/// Keeping it a plain enum lets tests assert what a phrase means without running anything.
public enum Action: Equatable, Sendable {
    /// `[]` means every environment.
    case status(environments: [String])
    /// `["all"]` or environment names.
    case check(environments: [String])
    /// Each side is an environment name or `migrations`.
    case diff(from: String, to: String)
    case deploy(environment: String, dryRun: Bool)
    case resolve(environment: String, migration: String, mode: ResolveChoice)
    case baseline(environment: String, upTo: String?)
    case audit(environment: String?)
    case describe(environment: String, table: String)
    case sopList
    case sopStart(name: String)
    case sopNext
    case sopStatus
    case sopAbort
    /// "What next?": advice across environments.
    case next
    /// "Why is production broken?"
    case diagnose(environment: String)
    case help(topic: String?)
    case quit

    /// True for the actions that write to a database's history or schema. The router never returns one of
    /// these as `.action` unless the line said so exactly (see `Confidence`).
    public var isMutating: Bool {
        switch self {
        case .deploy(_, let dryRun): return !dryRun
        case .resolve, .baseline: return true
        default: return false
        }
    }

    /// The command word of `commandLine` (`deploy`, `sop`, `help`…).
    public var command: String { String(commandLine.prefix { $0 != " " }) }

    /// The canonical console syntax: what the person could have typed to get exactly this action, every name
    /// quoted as a shell would need it (`ShellWord`), which the console reads back the same way (`LineWords`).
    /// `Router.route(action.commandLine)` returns `.action(action)` (a tested invariant).
    public var commandLine: String {
        let q = ShellWord.quote
        switch self {
        case .status(let envs): return (["status"] + envs.map(q)).joined(separator: " ")
        case .check(let envs): return (["check"] + (envs.isEmpty ? ["all"] : envs.map(q))).joined(separator: " ")
        case .diff(let from, let to): return "diff \(q(from)) \(q(to))"
        case .deploy(let env, let dryRun): return "deploy \(q(env))" + (dryRun ? " --dry-run" : "")
        case .resolve(let env, let migration, let mode): return "resolve \(q(env)) \(q(migration)) \(mode.flag)"
        case .baseline(let env, let upTo): return "baseline \(q(env))" + (upTo.map { " --to \(q($0))" } ?? "")
        case .audit(let env): return env.map { "audit \(q($0))" } ?? "audit"
        case .describe(let env, let table):
            let shown = TableName.parse(table) != nil ? table : "\"" + table.replacingAll("\"", with: "\"\"") + "\""
            return "describe \(q(env)) \(shown)"
        case .sopList: return "sop list"
        case .sopStart(let name): return "sop start \(ShellWord.quote(name))"
        case .sopNext: return "sop next"
        case .sopStatus: return "sop status"
        case .sopAbort: return "sop abort"
        case .next: return "next"
        case .diagnose(let env): return "diagnose \(ShellWord.quote(env))"
        case .help(let topic): return topic.map { "help \($0)" } ?? "help"
        case .quit: return "quit"
        }
    }
}
