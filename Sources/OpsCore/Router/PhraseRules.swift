/// The natural-language layer: ordered rules over a normalised line; the first that recognises it wins.
///
/// The order is the safety argument. Rules that can only produce harmless answers — SOPs, help, previews, the
/// audit log, diagnosis, and questions about a mutating verb ("is it safe to deploy?") — run before the rules
/// that produce deploy/resolve/baseline, so a line that merely mentions "deploy" is answered without mutating.
struct PhraseRules {
    let lexicon: Lexicon
    let context: RouterContext

    var ask: Questions { Questions(context: context) }

    func route(_ u: Utterance) -> RouteResult? {
        let rules: [(Utterance) -> RouteResult?] = [
            quit, sop, help, preview, audit, mutatingQuestion, diagnose, diff, describe,
            resolve, baseline, deploy, next, check, status, bareEnvironment,
        ]
        for rule in rules {
            if let result = rule(u) { return result }
        }
        return nil
    }

    /// "quit", "exit", "bye", "exit console", a mistyped "qiut".
    func quit(_ u: Utterance) -> RouteResult? {
        let words = u.words.filter { !["console", "repl", "session", "evermed-ops"].contains($0) }
        guard !words.isEmpty, words.count <= 2, words.allSatisfy(Vocabulary.quitWords.contains) else { return nil }
        return .action(.quit)
    }

    /// "how do I …", "how to …", "how does … work" (the first words as typed).
    func isHowTo(_ u: Utterance) -> Bool {
        guard u.raw.first == "how", u.raw.count > 1 else { return false }
        return ["do", "does", "to", "can", "should", "would", "could", "i", "we"].contains(u.raw[1])
    }

    /// "explain resolve", "how do I deploy?", "what does baseline do", "help diff".
    /// A how-question that names environments and no mutating verb ("how do staging and prod differ") is left
    /// to the other rules. Without a command topic, a schema-change question starts the matching SOP.
    func help(_ u: Utterance) -> RouteResult? {
        let explains = u.hasAny(["explain", "usage", "manual", "docs", "documentation", "mean", "means", "meaning"])
            || u.rawHasPhrase(["tell", "me", "about"])
        let whatIs = (u.rawHasPhrase(["what", "is"]) || u.rawHasPhrase(["what", "does"]) || u.raw.first == "whats")
            && u.environments.isEmpty && u.topic != nil
        let howTo = isHowTo(u) && (u.environments.isEmpty || u.hasMutatingVerb)
        guard explains || whatIs || howTo || u.has("help") else { return nil }
        if let topic = u.topic { return .action(.help(topic: topic)) }
        if let sop = sopTopic(u) { return .action(.sopStart(name: sop)) }
        return .action(.help(topic: nil))
    }

    /// "dry run deploy to staging", "what would deploy do on staging", "preview the deploy to prod".
    /// resolve and baseline have no preview, so "rollback plan for staging" is answered with their help.
    func preview(_ u: Utterance) -> RouteResult? {
        let explicit = u.hasPhrase(["dry", "run"]) || u.flags.contains("--dry-run") || u.has("dryrun")
            || u.has("dry-run")
        let whatIf = [["what", "would"], ["what", "will"], ["what", "happens"], ["what", "if"]]
            .contains(where: u.rawHasPhrase)
        guard explicit || whatIf || u.hasAny(Vocabulary.previewWords) else { return nil }
        let isResolve = u.hasAny(Vocabulary.resolveVerbs) || u.hasPhrase(["roll", "back"])
        if isResolve || u.hasAny(Vocabulary.baselineExact) { return .action(.help(topic: u.topic)) }
        let aboutDeploy = u.hasAny(Vocabulary.deployVerbs) || u.hasAny(["deployment", "migrations"])
        guard explicit || aboutDeploy else { return nil }
        let (env, candidates) = deployEnvironment(u)
        guard let env else { return ask.deploy(among: candidates, dryRun: true) }
        return .action(.deploy(environment: env, dryRun: true))
    }

    /// The one environment a deploy is about: the only one named, or the one after "to"/"on" when two are
    /// named ("promote staging to production"). Otherwise nil, with the environments to ask about.
    func deployEnvironment(_ u: Utterance) -> (String?, [String]?) {
        let envs = u.environments
        if envs.count == 1 { return (envs[0], nil) }
        if envs.count == 2, let target = u.targetEnvironment { return (target, nil) }
        return (nil, envs.count > 1 ? envs : nil)
    }
}
