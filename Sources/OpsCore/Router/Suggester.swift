/// The "did you mean" list for a line nothing recognised: the three closest canonical command lines, then
/// "help". Closeness is keyword overlap first (an environment or a command cue the line shares with the
/// candidate), then non-mutating before mutating, then edit distance between the whole lines.
struct Suggester: Sendable {
    /// The candidates' command lines, bytes and mutability, computed once per context.
    private let lines: [(text: String, bytes: [UInt8], mutating: Bool)]

    init(context: RouterContext) {
        lines = Suggester.candidates(context).map { ($0.commandLine, Array($0.commandLine.utf8), $0.isMutating) }
    }

    /// Canonical lines worth suggesting for this project, most useful first (the tie-break order).
    static func candidates(_ context: RouterContext) -> [Action] {
        let envs = context.environments
        var actions: [Action] = [.status(environments: []), .next, .check(environments: ["all"])]
        actions += envs.map { .status(environments: [$0]) }
        actions += envs.map { .check(environments: [$0]) }
        actions += zip(envs, envs.dropFirst()).map { .diff(from: $0, to: $1) }
        actions += envs.map { .diff(from: $0, to: "migrations") }
        actions += envs.map { .deploy(environment: $0, dryRun: true) }
        actions += envs.map { .deploy(environment: $0, dryRun: false) }
        actions += [.audit(environment: nil)] + envs.map { .audit(environment: $0) }
        actions += envs.map { .diagnose(environment: $0) }
        if !context.sops.isEmpty { actions += [.sopList] + context.sops.map { .sopStart(name: $0) } }
        return actions
    }

    func suggestions(for u: Utterance, line: String, allowMutating: Bool) -> [String] {
        let typed = Array(line.lowercased().utf8)
        let said = Said(u)
        let allowed = lines.enumerated().filter { allowMutating || !$0.element.mutating }
        let scored = allowed.map { index, line in
            let distance = EditDistance.distance(typed, line.bytes, limit: 64)
            let safe = line.mutating ? 0 : 1
            let overlap = said.overlap(with: line.text)
            return (text: line.text, overlap: overlap, safe: safe, distance: distance, index: index)
        }
        let best = scored.sorted {
            ($0.overlap, $0.safe, -$0.distance, -$0.index) > ($1.overlap, $1.safe, -$1.distance, -$1.index)
        }
        return best.prefix(3).map(\.text) + ["help"]
    }

    /// What the line said, looked up once rather than once per candidate.
    private struct Said {
        var commands: [String] = []
        var environments: [String] = []
        var others: [String] = []

        init(_ u: Utterance) {
            for token in u.tokens {
                if let env = token.environment { environments.append(env); continue }
                if let command = Vocabulary.command(for: token.text) { commands.append(command) }
                if token.text == "migrations" { environments.append("migrations") } else { others.append(token.text) }
            }
        }

        /// +3 per command cue for the candidate's command, +2 per environment or side it names, +1 per other
        /// shared word.
        func overlap(with candidate: String) -> Int {
            let words = candidate.split(separator: " ")
            guard let command = words.first else { return 0 }
            let args = words.dropFirst()
            var score = 3 * commands.filter { $0 == command }.count
            score += 2 * environments.filter { env in args.contains { $0 == env } }.count
            score += others.filter { word in args.contains { $0 == word } }.count
            return score
        }
    }
}
