/// The questions the router asks instead of guessing. Each offers complete actions, so the console can show
/// them as a numbered list and run the one picked (confirming it like any other mutating action).
struct Questions {
    let context: RouterContext

    private var environments: [String] { context.environments }

    func deploy(among envs: [String]? = nil, dryRun: Bool) -> RouteResult {
        let options = (envs ?? environments).map { Action.deploy(environment: $0, dryRun: dryRun) }
        return .ask(question: dryRun ? "Preview a deploy of which environment?" : "Deploy which environment?",
                    options: options)
    }

    func check(among envs: [String]? = nil) -> RouteResult {
        let options = (envs == nil ? [Action.check(environments: ["all"])] : [])
            + (envs ?? environments).map { Action.check(environments: [$0]) }
        return .ask(question: "Check which environment?", options: options)
    }

    func diagnose(among envs: [String]? = nil) -> RouteResult {
        .ask(question: "Diagnose which environment?",
             options: (envs ?? environments).map { .diagnose(environment: $0) })
    }

    func baseline(upTo: String?, among envs: [String]? = nil) -> RouteResult {
        .ask(question: "Baseline which environment?",
             options: (envs ?? environments).map { .baseline(environment: $0, upTo: upTo) })
    }

    /// Compare `side` with every other side; with no side, the neighbouring pairs and local vs migrations.
    func diff(from side: String?) -> RouteResult {
        let sides = environments + ["migrations"]
        guard let side else {
            var pairs = zip(environments, environments.dropFirst()).map { Action.diff(from: $0, to: $1) }
            if let first = environments.first { pairs.append(.diff(from: first, to: "migrations")) }
            return .ask(question: "Compare which two schemas?", options: pairs)
        }
        return .ask(question: "Compare \(side) with what?",
                    options: sides.filter { $0 != side }.map { .diff(from: side, to: $0) })
    }

    func resolve(environment: String?, migration: String?, mode: ResolveChoice?) -> RouteResult {
        let modes = mode.map { [$0] } ?? ResolveChoice.allCases
        let asMode = mode == .applied ? "applied" : (mode == .rolledBack ? "rolled back" : "resolved")
        switch (environment, migration) {
        case let (env?, name?):
            return .ask(question: "Mark \(name) in \(env) as applied or rolled back?",
                        options: modes.map { .resolve(environment: env, migration: name, mode: $0) })
        case let (nil, name?):
            return .ask(question: "Resolve \(name) in which environment?", options: environments.flatMap { env in
                modes.map { Action.resolve(environment: env, migration: name, mode: $0) }
            })
        case let (env?, nil):
            return .ask(question: "Which migration in \(env) should be marked \(asMode)?",
                        options: context.migrations.flatMap { name in
                            modes.map { Action.resolve(environment: env, migration: name, mode: $0) }
                        })
        case (nil, nil):
            return .ask(question: "Resolve which migration, in which environment? `status` shows what failed where.",
                        options: [.status(environments: []), .help(topic: "resolve")])
        }
    }

    func describe(table: String?, among envs: [String]?) -> RouteResult {
        guard let table else {
            let env = envs?.first
            let tables = env.map { (context.tables[$0] ?? []).sorted() } ?? []
            return .ask(question: env.map { "Describe which table in \($0)?" } ?? "Describe which table, where?",
                        options: tables.map { .describe(environment: env ?? "", table: $0) })
        }
        return .ask(question: "Describe \(table) in which environment?",
                    options: (envs ?? environments).map { .describe(environment: $0, table: table) })
    }

    func sopStart() -> RouteResult {
        .ask(question: "Start which SOP?", options: context.sops.map { .sopStart(name: $0) })
    }
}
