import Foundation
import OpsCore
import Yams

/// What evermed-ops.yml says, checked and expanded but not yet tied to the file system.
struct ConfigFile {
    /// The `migrations:` value, its line and its text as written (`${VAR}` unexpanded), when set.
    var migrations: (path: String, line: Int, written: String)?
    var shadowURL: String?
    /// Why `shadow_url:` could not be resolved (unset or empty variable); reported when the shadow is needed.
    var shadowURLProblem: WorkspaceError?
    /// URLs refused because libpq would misread them: never used, only masked.
    var unusableURLs: [String] = []
    /// nil when the file has no `environments:` key (the `*DATABASE_URL` defaults then apply).
    var environments: [EnvironmentConfig]?
    var defaults = EnvironmentDefaults()
    /// `commands:` — the project's own commands (typecheck, lint, build…), in the order written.
    var commands: [ProjectCommand] = []
    /// `sops:` and `schema:`, as written (relative to the config's directory), with their lines.
    var sops: (path: String, line: Int)?
    var schema: (path: String, line: Int)?
    /// `llm:` — the OpenAI-compatible endpoint, when configured.
    var llm: LLMConfig?
    /// `lint:` — table-size thresholds and rules switched off.
    var lint = LintSettings()
}

/// Settings given at the top level that every environment inherits unless it sets its own.
struct EnvironmentDefaults {
    var lockWait = EnvironmentConfig.defaultLockWait
    var lockTimeout = EnvironmentConfig.defaultLockTimeout
    var statementTimeout: Double?
}

/// Reads evermed-ops.yml through Yams' node tree rather than Codable, so every error can name its line.
struct ConfigParser {
    /// The config file as the user should see it in messages.
    let file: String
    let variables: [String: String]

    static let topLevelKeys = ["migrations", "shadow_url", "lock_wait", "lock_timeout", "statement_timeout",
                               "environments", "commands", "sops", "schema", "llm", "lint"]

    func parse(_ text: String) throws(WorkspaceError) -> ConfigFile {
        guard let root = try compose(text) else { return ConfigFile(environments: nil) }
        guard let mapping = root.mapping else {
            throw .notAMapping(file: file, line: line(of: root), what: "the top level of \(file)")
        }
        var config = ConfigFile()
        var environmentsNode: (key: Node, value: Node)?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "migrations":
                if let path = try string(value, key: key) {
                    config.migrations = (path, line(of: value), value.scalar?.string ?? path)
                }
            case "shadow_url":
                try parseShadowURL(value, into: &config)
            case "lock_wait":
                config.defaults.lockWait = try duration(value, key: key) ?? config.defaults.lockWait
            case "lock_timeout":
                config.defaults.lockTimeout = try duration(value, key: key) ?? config.defaults.lockTimeout
            case "statement_timeout":
                config.defaults.statementTimeout = try duration(value, key: key)
            case "environments":
                environmentsNode = (keyNode, value)
            case "commands":
                config.commands = try commands(value)
            case "sops":
                if let path = try string(value, key: key) { config.sops = (path, line(of: value)) }
            case "schema":
                if let path = try string(value, key: key) { config.schema = (path, line(of: value)) }
            case "llm":
                config.llm = try llm(value)
            case "lint":
                config.lint = try lint(value)
            default:
                throw .unknownKey(file: file, line: line(of: keyNode), key: key, section: "at the top level",
                                  known: Self.topLevelKeys)
            }
        }
        if let (keyNode, value) = environmentsNode {
            let parser = EnvironmentParser(config: self, defaults: config.defaults)
            config.environments = try parser.parse(value, keyLine: line(of: keyNode))
        }
        return config
    }

    /// `llm: { url: "${EVERMED_LLM_URL}", model: "…", api_key_env: "EVERMED_LLM_API_KEY", timeout_s: 120 }`.
    /// An unset `${VAR}` in the url is kept as a problem for when the LLM is used; the rest works without it.
    private func llm(_ node: Node) throws(WorkspaceError) -> LLMConfig? {
        if node.scalar.map({ ["", "~", "null"].contains($0.string) }) == true { return nil }
        guard let mapping = node.mapping else {
            throw .notAMapping(file: file, line: line(of: node), what: "llm: (url, model, api_key_env, timeout_s)")
        }
        var out = LLMConfig(url: .failure(.emptyValue(file: file, line: line(of: node), key: "llm.url", environment: nil,
                                                      variables: [])), model: "", apiKeyVariable: nil, timeout: 120,
                            toolChoice: nil)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "url":
                let raw = value.scalar?.string ?? ""
                switch VariableExpander.expand(raw, variables: variables) {
                case let .success(e) where !e.value.trimmingCharacters(in: .whitespaces).isEmpty: out.url = .success(e.value)
                case .success: out.url = .failure(.emptyValue(file: file, line: line(of: value), key: "llm.url", environment: nil,
                                                              variables: []))
                case let .failure(.unset(name)):
                    out.url = .failure(.unsetVariable(file: file, line: line(of: value), variable: name, key: "llm.url"))
                case .failure(.unterminated): throw .unterminatedVariable(file: file, line: line(of: value), key: "llm.url")
                }
            case "model": out.model = try string(value, key: "llm.model") ?? ""
            case "api_key_env": out.apiKeyVariable = try string(value, key: "llm.api_key_env")
            case "timeout_s": out.timeout = try duration(value, key: "llm.timeout_s") ?? 120
            case "tool_choice": out.toolChoice = try string(value, key: "llm.tool_choice")
            default:
                throw .unknownKey(file: file, line: line(of: keyNode), key: key, section: "under llm:",
                                  known: ["url", "model", "api_key_env", "timeout_s", "tool_choice"])
            }
        }
        return out
    }

    /// `lint: { large_table_rows: 1000000, large_table_mb: 1024, disable: [rename_column, …] }`.
    private func lint(_ node: Node) throws(WorkspaceError) -> LintSettings {
        var out = LintSettings()
        if node.scalar.map({ ["", "~", "null"].contains($0.string) }) == true { return out }
        guard let mapping = node.mapping else {
            throw .notAMapping(file: file, line: line(of: node), what: "lint: (large_table_rows, large_table_mb, disable)")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "large_table_rows", "large_table_mb":
                guard let text = try string(value, key: "lint.\(key)") else { continue }
                guard let number = Int64(text.trimmingCharacters(in: .whitespaces)), number > 0 else {
                    throw .badLintSetting(file: file, line: line(of: value), key: key, reason: "is \"\(text)\", not a positive whole number")
                }
                if key == "large_table_rows" { out.largeRows = Double(number) } else { out.largeBytes = number << 20 }
            case "disable":
                let ids: [(String, Int)]
                if let list = value.sequence {
                    ids = list.map { ($0.scalar?.string ?? "", line(of: $0)) }
                } else {
                    ids = (try string(value, key: "lint.disable") ?? "").split(separator: ",")
                        .map { ($0.trimmingCharacters(in: .whitespaces), line(of: value)) }
                }
                for (id, at) in ids where !id.isEmpty {
                    guard let rule = LintRule(rawValue: id) else {
                        throw .badLintSetting(file: file, line: at, key: key, reason: "names \"\(id)\", which is not a lint rule "
                            + "(`evermed-ops lint --rules` lists them)")
                    }
                    out.disabled.insert(rule)
                }
            default:
                throw .unknownKey(file: file, line: line(of: keyNode), key: key, section: "under lint:",
                                  known: ["large_table_rows", "large_table_mb", "disable"])
            }
        }
        return out
    }

    /// `commands: { typecheck: "npx tsc --noEmit", … }`: names are words, values command lines.
    private func commands(_ node: Node) throws(WorkspaceError) -> [ProjectCommand] {
        if node.scalar.map({ ["", "~", "null"].contains($0.string) }) == true { return [] }
        guard let mapping = node.mapping else {
            throw .notAMapping(file: file, line: line(of: node), what: "commands: (a name: command line per entry)")
        }
        var out: [ProjectCommand] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw .badProjectCommand(file: file, line: line(of: keyNode), name: name,
                                         reason: "is not a name (letters, digits, - and _)")
            }
            guard let command = try string(value, key: "commands.\(name)"),
                  !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .badProjectCommand(file: file, line: line(of: value), name: name, reason: "has no command line")
            }
            out.append(ProjectCommand(name: name, command: command))
        }
        return out
    }

    private func compose(_ text: String) throws(WorkspaceError) -> Node? {
        do {
            // Values are read as text and interpreted here (`bool`, `duration`): no implicit typing, whose regular
            // expressions (compiled by ICU on first use) were most of the time a one-shot command spent before it
            // connected. (Composing never expanded merge keys: a `<<` key is reported as unknown either way.)
            return try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw translate(error, text: text)
        } catch {
            throw .yamlSyntax(file: file, line: 1, column: 1, problem: "unreadable YAML")
        }
    }

    /// Keeps libyaml's position and problem, never its snippet (which quotes the file, secrets included).
    private func translate(_ error: YamlError, text: String) -> WorkspaceError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // At end of file the problem mark is past the last line; where the construct began is more useful.
            let at = problem.contains("end of stream") ? context?.mark ?? mark : mark
            var message = (context.map { "\($0.text), " } ?? "") + problem
            if Self.line(at.line, of: text).hasPrefix("\t") { message += " (YAML does not allow tabs for indentation)" }
            return .yamlSyntax(file: file, line: at.line, column: at.column, problem: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .duplicateKey(file: file, line: context.mark.line, key: duplicates.first ?? "")
        case let .reader(problem, offset, _, yaml):
            let line = offset.map { yaml.utf8.prefix($0).filter { $0 == 10 }.count + 1 } ?? 1
            return .yamlSyntax(file: file, line: line, column: 1, problem: problem)
        default:
            return .yamlSyntax(file: file, line: 1, column: 1, problem: "unreadable YAML")
        }
    }

    /// Line `number` (1-based) of `text`, or "" past the end.
    private static func line(_ number: Int, of text: String) -> Substring {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        return number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    private func parseShadowURL(_ node: Node, into config: inout ConfigFile) throws(WorkspaceError) {
        switch try url(node, key: "shadow_url", environment: nil) {
        case .none: break
        case let .available(value): config.shadowURL = value
        case let .unavailable(problem, value):
            config.shadowURLProblem = problem
            config.unusableURLs += value.map { [$0] } ?? []
        }
    }

    // MARK: Scalars

    enum URLValue {
        case none
        case available(String)
        /// The problem, and the URL itself when there is one (libpq would misread it): kept only so its
        /// password can be masked, never used.
        case unavailable(WorkspaceError, String?)
    }

    /// A url setting: an unset or empty `${VAR}` is kept as a problem for later, a literal empty value throws;
    /// a URL libpq would misread (`ConnectionURL.problem`) is a problem too.
    func url(_ node: Node, key: String, environment: String?) throws(WorkspaceError) -> URLValue {
        guard let raw = try rawScalar(node, key: key) else { return .none }
        let line = line(of: node)
        switch VariableExpander.expand(raw, variables: variables) {
        case .failure(.unset(let name)):
            return .unavailable(.unsetVariable(file: file, line: line, variable: name, key: key), nil)
        case .failure(.unterminated):
            throw .unterminatedVariable(file: file, line: line, key: key)
        case .success(let expansion):
            let value = expansion.value.trimmingCharacters(in: .whitespaces)
            if let reason = ConnectionURL.problem(value) {
                return .unavailable(.unparsableURL(source: "\(file):\(line)", key: key, environment: environment,
                                                   reason: reason), value)
            }
            guard value.isEmpty else { return .available(value) }
            let problem = WorkspaceError.emptyValue(file: file, line: line, key: key, environment: environment,
                                                    variables: expansion.variables)
            if expansion.variables.isEmpty { throw problem }
            return .unavailable(problem, nil)
        }
    }

    /// A plain setting with `${VAR}` expanded; unset variables are errors here. nil for `key:` with no value.
    func string(_ node: Node, key: String) throws(WorkspaceError) -> String? {
        guard let raw = try rawScalar(node, key: key) else { return nil }
        switch VariableExpander.expand(raw, variables: variables) {
        case .success(let expansion): return expansion.value
        case .failure(.unset(let name)):
            throw .unsetVariable(file: file, line: line(of: node), variable: name, key: key)
        case .failure(.unterminated):
            throw .unterminatedVariable(file: file, line: line(of: node), key: key)
        }
    }

    func duration(_ node: Node, key: String) throws(WorkspaceError) -> Double? {
        guard let text = try string(node, key: key) else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            throw .badDuration(file: file, line: line(of: node), key: key, value: node.scalar?.string ?? text)
        }
        return seconds
    }

    func bool(_ node: Node, key: String) throws(WorkspaceError) -> Bool? {
        guard let text = try string(node, key: key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw .badBoolean(file: file, line: line(of: node), key: key, value: node.scalar?.string ?? text)
        }
    }

    /// The scalar's text, nil for an empty/null value, throwing for a list or mapping.
    private func rawScalar(_ node: Node, key: String) throws(WorkspaceError) -> String? {
        guard let scalar = node.scalar else { throw .notAScalar(file: file, line: line(of: node), key: key) }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    func line(of node: Node) -> Int { node.mark?.line ?? 1 }
}
