/// `help` and `help TOPIC`: every command with one line and an example; `help deploy` explains the gates.
enum ConsoleHelp {
    static let commands: [(name: String, summary: String, example: String)] = [
        ("status", "every migration's state in every environment", "status   ·   is staging behind?"),
        ("check", "history plus drift of the live schema (ENV or all)", "check staging   ·   is prod in sync?"),
        ("diff", "compare two schemas (environments or `migrations`)", "diff staging production   ·   what changed between stg and prod"),
        ("deploy", "apply pending migrations behind the gates (asks first)", "deploy staging   ·   deploy staging --dry-run"),
        ("resolve", "mark a failed migration rolled back / applied, with evidence", "resolve production NAME --rolled-back"),
        ("baseline", "record migrations as applied on a database that predates them", "baseline staging --to NAME"),
        ("audit", "who changed which environment, when, with what result", "audit production"),
        ("describe", "a table's columns, indexes, constraints, triggers (like \\d)", "describe staging users"),
        ("next", "what to do next, most urgent first", "what next?   ·   what should I do now"),
        ("help", "this list, or `help COMMAND`", "help deploy"),
        ("quit", "leave the console (also exit, \\q, Ctrl-D)", "quit"),
    ]

    static func text(_ topic: String?, style: Style) -> String {
        if let topic, let detail = details[topic] { return detail }
        var t = TextTable(["command", "what it does", "examples"])
        for c in commands { t.add([c.name, c.summary, style.dim(c.example)]) }
        return t.render(style) + "\n\nPlain words work too: \"how is production doing\", \"compare staging with prod\", "
            + "\"push migrations to staging\" (a phrase is a suggestion you confirm: only a command's exact words run it). "
            + "Environment names: prod/stg/dev also work."
    }

    static let details: [String: String] = [
        "deploy": """
        deploy ENV [--dry-run] applies ENV's pending migrations in name order, each in one transaction with its
        _prisma_migrations row (files that cannot run in a transaction go statement by statement). Gates, checked
        before anything is written:
          failed_migrations    a failed migration blocks everything (resolve it first)
          modified             an applied migration's file changed locally
          missing_locally      the database applied migrations this folder lacks
          drift                the live schema differs from its own history (one-shot: --allow-drift)
          promote_from_behind  production's migrations must be applied in staging first
          confirmation         y/N; a protected environment: type its name (it also confirms a backup exists)
          lock                 another deploy (evermed-ops or Prisma) holds the migration lock
        Only `deploy ENV` with the configured name runs directly; `deploy prod` or "deploy to staging" is a
        suggestion to confirm first. From a shell without a terminal: --yes, and --confirm ENV --backup-to DIR
        (or --confirm-backup) for a protected one. Ctrl-C cancels the running statement and rolls it back.
        """,
        "check": "check ENV|all: reconciles the history table with the migrations folder and replays the applied "
            + "migrations on a scratch database to find drift in the live schema. Nothing is changed.",
        "resolve": "resolve ENV MIGRATION --rolled-back|--applied: after a failed migration, shows which of its "
            + "objects exist and records your decision (Prisma semantics). It never runs SQL on your tables.",
        "diff": "diff A B: schema differences between two environments, or an environment and `migrations` "
            + "(every local migration replayed).",
    ]
}
