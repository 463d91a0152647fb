/// The only rules that produce deploy, resolve and baseline. Each collects its confidence reasons (see
/// `Confidence`): exact words run, anything inferred is a suggestion to confirm, anything missing is asked.
extension PhraseRules {
    /// Words that are part of a resolve or deploy line (besides `Confidence.glue`).
    static let resolvePlaced = Vocabulary.resolveVerbs.union(Vocabulary.resolveModeWords)
        .union(["roll", "rolled", "back", "failed", "run"])
    static let deployPlaced = Vocabulary.deployVerbs.union(["run"])
    /// "resolve production 2025…_add_personal_models --rolled-back", "roll back the failed migration on
    /// production", "mark add_personal_models as applied in staging".
    func resolve(_ u: Utterance) -> RouteResult? {
        guard !u.mutationBlocked else { return nil }
        let rollBack = u.hasPhrase(["roll", "back"]) || u.hasPhrase(["rolled", "back"])
        guard u.hasAny(Vocabulary.resolveVerbs) || rollBack else { return nil }
        let mode = resolveMode(u, rollBack: rollBack)
        let envs = u.environments
        let migrations = u.migrations
        guard let mode, envs.count == 1, migrations.count == 1 else {
            return ask.resolve(environment: envs.count == 1 ? envs[0] : nil,
                               migration: migrations.count == 1 ? migrations[0] : nil, mode: mode)
        }
        var confidence = Confidence()
        let verb = u.first(in: Vocabulary.resolveExact)
        if verb == nil || verb?.fuzzy == true {
            let said = rollBack ? "roll back" : (u.first(in: Vocabulary.resolveLoose) ?? verb)?.typed ?? "resolve"
            confidence.noteReading(said, as: "resolve \(mode.flag)")
        } else if !modeSaidExactly(u), let word = u.first(in: Vocabulary.resolveModeWords) {
            confidence.noteReading(word.typed, as: mode.flag)
        }
        confidence.noteFuzzy(u.tokens.filter { $0.environment != nil || $0.migration != nil })
        confidence.noteUnplaced(u, allowed: PhraseRules.resolvePlaced)
        return confidence.result(.resolve(environment: envs[0], migration: migrations[0], mode: mode))
    }

    /// The flag itself, "applied" or "rolled back": no inference about which choice was meant.
    private func modeSaidExactly(_ u: Utterance) -> Bool {
        !u.flags.isEmpty || u.hasAny(["applied", "rolledback", "rolled-back"]) || u.hasPhrase(["rolled", "back"])
    }

    /// `--applied` / `--rolled-back`, or the words for them; nil when neither or both are said.
    private func resolveMode(_ u: Utterance, rollBack: Bool) -> ResolveChoice? {
        let flagged = ResolveChoice.allCases.filter { u.flags.contains($0.flag) }
        if flagged.count == 1 { return flagged[0] }
        let back = rollBack || u.hasAny(Vocabulary.rolledBackWords)
        let applied = u.hasAny(Vocabulary.appliedWords)
        return back == applied ? nil : (back ? .rolledBack : .applied)
    }

    /// "baseline staging", "baseline production up to 20250905000000_add_metabolic_tables".
    func baseline(_ u: Utterance) -> RouteResult? {
        guard !u.mutationBlocked, let verb = u.first(in: Vocabulary.baselineExact) else { return nil }
        let upTo = u.migrations.first
        let envs = u.environments
        guard envs.count == 1 else { return ask.baseline(upTo: upTo, among: envs.isEmpty ? nil : envs) }
        var confidence = Confidence()
        if verb.fuzzy { confidence.noteReading(verb.typed, as: "baseline") }
        confidence.noteFuzzy(u.tokens.filter { $0.environment != nil || $0.migration != nil })
        confidence.noteUnplaced(u, allowed: ["baseline", "until", "through"])
        return confidence.result(.baseline(environment: envs[0], upTo: upTo))
    }

    /// "deploy to staging" runs; "push migrations to prod", "ship it to production", "deplyo staging" are
    /// suggestions; "deploy" alone asks which environment.
    func deploy(_ u: Utterance) -> RouteResult? {
        guard !u.mutationBlocked else { return nil }
        let runMigrations = u.has("run") && u.hasAny(["migrations", "migration", "pending"])
        guard let verb = u.first(in: Vocabulary.deployVerbs)
                ?? (runMigrations ? u.first(in: ["run"]) : nil) else { return nil }
        let (env, candidates) = deployEnvironment(u)
        guard let env else { return ask.deploy(among: candidates, dryRun: false) }
        var confidence = Confidence()
        if verb.fuzzy || !Vocabulary.deployExact.contains(verb.text) {
            confidence.noteReading(verb.typed, as: "deploy")
        }
        confidence.noteFuzzy(u.tokens.filter { $0.environment != nil })
        let others = u.environments.filter { $0 != env }
        if !others.isEmpty { confidence.note("also named \(others.joined(separator: ", "))") }
        confidence.noteUnplaced(u, allowed: PhraseRules.deployPlaced)
        return confidence.result(.deploy(environment: env, dryRun: false))
    }
}
