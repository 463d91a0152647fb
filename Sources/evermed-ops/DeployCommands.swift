import ArgumentParser
import OpsConsole
import OpsEngine

struct Deploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply an environment's pending migrations, behind its safety gates.",
        discussion: """
        Gates, checked before anything is written: failed_migrations, modified, missing_locally, drift \
        (--allow-drift), promote_from_behind (deploy the promote_from environment first), backup (protected \
        environments: type the name on a terminal; otherwise --confirm-backup or --backup-to DIR), confirmation \
        (a terminal asks; otherwise --yes, and --confirm ENV for a protected environment), lock \
        (Prisma's advisory lock 72707369, waited for lock_wait). Each migration runs in one transaction with its \
        _prisma_migrations row; files that cannot (CREATE INDEX CONCURRENTLY, …) run statement by statement.

        Examples: evermed-ops deploy staging --dry-run      evermed-ops deploy staging --yes
                  evermed-ops deploy production --yes --confirm production --backup-to backups/
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The environment to deploy.", valueName: "env")) var environment: String
    @Flag(help: "Show the plan (each file's SQL, transactions, locks) and change nothing.") var dryRun = false
    @OptionGroup var confirmation: ConfirmFlags
    @Flag(help: "Protected environments: assert that a backup exists (non-interactive runs).") var confirmBackup = false
    @Option(help: ArgumentHelp("Protected environments: pg_dump -Fc the database into this directory first.", valueName: "dir"))
    var backupTo: String?
    @Flag(help: "Apply even though the live schema has drifted from its history (recorded in the audit log).")
    var allowDrift = false

    func run() throws {
        var o = DeployOptions()
        o.dryRun = dryRun
        o.yes = confirmation.yes
        o.confirmName = confirmation.confirm
        o.confirmBackup = confirmBackup
        o.backupTo = backupTo
        o.allowDrift = allowDrift
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.deploy(environment, o))
    }
}

/// The confirmation flags of every command that changes a database (`ConfirmationRule`): without a terminal
/// `--yes` is required, and a protected environment must also be named with `--confirm ENV`.
struct ConfirmFlags: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Confirm without asking (required when not interactive).") var yes = false
    @Option(help: ArgumentHelp("Protected environments: name the environment to confirm (needs --yes too; together they replace typing the name on a terminal).", valueName: "env"))
    var confirm: String?

    var options: HistoryChangeOptions {
        var o = HistoryChangeOptions()
        o.yes = yes
        o.confirmName = confirm
        return o
    }
}

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a failed migration as rolled back, or a migration as applied (Prisma semantics).",
        discussion: """
        Shows the evidence first: which objects the migration's SQL creates or alters, whether they exist in the \
        environment's live schema, and which choice that supports. Example: evermed-ops resolve production \
        20250925000000_add_personal_models --rolled-back
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The environment.", valueName: "env")) var environment: String
    @Argument(help: ArgumentHelp("The migration's folder name.", valueName: "migration")) var migration: String
    @Flag(help: "Record it as applied (you finished it by hand, or it did complete).") var applied = false
    @Flag(help: "Record the failed attempt as rolled back (you removed its leftovers); deploy will run it again.")
    var rolledBack = false
    @OptionGroup var flags: ConfirmFlags

    func validate() throws {
        guard applied != rolledBack else { throw ValidationError("Give exactly one of --applied or --rolled-back.") }
    }

    func run() throws {
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.resolve(environment, migration, applied ? .applied : .rolledBack, flags.options))
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record local migrations as applied without running them, for a database that predates them.",
        discussion: "Refuses when the live schema differs from the replayed migrations (--force overrides).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The environment.", valueName: "env")) var environment: String
    @Option(help: ArgumentHelp("The last migration to record (default: all).", valueName: "migration")) var to: String?
    @Flag(help: "Record even though the schema differs.") var force = false
    @OptionGroup var flags: ConfirmFlags

    func run() throws {
        var o = flags.options
        o.force = force
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.baseline(environment, upTo: to, o))
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audit log (.evermed-ops/audit.log): every deploy, migration, resolve, baseline and refusal.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Only this environment.", valueName: "env")) var environment: String?

    func run() throws {
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.audit(environment))
    }
}
