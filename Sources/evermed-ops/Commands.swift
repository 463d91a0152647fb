import ArgumentParser
import OpsConsole

/// Flags every command accepts, before or after the subcommand's name (`evermed-ops --config x status` and
/// `evermed-ops status --config x`). The root command and every subcommand declare this same group:
/// ArgumentParser parses the root first, over the whole command line, and hands its decoded group to each
/// subcommand's `@OptionGroup` of the same type — so one value reaches the subcommand and the console alike.
/// (Declaring `--config` on the root as a separate option made the root swallow it and the subcommand
/// silently fall back to the nearest evermed-ops.yml.)
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Path to evermed-ops.yml (default: the nearest one in this or a parent directory).", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Print JSON instead of tables.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (also: NO_COLOR).")
    var noColor = false

    @Flag(name: [.short, .long], help: "Print progress (replays, cache hits) on stderr even when it is not a terminal.")
    var verbose = false

    var output: OutputOptions { OutputOptions(configPath: config, json: json, noColor: noColor, verbose: verbose) }
}

struct EvermedOps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evermed-ops",
        abstract: "Keep a team's PostgreSQL schema in step across local, staging and production.",
        discussion: """
        Exit codes: 0 in sync / success, 1 findings (not in sync, differences), 2 error (usage, config, connection).

        Configuration: evermed-ops.yml in this or a parent directory, or DATABASE_URL, STAGING_DATABASE_URL and \
        PRODUCTION_DATABASE_URL.
        """,
        version: "evermed-ops 0.1.0",
        subcommands: [Status.self, Check.self, Diff.self, Deploy.self, Resolve.self, Baseline.self, Audit.self])

    @OptionGroup var global: GlobalOptions
    @Option(name: .customShort("c"), help: ArgumentHelp("Run one console line and exit, like psql -c.", valueName: "line"))
    var command: String?
    @Flag(help: "Reading lines from a pipe or file: stop at the first line that fails.")
    var stopOnError = false

    /// No subcommand: the operator console (or one line with -c, or a script on stdin).
    func run() throws {
        throw ExitCode(Console.run(ConsoleOptions(configPath: global.config, noColor: global.noColor,
                                                  stopOnError: stopOnError, command: command, verbose: global.verbose)))
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every migration's state in every environment (a matrix), without replaying anything.",
        discussion: "Example: evermed-ops status            evermed-ops status staging production --json")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Environments to show (default: all).", valueName: "env"))
    var environments: [String] = []

    func run() throws {
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.status(environments))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reconcile an environment's migration history and detect drift of its live schema.",
        discussion: """
        The expected schema comes from replaying, on a scratch shadow database, exactly the migrations the
        environment recorded as applied. Example: evermed-ops check staging      evermed-ops check all --json
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("An environment name, several, or `all`.", valueName: "env"))
    var environments: [String]

    func run() throws {
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.check(environments))
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two schemas: environments, or `migrations` (every local migration replayed).",
        discussion: "Exits 1 when the sides differ, like diff(1). Example: evermed-ops diff staging production")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The side to compare from: an environment or `migrations`.", valueName: "a"))
    var from: String
    @Argument(help: ArgumentHelp("The side to compare to.", valueName: "b"))
    var to: String

    func run() throws {
        var runner = CommandRunner(options: global.output)
        throw ExitCode(runner.diff(from, to))
    }
}
