import Yams

/// Reads the `environments:` section of evermed-ops.yml: one entry per environment, in file order.
struct EnvironmentParser {
    let config: ConfigParser
    let defaults: EnvironmentDefaults

    static let keys = ["url", "protected", "promote_from", "lock_wait", "lock_timeout", "statement_timeout"]

    private var file: String { config.file }

    func parse(_ node: Node, keyLine: Int) throws(WorkspaceError) -> [EnvironmentConfig] {
        if let scalar = node.scalar, scalar.string.isEmpty || scalar.string == "~" {
            throw .noEnvironments(file: file, line: keyLine)
        }
        guard let mapping = node.mapping else {
            throw .notAMapping(file: file, line: config.line(of: node), what: "environments:")
        }
        guard !mapping.isEmpty else { throw .noEnvironments(file: file, line: keyLine) }
        var environments: [EnvironmentConfig] = []
        var promoteLines: [String: (line: Int, written: String)] = [:]
        for (nameNode, value) in mapping {
            let name = nameNode.string ?? ""
            if let reason = Self.nameProblem(name) {
                throw .badEnvironmentName(file: file, line: config.line(of: nameNode), name: name, reason: reason)
            }
            let (environment, promoteLine) = try parseEnvironment(name, value, nameLine: config.line(of: nameNode))
            environments.append(environment)
            promoteLines[name] = promoteLine
        }
        try checkPromoteFrom(environments, lines: promoteLines)
        return environments
    }

    /// One environment: a mapping of settings, or a bare scalar as shorthand for `{ url: … }`.
    /// The environment, and where its `promote_from:` is with the text as written (for errors: an expanded
    /// `${VAR}` may hold a secret).
    private func parseEnvironment(_ name: String, _ node: Node,
                                  nameLine: Int) throws(WorkspaceError) -> (EnvironmentConfig, (line: Int, written: String)?) {
        var environment = EnvironmentConfig(name: name, url: "", lockWait: defaults.lockWait,
                                            lockTimeout: defaults.lockTimeout,
                                            statementTimeout: defaults.statementTimeout)
        if node.scalar != nil {
            try setURL(node, on: &environment, nameLine: nameLine)
            return (environment, nil)
        }
        guard let mapping = node.mapping else {
            throw .notAMapping(file: file, line: config.line(of: node), what: "environment \"\(name)\"")
        }
        var urlNode: Node?
        var promoteLine: (line: Int, written: String)?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "url": urlNode = value
            case "protected": environment.protected = try config.bool(value, key: key) ?? false
            case "promote_from":
                environment.promoteFrom = try config.string(value, key: key)
                promoteLine = (config.line(of: value), value.scalar?.string ?? "")
            case "lock_wait": environment.lockWait = try config.duration(value, key: key) ?? defaults.lockWait
            case "lock_timeout":
                environment.lockTimeout = try config.duration(value, key: key) ?? defaults.lockTimeout
            case "statement_timeout": environment.statementTimeout = try config.duration(value, key: key)
            default:
                throw .unknownKey(file: file, line: config.line(of: keyNode), key: key,
                                  section: "in environment \"\(name)\"", known: Self.keys)
            }
        }
        guard let urlNode else { throw .missingURL(file: file, line: nameLine, environment: name) }
        try setURL(urlNode, on: &environment, nameLine: nameLine)
        return (environment, promoteLine)
    }

    private func setURL(_ node: Node, on environment: inout EnvironmentConfig,
                        nameLine: Int) throws(WorkspaceError) {
        switch try config.url(node, key: "url", environment: environment.name) {
        case .none: throw .missingURL(file: file, line: nameLine, environment: environment.name)
        case let .available(url): environment.url = url
        case let .unavailable(problem, url):
            environment.url = url ?? ""
            environment.unavailable = problem
        }
    }

    /// Words a command line or a console line would read as something else.
    static let reservedNames: Set<String> = ["all", "migrations"]

    /// Why `name` cannot name an environment: it must be one word that `deploy NAME` and `check NAME` read
    /// as an environment, not as a flag, a keyword or several words.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if reservedNames.contains(name.lowercased()) { return "\"\(name)\" is a keyword (check all, diff ENV migrations)" }
        if name.count > 63 { return "it is longer than 63 characters" }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return "it must start with a letter"
        }
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        return allowed ? nil : "it may only contain letters, digits, - and _"
    }

    private func checkPromoteFrom(_ environments: [EnvironmentConfig],
                                  lines: [String: (line: Int, written: String)]) throws(WorkspaceError) {
        let names = environments.map(\.name)
        for environment in environments {
            guard let target = environment.promoteFrom else { continue }
            if target == environment.name || !names.contains(target) {
                let written = lines[environment.name]
                // Name what the file says, not what a `${VAR}` expanded to (it could be a URL with a password).
                let shown = written.map(\.written).flatMap { $0.contains("${") ? $0 : nil } ?? target
                throw .unknownPromoteFrom(file: file, line: written?.line ?? 1,
                                          environment: environment.name, target: shown,
                                          known: names.filter { $0 != environment.name })
            }
        }
    }
}
