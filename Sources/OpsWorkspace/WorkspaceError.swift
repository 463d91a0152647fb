/// Everything that can be wrong with the project on disk: the config file, `.env`, the migrations folder.
///
/// One error type for the layer, shaped like a compiler diagnostic: each case carries the file (as the user
/// should see it) and the 1-based line, and `description` turns it into one short paragraph saying what is
/// wrong and what to do. Cases never carry a value read from the environment, so no URL or password can
/// reach a message: only variable names, keys and the raw text of non-secret settings.
public enum WorkspaceError: Error, Equatable, Sendable {
    // MARK: Finding and reading files

    /// `--config PATH` names a file that does not exist.
    case configNotFound(path: String)
    /// A file exists but could not be read (permissions, a directory where a file was expected, …).
    case unreadableFile(path: String, reason: String)
    /// A project file (a migration, an SOP) that is a symbolic link leading outside the project, or not a
    /// regular file: refused unread.
    case unsafeFile(path: String, reason: String)
    /// A text file (config, `.env`, `migration.sql`) is not valid UTF-8; `line` holds the first bad byte.
    case notUTF8(path: String, line: Int)
    /// No `evermed-ops.yml` in `directory` or above, and none of the `*DATABASE_URL` variables is set.
    case noConfiguration(directory: String)

    // MARK: evermed-ops.yml

    /// libyaml rejected the file; `problem` is libyaml's own wording (it never quotes the file's content).
    case yamlSyntax(file: String, line: Int, column: Int, problem: String)
    /// The same key appears twice in one mapping.
    case duplicateKey(file: String, line: Int, key: String)
    /// A mapping (`key: value` lines) was expected; `what` names the place, e.g. `the top level`.
    case notAMapping(file: String, line: Int, what: String)
    /// A key evermed-ops does not know; `section` says where (`at the top level`), `known` lists the valid keys.
    case unknownKey(file: String, line: Int, key: String, section: String, known: [String])
    /// An environment without a `url:`.
    case missingURL(file: String, line: Int, environment: String)
    /// `${VAR}` names a variable that is set neither in the process environment nor in `.env`.
    case unsetVariable(file: String, line: Int, variable: String, key: String)
    /// A `${` without its closing `}`.
    case unterminatedVariable(file: String, line: Int, key: String)
    /// A setting (usually a url) is empty once its `${VAR}`s are expanded; `variables` names them.
    case emptyValue(file: String, line: Int, key: String, environment: String?, variables: [String])
    /// A `postgresql://` URL libpq would misread (an unencoded `@` or `/` in the password). `source` is
    /// `file:line` of the setting, or the variable it came from; `reason` never quotes the URL.
    case unparsableURL(source: String, key: String, environment: String?, reason: String)
    /// An environment name that cannot be typed as one word or that a command would take for something else.
    case badEnvironmentName(file: String, line: Int, name: String, reason: String)
    /// `promote_from:` names an environment that is not defined.
    case unknownPromoteFrom(file: String, line: Int, environment: String, target: String, known: [String])
    /// A duration that is not `10s`, `500ms`, `2m`, `1h` or a plain number of seconds.
    case badDuration(file: String, line: Int, key: String, value: String)
    /// A yes/no setting that is not `true` or `false`.
    case badBoolean(file: String, line: Int, key: String, value: String)
    /// A `commands:` entry whose name is not a word, or whose value is not a command line.
    case badProjectCommand(file: String, line: Int, name: String, reason: String)
    /// A `lint:` setting evermed-ops cannot use; `reason` says what it should be.
    case badLintSetting(file: String, line: Int, key: String, reason: String)
    /// A scalar setting given as a list or mapping.
    case notAScalar(file: String, line: Int, key: String)
    /// `environments:` is empty, or absent while no `*DATABASE_URL` variable is set.
    case noEnvironments(file: String, line: Int)
    /// The migrations directory does not exist; `configuredAt` is `file:line` of `migrations:` when set there.
    case migrationsDirectoryNotFound(path: String, configuredAt: String?)

    // MARK: .env

    /// A `.env` line that is neither blank, a comment, nor `KEY=VALUE`.
    case dotEnvSyntax(file: String, line: Int)

    // MARK: Lookups

    /// An environment name given on the command line that the workspace does not define.
    case unknownEnvironment(name: String, known: [String])

    // MARK: Migrations folder

    /// A folder in the migrations directory whose name is not `<digits>_<words>`.
    case malformedMigrationName(directory: String, name: String)

    /// The environment the problem is about, when it is about one.
    public var environment: String? {
        switch self {
        case let .unknownEnvironment(name, _): return name
        case let .unparsableURL(_, _, environment, _), let .emptyValue(_, _, _, environment, _): return environment
        case let .missingURL(_, _, environment), let .unknownPromoteFrom(_, _, environment, _, _): return environment
        default: return nil
        }
    }
}
