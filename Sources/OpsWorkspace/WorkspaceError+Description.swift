import OpsCore

// The one place that turns a WorkspaceError into the paragraph a user reads: `where: what is wrong. What to do.`

extension WorkspaceError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .configNotFound(path):
            return "\(path): no such file (given with --config). Check the path, or drop --config to use the "
                + "\(Workspace.configFileName) found in the current directory or a parent."
        case let .unreadableFile(path, reason):
            return "\(path): cannot be read (\(reason)). Check that it is a file and that you may read it."
        case let .unsafeFile(path, reason):
            let fix = reason.contains("symbolic link") ? "replace the link with the file itself" : "replace it with a plain file"
            return "\(path): refused to read it: \(VisibleText.line(reason)). It must be a plain file in its folder; \(fix)."
        case let .notUTF8(path, line):
            return "\(path):\(line): the file is not valid UTF-8 (first invalid byte on line \(line)). "
                + "Re-save it as UTF-8 in your editor."
        case let .noConfiguration(directory):
            return "No \(Workspace.configFileName) in \(directory) or any parent directory, and none of "
                + "DATABASE_URL, STAGING_DATABASE_URL, PRODUCTION_DATABASE_URL is set. Set DATABASE_URL (or put it "
                + "in .env), or create \(Workspace.configFileName) at the project root, for example:\n"
                + Self.minimalExample
        case let .yamlSyntax(file, line, column, problem):
            return "\(file):\(line):\(column): YAML syntax error: \(problem). Check the indentation and quoting "
                + "on that line (quote values that contain ': ' or start with '{', '[', '*', '&' or '%')."
        case let .duplicateKey(file, line, key):
            return "\(file):\(line): \"\(key)\" appears more than once in the same mapping. Keep one of them."
        case let .notAMapping(file, line, what):
            return "\(file):\(line): \(what) should be a mapping of `key: value` lines, as in:\n" + Self.minimalExample
        case let .unknownKey(file, line, key, section, known):
            return "\(file):\(line): unknown key \(Self.shownKey(key)) \(section).\(Suggestion.phrase(for: key, in: known)) "
                + "Known keys: \(known.joined(separator: ", "))."
        case let .missingURL(file, line, environment):
            return "\(file):\(line): environment \"\(environment)\" has no url. Add "
                + "url: \"${\(Self.variableName(for: environment))}\" (a libpq URL or keyword string)."
        case let .unsetVariable(file, line, variable, key):
            return "\(file):\(line): \(key) uses ${\(variable)}, but \(variable) is not set. Set it in the "
                + "environment or in .env next to \(file), or give a default with ${\(variable):-value}."
        case let .unterminatedVariable(file, line, key):
            return "\(file):\(line): \(key) has a \"${\" without its closing \"}\". Write ${NAME} or ${NAME:-default}."
        case let .emptyValue(file, line, key, environment, variables):
            let subject = environment.map { "\(key) of environment \"\($0)\"" } ?? key
            guard !variables.isEmpty else {
                return "\(file):\(line): \(subject) is empty. Give it a value."
            }
            let names = variables.joined(separator: ", ")
            return "\(file):\(line): \(subject) is empty once ${…} is expanded. Set \(names) to a non-empty value "
                + "in the environment or in .env."
        case let .unknownPromoteFrom(file, line, environment, target, _) where target == environment:
            return "\(file):\(line): environment \"\(environment)\" has promote_from: \(target), itself. "
                + "Name the environment it follows (production usually has promote_from: staging)."
        case let .unknownPromoteFrom(file, line, environment, target, known):
            return "\(file):\(line): environment \"\(environment)\" has promote_from: \(target), but there is no "
                + "environment \"\(Self.shown(target))\".\(Suggestion.phrase(for: target, in: known)) "
                + "Defined: \(known.joined(separator: ", "))."
        case let .unparsableURL(source, key, environment, reason):
            let subject = environment.map { "the \(key) of environment \"\($0)\"" } ?? key
            return "\(source): \(subject) cannot be used: \(reason). (The URL is not shown: it holds a password.)"
        case let .badEnvironmentName(file, line, name, reason):
            return "\(file):\(line): \"\(VisibleText.line(name))\" cannot be an environment name: \(reason). Use a word of "
                + "letters, digits, - and _ that starts with a letter, such as staging or eu-prod."
        case let .badDuration(file, line, key, value):
            return "\(file):\(line): \(key): \"\(Self.shown(value))\" is not a duration. Write a number with a unit, like "
                + "10s, 500ms, 2m or 1h (a plain number means seconds)."
        case let .badBoolean(file, line, key, value):
            return "\(file):\(line): \(key): \"\(Self.shown(value))\" is not true or false. Write \(key): true or \(key): false."
        case let .badProjectCommand(file, line, name, reason):
            return "\(file):\(line): commands: \"\(VisibleText.line(name))\" \(reason). Write one command line per name, for "
                + "example `typecheck: \"npx tsc --noEmit\"`; an SOP step runs it with `> run: typecheck`."
        case let .badLintSetting(file, line, key, reason):
            return "\(file):\(line): lint.\(VisibleText.line(key)) \(reason). For example: "
                + "`lint: { large_table_rows: 1000000, large_table_mb: 1024, disable: [rename_column] }`."
        case let .notAScalar(file, line, key):
            return "\(file):\(line): \(key) should be a single value, not a list or mapping."
        case let .noEnvironments(file, line):
            return "\(file):\(line): no environments are defined. Add an environments: section, for example:\n"
                + Self.minimalExample
        case let .migrationsDirectoryNotFound(path, configuredAt):
            let fix = configuredAt.map { "Fix migrations: at \($0), or create the directory." }
                ?? "Create it, or set migrations: in \(Workspace.configFileName) to where your migrations live."
            return "Migrations directory \(path) does not exist. \(fix)"
        case let .dotEnvSyntax(file, line):
            return "\(file):\(line): expected KEY=VALUE (or export KEY=VALUE, or a # comment). "
                + "Fix or remove that line."
        case let .unknownEnvironment(name, known):
            let list = known.isEmpty ? "none are configured" : "known: \(known.joined(separator: ", "))"
            return "Unknown environment \"\(name)\" (\(list)).\(Suggestion.phrase(for: name, in: known)) "
                + "Environments are defined under environments: in \(Workspace.configFileName)."
        case let .malformedMigrationName(directory, name):
            return "\(directory)/\(name): migration folder names must look like <digits>_<words>, for example "
                + "20251011000000_fix_personal_model_schema. Rename it, e.g. to "
                + "\(MigrationName.suggestedRename(for: name)) (only if it has not been applied anywhere yet)."
        }
    }

    /// Text quoted from the file, as one line with credential shapes masked (a mangled line can put a URL with
    /// its password where a key or a value was expected).
    static func shown(_ text: String) -> String { VisibleText.line(Redactor().redact(text)) }

    /// A key as written when it is one word; otherwise it is a mangled line (a missing `:` or quote can make a
    /// whole `url: postgresql://…` a key), described without quoting it.
    static func shownKey(_ key: String) -> String {
        let word = key.count <= 40 && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return word ? "\"\(key)\"" : "(a key that is not one word: \(key.count) characters; check this line's `key: value` punctuation)"
    }

    /// The conventional variable for an environment's URL: `DATABASE_URL` for local, else `NAME_DATABASE_URL`.
    static func variableName(for environment: String) -> String {
        if environment == "local" { return "DATABASE_URL" }
        let upper = environment.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(upper) + "_DATABASE_URL"
    }

    static let minimalExample = """
            migrations: prisma/migrations
            environments:
              local:      { url: "${DATABASE_URL}" }
              staging:    { url: "${STAGING_DATABASE_URL}" }
              production: { url: "${PRODUCTION_DATABASE_URL}", protected: true, promote_from: staging }
        """
}
