/// The "did you mean" list for a line nothing recognised: the three closest canonical command lines, then
/// "help". Closeness is keyword overlap first (an environment or a command cue the line shares with the
/// candidate), then non-mutating before mutating, then edit distance between the whole lines.
struct Suggester {
    let context: RouterContext

    /// Canonical lines worth suggesting for this project, most useful first (the tie-break order).
    func candidates(allowMutating: Bool) -> [Action] {
        let envs = context.environments
        var actions: [Action] = [.status(environments: []), .next, .check(environments: ["all"])]
        actions += envs.map { .status(environments: [$0]) }
        actions += envs.map { .check(environments: [$0]) }
        actions += zip(envs, envs.dropFirst()).map { .diff(from: $0, to: $1) }
        actions += envs.map { .diff(from: $0, to: "migrations") }
        actions += envs.map { .deploy(environment: $0, dryRun: true) }
        if allowMutating { actions += envs.map { .deploy(environment: $0, dryRun: false) } }
        actions += [.audit(environment: nil)] + envs.map { .audit(environment: $0) }
        actions += envs.map { .diagnose(environment: $0) }
        actions += [.sopList] + context.sops.map { .sopStart(name: $0) }
        return actions
    }

    func suggestions(for u: Utterance, line: String, allowMutating: Bool) -> [String] {
        let typed = Array(line.lowercased().utf8)
        let scored = candidates(allowMutating: allowMutating).enumerated().map { index, action in
            let text = action.commandLine
            let distance = EditDistance.distance(typed, Array(text.utf8), limit: 64)
            let safe = action.isMutating ? 0 : 1
            return (text: text, overlap: overlap(u, action), safe: safe, distance: distance, index: index)
        }
        let best = scored.sorted {
            ($0.overlap, $0.safe, -$0.distance, -$0.index) > ($1.overlap, $1.safe, -$1.distance, -$1.index)
        }
        return best.prefix(3).map(\.text) + ["help"]
    }

    /// Shared meaning: +3 for the command (by any of its cue words), +2 per environment or side it names.
    private func overlap(_ u: Utterance, _ action: Action) -> Int {
        let words = action.commandLine.split(separator: " ").map(String.init)
        guard let command = words.first else { return 0 }
        var score = 0
        for token in u.tokens {
            if let env = token.environment, words.dropFirst().contains(env) { score += 2 }
            if Vocabulary.command(for: token.text) == command { score += 3 }
            if token.text == "migrations", words.contains("migrations") { score += 2 }
            if token.environment == nil, words.dropFirst().contains(token.text) { score += 1 }
        }
        return score
    }
}
