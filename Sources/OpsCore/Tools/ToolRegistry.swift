/// The read-only tools an LLM (the agent loop) or an MCP client may call: each a name, a description and a JSON
/// Schema, and how its arguments become a typed action. Nothing here can change a database: `deploy`,
/// `resolve`, `baseline` and shell commands are not tools, only commands a person may be *proposed*.
public enum ToolRegistry {
    public struct Tool: Equatable, Sendable {
        public var name: String
        public var description: String
        /// JSON Schema of the arguments, as JSON text.
        public var parameters: String
    }

    /// What a tool call asks for.
    public enum Invocation: Equatable, Sendable {
        case action(Action)
        case listMigrations
        case readMigration(name: String)
        case sopShow(name: String)
    }

    static func schema(_ properties: [(String, String)], required: [String]) -> String {
        let props = properties.map { "\"\($0.0)\":{\"type\":\"string\",\"description\":\"\($0.1)\"}" }.joined(separator: ",")
        let req = required.map { "\"\($0)\"" }.joined(separator: ",")
        return "{\"type\":\"object\",\"properties\":{\(props)},\"required\":[\(req)],\"additionalProperties\":false}"
    }

    public static let all: [Tool] = [
        Tool(name: "status", description: "Every migration's state (applied, pending, failed, …) in every environment, or in one.",
             parameters: schema([("environment", "an environment name; omit for all")], required: [])),
        Tool(name: "check", description: "One environment's history reconciled with the migrations folder, plus drift of its live schema (or `all`).",
             parameters: schema([("environment", "an environment name, or all")], required: ["environment"])),
        Tool(name: "diff", description: "Schema differences between two sides, each an environment or `migrations` (every local migration replayed).",
             parameters: schema([("from", "environment or migrations"), ("to", "environment or migrations")], required: ["from", "to"])),
        Tool(name: "describe", description: "A table as psql's \\d shows it: columns, indexes, constraints, references, triggers.",
             parameters: schema([("environment", "an environment name"), ("table", "a table name, e.g. users or public.users")],
                                required: ["environment", "table"])),
        Tool(name: "list_migrations", description: "The local migrations folder: each migration's name and file.",
             parameters: schema([], required: [])),
        Tool(name: "read_migration", description: "The SQL of one local migration (its first 400 lines).",
             parameters: schema([("name", "the migration's folder name")], required: ["name"])),
        Tool(name: "next", description: "What to do next across environments, git and the guided session, most urgent first.",
             parameters: schema([], required: [])),
        Tool(name: "diagnose", description: "The rule-based diagnosis of an environment (or all): causes with evidence, repair plan, verification.",
             parameters: schema([("environment", "an environment name, or all")], required: ["environment"])),
        Tool(name: "sop_show", description: "One of the team's SOPs (standard procedures) with its steps, blocks and gates.",
             parameters: schema([("name", "the SOP's name, e.g. database-changes, deployment, drift-incident")], required: ["name"])),
        Tool(name: "lint", description: "Hazards in migration SQL (locks, rewrites, data loss, missing tables): every local migration, "
                + "one, or what an environment's deploy would apply, weighed by that environment's table sizes.",
             parameters: schema([("pending", "an environment: lint what `deploy ENV` would apply there"),
                                 ("migration", "one migration's name")], required: [])),
    ]

    /// The invocation a call asks for, or why it cannot be made (unknown or mutating tool, bad arguments).
    public static func invocation(name: String, arguments: String) -> Result<Invocation, ToolError> {
        let args: [String: FlatJSON.Value]
        let trimmed = arguments.trimmingSpaces
        if trimmed.isEmpty || trimmed == "null" {
            args = [:]
        } else {
            guard let decoded = FlatJSON.decode(trimmed) else {
                return .failure(.badArguments(tool: name, reason: "the arguments are not a flat JSON object of strings"))
            }
            args = decoded
        }
        func string(_ key: String) -> String? { args[key]?.string.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 } }
        func required(_ key: String) -> Result<String, ToolError> {
            string(key).map { .success($0) } ?? .failure(.badArguments(tool: name, reason: "`\(key)` is required"))
        }
        switch name {
        case "status": return .success(.action(.status(environments: string("environment").map { [$0] } ?? [])))
        case "check":
            return required("environment").map { env in .action(.check(environments: [env.lowercased() == "all" ? "all" : env])) }
        case "diff":
            return required("from").flatMap { from in required("to").map { to in .action(.diff(from: from, to: to)) } }
        case "describe":
            return required("environment").flatMap { env in required("table").map { .action(.describe(environment: env, table: $0)) } }
        case "list_migrations": return .success(.listMigrations)
        case "read_migration": return required("name").map { .readMigration(name: $0) }
        case "next": return .success(.action(.next))
        case "diagnose": return required("environment").map { .action(.diagnose(environment: $0.lowercased() == "all" ? "all" : $0)) }
        case "sop_show": return required("name").map { .sopShow(name: $0) }
        case "lint":
            return .success(.action(.lint(LintRequest(targets: string("migration").map { [$0] } ?? [], pending: string("pending")))))
        case "deploy", "resolve", "baseline", "fix", "shell", "sh", "sop_start", "sop_next":
            return .failure(.mutating(tool: name))
        default: return .failure(.unknown(tool: name, known: all.map(\.name)))
        }
    }
}

public enum ToolError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(tool: String, known: [String])
    case mutating(tool: String)
    case badArguments(tool: String, reason: String)

    public var description: String {
        switch self {
        case let .unknown(tool, known):
            return "There is no tool \(VisibleText.line(tool)); the tools are \(known.joined(separator: ", "))."
        case let .mutating(tool):
            return "\(VisibleText.line(tool)) changes a database and is not a tool: propose the exact command for the "
                + "person to run (they confirm it through its gates)."
        case let .badArguments(tool, reason): return "\(VisibleText.line(tool)): \(reason)."
        }
    }
}
