/// Every command evermed-ops has, each declared once. The command line, console lines and SOP `ops` blocks are
/// parsed against these declarations (`CommandLineParser`); Tab completion, `help` and usage lines come from
/// them too, so a flag added here works everywhere at once.
public enum CommandRegistry {
    /// Flags every command takes, before or after its words.
    public static let globalFlags: [FlagSpec] = [
        FlagSpec("--config", value: .directory, valueName: "PATH", help: "evermed-ops.yml to use (default: the nearest one)"),
        FlagSpec("--json", help: "print JSON instead of tables"),
        FlagSpec("--no-color", help: "never colour the output (also: NO_COLOR)"),
        FlagSpec("--verbose", short: "-v", help: "progress lines on stderr even when it is not a terminal"),
    ]

    static let yes = FlagSpec("--yes", short: "-y", help: "confirm without asking (required when not interactive)")
    static let confirm = FlagSpec("--confirm", value: .environment, valueName: "ENV",
                                  help: "name a protected environment to confirm (with --yes when not interactive)")

    static func confirmFlags(_ p: ParsedCommand) -> ConfirmFlags {
        ConfirmFlags(yes: p.has("--yes"), confirmName: p.value("--confirm"))
    }

    public static let all: [CommandDefinition] = readCommands + changeCommands + sopCommands + consoleCommands

    static let readCommands: [CommandDefinition] = [
        CommandDefinition(["status"], arguments: [ArgumentSpec("ENV", .environment, optional: true, repeating: true)],
                          summary: "every migration's state in every environment",
                          examples: ["status", "status staging production --json", "is staging behind?"]) { p in
            .status(environments: p.positionals.map { $0.lowercased() == "all" ? nil : $0 }.compactMap { $0 })
        },
        CommandDefinition(["check"], arguments: [ArgumentSpec("ENV|all", .environmentOrAll),
                                                 ArgumentSpec("ENV", .environment, optional: true, repeating: true)],
                          summary: "history plus drift of the live schema (ENV or all)",
                          examples: ["check staging", "check all --json", "is prod in sync?"],
                          details: "check ENV|all reconciles the history table with the migrations folder and replays the "
                            + "applied migrations on a scratch database to find drift in the live schema. Nothing is changed.") { p in
            .check(environments: p.positionals.count == 1 && p.positionals[0].lowercased() == "all" ? ["all"] : p.positionals)
        },
        CommandDefinition(["diff"], arguments: [ArgumentSpec("A", .side), ArgumentSpec("B", .side)],
                          flags: [FlagSpec("--sql", help: "print the SQL that turns A into B, in dependency order"),
                                  FlagSpec("--privileges", help: "compare GRANTs on schemas, tables, sequences and functions too")],
                          summary: "compare two schemas (environments or `migrations`)",
                          examples: ["diff staging production", "diff local migrations", "diff production migrations --sql",
                                     "what changed between stg and prod"],
                          details: "diff A B: schema differences between two environments, or an environment and "
                            + "`migrations` (every local migration replayed). --sql prints the SQL that turns A into B: "
                            + "drops of dependents first, destructive statements commented with what they lose, new "
                            + "foreign keys and checks NOT VALID then validated, CREATE INDEX CONCURRENTLY in its own "
                            + "non-transactional section. Exits 1 when they differ, like diff(1).") { p in
            .diff(from: p[0]!, to: p[1]!, options: DiffOptions(sql: p.has("--sql"), privileges: p.has("--privileges")))
        },
        CommandDefinition(["audit"], arguments: [ArgumentSpec("ENV", .environment, optional: true)],
                          summary: "who changed which environment, when, with what result",
                          examples: ["audit", "audit production --json", "who deployed production last"]) { p in
            .audit(environment: p[0])
        },
        CommandDefinition(["describe"], arguments: [ArgumentSpec("ENV", .environment), ArgumentSpec("TABLE", .table)],
                          summary: "a table's columns, indexes, constraints, triggers (like \\d)",
                          examples: ["describe staging users", "describe local \"Patient\""]) { p in
            .describe(environment: p[0]!, table: p[1]!)
        },
        CommandDefinition(["diagnose"], arguments: [ArgumentSpec("ENV", .environmentOrAll)],
                          flags: [FlagSpec("--explain", help: "then have the configured LLM explain it (read-only tools; commands only proposed)"),
                                  FlagSpec("--show-prompt", help: "with --explain: print the exact request body, redacted, and send nothing")],
                          summary: "why it is not in sync: causes with evidence, the repair plan, how to verify",
                          examples: ["diagnose production", "why is production broken?", "diagnose all --json"],
                          details: "diagnose ENV|all assembles the incident from facts: each environment's check, a failed "
                            + "migration's record and what its SQL left in the live schema, modified migrations against "
                            + "the version git has with the applied checksum, drift, lock holders and promotion order. "
                            + "It prints the causes with their evidence and the repair plan as exact commands (mutating "
                            + "ones marked), in promotion order. Nothing is changed.") { p in
            let env = p[0]!.lowercased() == "all" ? "all" : p[0]!
            if p.has("--explain") || p.has("--show-prompt") { return .explain(environment: env, showPrompt: p.has("--show-prompt")) }
            return .diagnose(environment: env)
        },
        CommandDefinition(["explain"], flags: [FlagSpec("--show-prompt", help: "print the exact request body and send nothing")],
                          summary: "the LLM's explanation of the last diagnosis (console)", examples: ["explain"],
                          scope: .console) { p in
            .explain(environment: nil, showPrompt: p.has("--show-prompt"))
        },
        CommandDefinition(["mcp"], summary: "serve the read-only tools to a coding agent over MCP (stdio)",
                          examples: ["mcp"],
                          details: "mcp serves status, check, diff, describe, list_migrations, read_migration, next, diagnose "
                            + "and sop_show over the Model Context Protocol on stdin/stdout, results redacted as for an LLM. "
                            + "No tool changes anything. Configure a client with: "
                            + "{\"mcpServers\": {\"evermed-ops\": {\"command\": \"evermed-ops\", \"args\": [\"mcp\"]}}}.",
                          scope: .commandLine) { _ in .mcp },
        CommandDefinition(["ask"], arguments: [ArgumentSpec("QUESTION", .text, repeating: true)],
                          summary: "ask the configured LLM, answered from the team's SOPs",
                          examples: ["ask how do I add a NOT NULL column safely?"]) { p in
            .ask(question: p.positionals.joined(separator: " "))
        },
        CommandDefinition(["next"], summary: "what to do next, most urgent first",
                          examples: ["next", "what next?", "what should I do now"]) { _ in .next },
        CommandDefinition(["lint"], arguments: [ArgumentSpec("MIGRATION", .migration, optional: true, repeating: true)],
                          flags: [FlagSpec("--pending", value: .environment, valueName: "ENV",
                                           help: "lint what `deploy ENV` would apply, against ENV's tables"),
                                  FlagSpec("--env", value: .environment, valueName: "ENV",
                                           help: "weigh the hazards by ENV's table sizes; error on tables it lacks"),
                                  FlagSpec("--rules", help: "list every rule, its severity and what it finds")],
                          summary: "hazards in migration SQL before it reaches production (locks, rewrites, data loss)",
                          examples: ["lint", "lint --pending production", "lint 20251101000000_add_user_locale --env staging",
                                     "lint --json", "lint --rules"],
                          details: lintDetails) { p in
            if p.has("--rules") { return .lintRules }
            return .lint(LintRequest(targets: p.positionals, pending: p.value("--pending"), environment: p.value("--env")))
        },
        CommandDefinition(["preflight"],
                          flags: [FlagSpec("--install-hook", help: "write the git pre-push hook that runs preflight"),
                                  FlagSpec("--force", help: "with --install-hook: replace an existing hook")],
                          summary: "the pre-push checks: typecheck, lint, build, git state and environments",
                          examples: ["preflight", "preflight --install-hook"]) { p in
            .preflight(installHook: p.has("--install-hook"), force: p.has("--force"))
        },
    ]

    static let changeCommands: [CommandDefinition] = [
        CommandDefinition(["deploy"], arguments: [ArgumentSpec("ENV", .environment)],
                          flags: [FlagSpec("--dry-run", help: "show the plan (SQL, transactions, locks) and change nothing"),
                                  yes, confirm,
                                  FlagSpec("--confirm-backup", help: "protected environments: assert that a backup exists"),
                                  FlagSpec("--backup-to", value: .directory, valueName: "DIR",
                                           help: "protected environments: pg_dump -Fc into DIR first"),
                                  FlagSpec("--allow-drift", help: "apply although the live schema has drifted (audited)"),
                                  FlagSpec("--accept-hazards", help: "protected environments: apply although lint found errors (audited)")],
                          summary: "apply pending migrations behind the gates (asks first)",
                          examples: ["deploy staging", "deploy staging --dry-run",
                                     "deploy production --yes --confirm production --backup-to backups"],
                          details: deployDetails, mutating: true) { p in
            .deploy(environment: p[0]!, flags: DeployFlags(
                dryRun: p.has("--dry-run"), yes: p.has("--yes"), confirmName: p.value("--confirm"),
                confirmBackup: p.has("--confirm-backup"), backupTo: p.value("--backup-to"), allowDrift: p.has("--allow-drift"),
                acceptHazards: p.has("--accept-hazards")))
        },
        CommandDefinition(["resolve"], arguments: [ArgumentSpec("ENV", .environment), ArgumentSpec("MIGRATION", .migration)],
                          flags: [FlagSpec("--applied", group: "mode", help: "record it as applied (it completed, or you finished it)"),
                                  FlagSpec("--rolled-back", group: "mode", help: "record the failed attempt as rolled back"),
                                  yes, confirm],
                          requiredGroups: ["mode"],
                          summary: "mark a failed migration rolled back / applied, with evidence",
                          examples: ["resolve production 20250925000000_add_personal_models --rolled-back"],
                          details: "resolve ENV MIGRATION --rolled-back|--applied: after a failed migration, shows which of "
                            + "its objects exist and records your decision (Prisma semantics). It never runs SQL on your tables.",
                          mutating: true) { p in
            .resolve(environment: p[0]!, migration: p[1]!, mode: p.has("--applied") ? .applied : .rolledBack,
                     confirm: confirmFlags(p))
        },
        CommandDefinition(["fix"], arguments: [ArgumentSpec("ENV", .environment)],
                          flags: [FlagSpec("--capture", group: "direction",
                                           help: "the live schema is right (a hotfix): the migration reproduces it everywhere"),
                                  FlagSpec("--revert", group: "direction",
                                           help: "the history is right: the migration brings ENV's schema back to it"),
                                  FlagSpec("--rename", value: .text, valueName: "T.OLD=NEW,…",
                                           help: "columns renamed, not dropped and added (keeps their data)")],
                          summary: "write the corrective migration for ENV's drift (idempotent, linted, never applied by fix)",
                          examples: ["fix production --capture", "fix staging --revert",
                                     "fix production --capture --rename public.analytics_events.userId=sessionId"],
                          details: fixDetails, mutating: true) { (p: ParsedCommand) throws(CommandError) -> Action in
            let mode: FixMode? = p.has("--capture") ? .capture : p.has("--revert") ? .revert : nil
            guard let text = p.value("--rename") else { return .fix(FixRequest(environment: p[0]!, mode: mode)) }
            guard let renames = FixRequest.parseRenames(text) else {
                throw .badValue(flag: "--rename", value: text, expected: "TABLE.OLD=NEW[,…] (public.users.name=full_name)")
            }
            return .fix(FixRequest(environment: p[0]!, mode: mode, renames: renames))
        },
        CommandDefinition(["baseline"], arguments: [ArgumentSpec("ENV", .environment)],
                          flags: [FlagSpec("--to", value: .migration, valueName: "MIGRATION", help: "the last migration to record"),
                                  FlagSpec("--force", help: "record although the schema differs"), yes, confirm],
                          summary: "record migrations as applied on a database that predates them",
                          examples: ["baseline staging --to 20250905000000_add_metabolic_tables"], mutating: true) { p in
            .baseline(environment: p[0]!, upTo: p.value("--to"), force: p.has("--force"), confirm: confirmFlags(p))
        },
    ]

    static let sopCommands: [CommandDefinition] = [
        CommandDefinition(["sop", "list"], summary: "the SOPs (guided procedures) and their steps",
                          examples: ["sop list --json"]) { _ in .sopList },
        CommandDefinition(["sop", "show"], arguments: [ArgumentSpec("NAME", .sopName)], summary: "one SOP's steps",
                          examples: ["sop show deployment"]) { p in .sopShow(name: p[0]!) },
        CommandDefinition(["sop", "start"], arguments: [ArgumentSpec("NAME", .sopName)],
                          summary: "start a guided session", examples: ["sop start database-changes", "help me change the schema"]) { p in
            .sopStart(name: p[0]!)
        },
        CommandDefinition(["sop", "next"], summary: "run the current step; advance when it is done",
                          examples: ["sop next", "next step"]) { _ in .sopNext },
        CommandDefinition(["sop", "back"], summary: "go back one step") { _ in .sopBack },
        CommandDefinition(["sop", "skip"], arguments: [ArgumentSpec("REASON", .text, repeating: true)],
                          summary: "skip the current step, saying why", examples: ["sop skip types are generated in CI"]) { p in
            .sopSkip(reason: p.positionals.joined(separator: " "))
        },
        CommandDefinition(["sop", "status"], summary: "where the session stands", examples: ["sop status --json"]) { _ in .sopStatus },
        CommandDefinition(["sop", "abort"], summary: "end the session without finishing it") { _ in .sopAbort },
        CommandDefinition(["sop", "resume"], summary: "continue the unfinished session") { _ in .sopResume },
        CommandDefinition(["sop", "init"], summary: "copy the shipped SOPs into the project, to edit (never overwrites)") { _ in .sopInit },
    ]

    static let consoleCommands: [CommandDefinition] = [
        CommandDefinition(["help"], arguments: [ArgumentSpec("COMMAND", .topic, optional: true, repeating: true)],
                          summary: "every command, or one in detail", examples: ["help", "help deploy", "help sop start"]) { p in
            .help(topic: p.positionals.isEmpty ? nil : p.positionals.joined(separator: " ").lowercased())
        },
        CommandDefinition(["quit"], summary: "leave the console (also exit, \\q, Ctrl-D)", examples: ["quit"],
                          scope: .console) { _ in .quit },
    ]

    static let fixDetails = """
        fix ENV writes db/migrations/<timestamp>_fix_<env>_drift/migration.sql: the SQL that ends ENV's drift, in one of
        two directions (asked on a terminal when not given). --capture: the live schema is right (a manual hotfix);
        the migration reproduces it, and fix offers `resolve ENV <new> --applied` so ENV's history explains its
        schema; the other environments get it with deploy. --revert: the history is right; the migration brings the
        live schema back and is applied by `deploy ENV` like any other. The SQL is idempotent (IF [NOT] EXISTS, DO
        blocks guarded by catalog checks), so the same file applies to environments with the old and the new shape;
        a column that disappears while one of the same type appears in the same table is a rename only when you say
        so (asked, or --rename). CONCURRENTLY and VALIDATE go in a second migration, _concurrently. The file is linted
        against ENV's tables before it is written, and fix never applies it.
        """

    static let lintDetails = """
        lint [MIGRATION…] reads migration SQL statement by statement (the migrator's own splitter) and reports each
        hazard with its rule, severity, file:line and the safe alternative: blocking index builds, NOT NULL without a
        default, table rewrites, locks without lock_timeout, drops and renames, constraints without NOT VALID, data
        changes without WHERE, transaction control. MIGRATION is a migration's name (or a unique part of it), its
        folder or any .sql file; with none, every local migration. --pending ENV lints what `deploy ENV` would apply;
        with an environment (--pending or --env), each hazard is weighed by its table there: info on an empty table,
        error on a large one (lint: large_table_rows / large_table_mb in evermed-ops.yml), and a statement on a table
        that does not exist there is an error. A file's first lines may say
        `-- evermed-ops: lock_timeout=5s statement_timeout=10min allow=RULE`. Exits 1 when a finding is an error.
        """

    static let deployDetails = """
        deploy ENV applies ENV's pending migrations in name order, each in one transaction with its
        _prisma_migrations row (files that cannot run in a transaction go statement by statement). Gates, checked
        before anything is written:
          failed_migrations    a failed migration blocks everything (resolve it first)
          modified             an applied migration's file changed locally
          missing_locally      the database applied migrations this folder lacks
          drift                the live schema differs from its own history (--allow-drift, audited)
          promote_from_behind  production's migrations must be applied in staging first
          hazards              protected environments: lint errors in the plan (a NOT NULL column without a default
                               on a table with rows, a rewrite of a large table…) need --accept-hazards, or the typed
                               confirmation, which names them (audited); the plan shows every finding
          confirmation         y/N; a protected environment: type its name (it also confirms a backup exists);
                               without a terminal: --yes, and --confirm ENV for a protected one
          backup               protected environments: --confirm-backup or --backup-to DIR when confirmed by flags
          lock                 another deploy (evermed-ops or Prisma) holds the migration lock
        Only `deploy ENV` with the configured name runs directly at the console; `deploy prod` or "deploy to
        staging" is a suggestion to confirm first. Ctrl-C cancels the running statement and rolls it back.
        """

    /// Words that name a command (also `exit` and `\q` for quit), and its definitions' first words.
    public static let commandWords: [String] = {
        var seen: [String] = []
        for d in all where !seen.contains(d.path[0]) { seen.append(d.path[0]) }
        return seen
    }()

    /// The command words a console line can start with (not `mcp`, which only the command line runs).
    public static let consoleWords: [String] = {
        var seen: [String] = []
        for d in all where d.scope != .commandLine && !seen.contains(d.path[0]) { seen.append(d.path[0]) }
        return seen
    }()

    /// The definition for `words` (the longest path that matches), and how many words it used.
    public static func definition(for words: [String]) -> (CommandDefinition, Int)? {
        let lowered = words.map { $0.lowercased() }
        let aliases = ["exit": "quit", "\\q": "quit"]
        let first = lowered.first.map { aliases[$0] ?? $0 }
        guard let first else { return nil }
        let candidates = all.filter { $0.path[0] == first }
        if let two = candidates.first(where: { $0.path.count == 2 && lowered.count > 1 && $0.path[1] == lowered[1] }) {
            return (two, 2)
        }
        return candidates.first { $0.path.count == 1 }.map { ($0, 1) }
    }

    /// The definition of an action's command (every `Action` case has one: a tested invariant).
    public static func definition(of action: Action) -> CommandDefinition? {
        definition(for: LineWords.split(action.commandLine) ?? [])?.0
    }
}
