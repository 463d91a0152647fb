/// Rules that only ever answer: the audit log, diagnosis, questions about mutating verbs, advice, check, status.
extension PhraseRules {
    /// "show the deploy log", "who deployed production last", "when was staging last deployed".
    func audit(_ u: Utterance) -> RouteResult? {
        let when = u.has("when") && u.hasAny(["deployed", "deploy", "applied", "migrated", "resolved", "last"])
        let last = [["last", "deploy"], ["last", "deployed"], ["last", "deployment"]].contains(where: u.hasPhrase)
        guard u.hasAny(Vocabulary.auditWords) || when || last else { return nil }
        let envs = u.environments
        return .action(.audit(environment: envs.count == 1 ? envs[0] : nil))
    }

    /// "why is production broken?", "what's wrong with staging", "fix prod". An imperative that starts with a
    /// mutating verb ("roll back the broken migration …") is left to the mutating rules, which will confirm.
    func diagnose(_ u: Utterance) -> RouteResult? {
        let cue = u.hasAny(Vocabulary.diagnoseWords) || u.rawHasPhrase(["not", "working"])
            || (u.isQuestion && u.has("failed"))
        guard cue else { return nil }
        if u.startsWithMutatingVerb && !u.hasAny(["is", "was", "are", "were", "keeps", "has", "why"]) { return nil }
        let envs = u.environments
        if envs.count == 1 { return .action(.diagnose(environment: envs[0])) }
        return ask.diagnose(among: envs.isEmpty ? nil : envs)
    }

    /// "is it safe to deploy production?", "can I push to prod?": a question never mutates. About named
    /// environments it is answered by `check`; otherwise by the command's help. "Why did the deploy fail"
    /// is left to `diagnose`.
    func mutatingQuestion(_ u: Utterance) -> RouteResult? {
        guard u.isQuestion, u.hasMutatingVerb, !u.hasAny(Vocabulary.diagnoseWords) else { return nil }
        let envs = u.environments
        if !envs.isEmpty { return .action(.check(environments: envs)) }
        if u.mentionsAll { return .action(.check(environments: ["all"])) }
        return .action(.help(topic: u.topic))
    }

    /// "what next?", "what should I do now", "now what", "any advice?".
    func next(_ u: Utterance) -> RouteResult? {
        let phrases = [["what", "now"], ["now", "what"], ["what", "should", "i", "do"], ["what", "should", "we", "do"],
                       ["what", "do", "i", "do"], ["what", "do", "we", "do"], ["what", "to", "do"],
                       ["where", "do", "i", "start"], ["what", "can", "i", "do"]]
        guard u.hasAny(Vocabulary.nextWords) || phrases.contains(where: u.rawHasPhrase) else { return nil }
        return .action(.next)
    }

    /// "check staging", "is prod in sync?", "check everything", "any drift?". A bare "check" asks which.
    func check(_ u: Utterance) -> RouteResult? {
        let cue = u.hasAny(Vocabulary.checkWords) || u.hasPhrase(["in", "sync"]) || u.hasPhrase(["up", "to", "date"])
        guard cue else { return nil }
        let envs = u.environments
        if !envs.isEmpty { return .action(.check(environments: envs)) }
        if u.mentionsAll { return .action(.check(environments: ["all"])) }
        if u.hasAny(Vocabulary.checkVerbs) && !u.isQuestion { return ask.check() }
        return .action(.check(environments: ["all"]))
    }

    /// "status", "how is production doing", "is staging behind?", "status of all envs", "list migrations".
    func status(_ u: Utterance) -> RouteResult? {
        let cue = u.hasAny(Vocabulary.statusWords) || u.hasPhrase(["how", "is"]) || u.hasPhrase(["how", "are"])
            || u.has("hows") || (u.hasAny(["show", "list", "see"]) && (u.mentionsAll || u.has("migrations")))
        guard cue else { return nil }
        // "status nosuchenv": a word that could be a mistyped environment is asked about, not dropped.
        // ("how are things" stays a question about everything: only the command word followed by a stray word.)
        if u.environments.isEmpty, u.tokens.first?.text == "status", u.tokens.dropFirst().contains(where: { $0.kind == .unknown }) {
            return .ask(question: "Status of which environment?",
                        options: [.status(environments: [])] + context.environments.map { .status(environments: [$0]) })
        }
        return .action(.status(environments: u.environments))
    }

    /// "staging?", "show production": only environments and known words → that environment's status.
    func bareEnvironment(_ u: Utterance) -> RouteResult? {
        guard !u.mutationBlocked, !u.environments.isEmpty,
              !u.tokens.contains(where: { $0.kind == .unknown }) else { return nil }
        return .action(.status(environments: u.environments))
    }
}
