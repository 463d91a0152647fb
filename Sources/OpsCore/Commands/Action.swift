/// One thing evermed-ops can do, as a typed value.
///
/// The command line, a console line, an SOP's `ops` block and (later) the LLM's tools all become an `Action`;
/// `ActionRunner` runs it the same way for all of them. Every case has its declaration in `CommandRegistry`
/// (words, arguments, flags, help), from which the parser, Tab completion and help are derived.
public enum Action: Equatable, Sendable {
    /// `[]` means every environment.
    case status(environments: [String])
    /// `["all"]` or environment names.
    case check(environments: [String])
    /// Each side is an environment name or `migrations`.
    case diff(from: String, to: String, options: DiffOptions)
    case deploy(environment: String, flags: DeployFlags)
    case resolve(environment: String, migration: String, mode: ResolveChoice, confirm: ConfirmFlags)
    case baseline(environment: String, upTo: String?, force: Bool, confirm: ConfirmFlags)
    case audit(environment: String?)
    case describe(environment: String, table: String)
    case sopList
    case sopShow(name: String)
    case sopStart(name: String)
    case sopNext
    case sopBack
    case sopSkip(reason: String)
    case sopStatus
    case sopAbort
    case sopResume
    case sopInit
    /// "What next?": advice across environments, git and the active SOP.
    case next
    /// "Why is production broken?"
    case diagnose(environment: String)
    /// `diagnose ENV --explain`: the diagnosis, then the LLM's explanation (read-only tools allowed);
    /// `showPrompt`: print the request that would be sent, and send nothing. `explain` alone (console): nil, the
    /// environment of the last diagnosis.
    case explain(environment: String?, showPrompt: Bool)
    /// A free-form question for the LLM, grounded in the SOPs.
    case ask(question: String)
    /// `evermed-ops mcp`: serve the read-only tools over the Model Context Protocol on stdio.
    case mcp
    /// `fix ENV [--capture|--revert] [--rename T.OLD=NEW,…]`: writes the migration that ends ENV's drift.
    case fix(FixRequest)
    /// `lint [MIGRATION…] [--env ENV]`, `lint --pending ENV`: hazards in migration SQL.
    case lint(LintRequest)
    /// `lint --rules`: every rule, its severity and what it finds.
    case lintRules
    /// The pre-push checks; with `installHook`, writes the git hook instead.
    case preflight(installHook: Bool, force: Bool)
    case help(topic: String?)
    case quit

    /// `diff A B` with no flags.
    public static func diff(from: String, to: String) -> Action { .diff(from: from, to: to, options: DiffOptions()) }

    /// `deploy ENV` with no flags but `--dry-run` when `dryRun`: the router's and the tests' shorthand.
    public static func deploy(environment: String, dryRun: Bool) -> Action {
        .deploy(environment: environment, flags: DeployFlags(dryRun: dryRun))
    }

    /// `resolve ENV MIGRATION --mode` with no confirmation flags.
    public static func resolve(environment: String, migration: String, mode: ResolveChoice) -> Action {
        .resolve(environment: environment, migration: migration, mode: mode, confirm: ConfirmFlags())
    }

    /// `baseline ENV [--to M]` with no other flags.
    public static func baseline(environment: String, upTo: String?) -> Action {
        .baseline(environment: environment, upTo: upTo, force: false, confirm: ConfirmFlags())
    }

    /// True for the actions that write to a database's history or schema. The router returns one of these as
    /// `.action` only for its exact syntax (see `Confidence`).
    public var isMutating: Bool {
        switch self {
        case .deploy(_, let flags): return !flags.dryRun
        case .resolve, .baseline, .fix: return true
        default: return false
        }
    }

    /// The command word (`deploy`, `sop`, `help`…): the first word of `commandLine`.
    public var command: String { String(commandLine.prefix { $0 != " " }) }

    /// The canonical console syntax: what the person could have typed to get exactly this action, every name
    /// quoted as a shell would need it (`ShellWord`), which the console reads back the same way (`LineWords`).
    /// `Router.route(action.commandLine)` returns `.action(action)` (a tested invariant).
    public var commandLine: String {
        let q = ShellWord.quote
        switch self {
        case .status(let envs): return (["status"] + envs.map(q)).joined(separator: " ")
        case .check(let envs): return (["check"] + (envs.isEmpty ? ["all"] : envs.map(q))).joined(separator: " ")
        case .diff(let from, let to, let o):
            return (["diff", q(from), q(to)] + (o.sql ? ["--sql"] : []) + (o.privileges ? ["--privileges"] : []))
                .joined(separator: " ")
        case .deploy(let env, let f):
            var words = ["deploy", q(env)]
            if f.dryRun { words.append("--dry-run") }
            if f.yes { words.append("--yes") }
            if let name = f.confirmName { words += ["--confirm", q(name)] }
            if f.confirmBackup { words.append("--confirm-backup") }
            if let dir = f.backupTo { words += ["--backup-to", q(dir)] }
            if f.allowDrift { words.append("--allow-drift") }
            if f.acceptHazards { words.append("--accept-hazards") }
            return words.joined(separator: " ")
        case .resolve(let env, let migration, let mode, let c):
            return (["resolve", q(env), q(migration), mode.flag] + Action.words(c)).joined(separator: " ")
        case .baseline(let env, let upTo, let force, let c):
            var words = ["baseline", q(env)]
            if let upTo { words += ["--to", q(upTo)] }
            if force { words.append("--force") }
            return (words + Action.words(c)).joined(separator: " ")
        case .audit(let env): return env.map { "audit \(q($0))" } ?? "audit"
        case .describe(let env, let table):
            let shown = TableName.parse(table) != nil ? table : "\"" + table.replacingAll("\"", with: "\"\"") + "\""
            return "describe \(q(env)) \(shown)"
        case .sopList: return "sop list"
        case .sopShow(let name): return "sop show \(q(name))"
        case .sopStart(let name): return "sop start \(q(name))"
        case .sopNext: return "sop next"
        case .sopBack: return "sop back"
        case .sopSkip(let reason): return "sop skip \(q(reason))"
        case .sopStatus: return "sop status"
        case .sopAbort: return "sop abort"
        case .sopResume: return "sop resume"
        case .sopInit: return "sop init"
        case .next: return "next"
        case .diagnose(let env): return "diagnose \(q(env))"
        case let .explain(env, showPrompt):
            guard let env else { return showPrompt ? "explain --show-prompt" : "explain" }
            return "diagnose \(q(env)) --explain" + (showPrompt ? " --show-prompt" : "")
        case .ask(let question): return "ask " + question
        case .mcp: return "mcp"
        case .lint(let r):
            var words = ["lint"] + r.targets.map(q)
            if let env = r.pending { words += ["--pending", q(env)] }
            if let env = r.environment { words += ["--env", q(env)] }
            return words.joined(separator: " ")
        case .lintRules: return "lint --rules"
        case .fix(let r):
            var words = ["fix", q(r.environment)]
            if let mode = r.mode { words.append("--" + mode.rawValue) }
            if let renames = r.renamesFlag { words += ["--rename", q(renames)] }
            return words.joined(separator: " ")
        case .preflight(let hook, let force):
            return (["preflight"] + (hook ? ["--install-hook"] : []) + (force ? ["--force"] : [])).joined(separator: " ")
        case .help(let topic): return topic.map { "help \($0)" } ?? "help"
        case .quit: return "quit"
        }
    }

    private static func words(_ c: ConfirmFlags) -> [String] {
        (c.yes ? ["--yes"] : []) + (c.confirmName.map { ["--confirm", ShellWord.quote($0)] } ?? [])
    }
}
