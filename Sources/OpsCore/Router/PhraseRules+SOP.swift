/// SOPs (guided procedures): "list procedures", "start the deployment sop", "help me change the schema",
/// and, while one is running, "next step" / "where am I" / "abort".
extension PhraseRules {
    func sop(_ u: Utterance) -> RouteResult? {
        if context.activeSOP != nil, let result = activeSOP(u) { return result }
        let named = sopNamed(in: u)
        let starts = u.hasAny(["start", "begin", "open", "launch", "follow"])
        if u.hasAny(Vocabulary.sopWords) || (named != nil && starts) { return sopCommand(u, named: named) }
        if wantsGuidance(u), let topic = sopTopic(u) { return .action(.sopStart(name: topic)) }
        // "I need to add a column": a schema change is a procedure, not one command.
        if statesANeed(u), let topic = sopTopic(u), topic == "database-changes" { return .action(.sopStart(name: topic)) }
        return nil
    }

    /// "I need to …", "I want to …", "I have to …", "we need to …".
    func statesANeed(_ u: Utterance) -> Bool {
        [["i", "need", "to"], ["i", "want", "to"], ["i", "have", "to"], ["we", "need", "to"], ["i", "must"]]
            .contains(where: u.rawHasPhrase)
    }

    /// While an SOP runs, short lines about steps mean the SOP's steps. A question ("what next?") is still the
    /// advice — it lists the session's step among its findings — and never runs a step (which may deploy);
    /// "what is the next step?" shows where the session is.
    private func activeSOP(_ u: Utterance) -> RouteResult? {
        if u.hasAny(["what", "whats"]) { return u.has("step") ? .action(.sopStatus) : nil }
        let glue: Set<String> = ["sop", "procedure", "step", "is", "go", "on", "ok", "okay", "i"]
        let rest = Set(u.words).subtracting(glue)
        if u.rawHasPhrase(["where", "am", "i"]) || u.hasPhrase(["which", "step"]) || rest == ["progress"] {
            return .action(.sopStatus)
        }
        if !rest.isEmpty, rest.isSubset(of: ["next", "continue", "proceed", "done"]) { return .action(.sopNext) }
        if !rest.isEmpty, rest.isSubset(of: ["abort", "cancel", "stop", "end", "leave"]) { return .action(.sopAbort) }
        return nil
    }

    /// A line that says "sop"/"procedure"/"runbook", or names an SOP after "start".
    private func sopCommand(_ u: Utterance, named: String?) -> RouteResult {
        if u.hasAny(["abort", "cancel", "stop", "end", "leave", "quit", "exit"]) { return .action(.sopAbort) }
        if u.hasAny(["status", "progress", "where"]) { return .action(.sopStatus) }
        if u.hasAny(["next", "continue", "proceed", "done"]) { return .action(.sopNext) }
        if let named { return .action(.sopStart(name: named)) }
        if u.hasAny(["start", "begin", "run", "open", "launch", "follow"]) { return ask.sopStart() }
        return .action(.sopList)
    }

    /// "help me …", "walk me through …", "guide me …": the person wants a procedure, not a command.
    func wantsGuidance(_ u: Utterance) -> Bool {
        [["help", "me"], ["walk", "me"], ["guide", "me"], ["take", "me", "through"], ["show", "me", "how"]]
            .contains(where: u.rawHasPhrase) || u.hasAny(Vocabulary.guidanceWords)
    }

    /// The SOP whose name's words all appear in the line ("start drift incident").
    func sopNamed(in u: Utterance) -> String? {
        let words = Set(u.raw)
        return context.sops.filter { name in
            words.contains(name.lowercased())
                || name.lowercased().split(separator: "-").allSatisfy { words.contains(String($0)) }
        }.max { $0.count < $1.count }
    }

    /// The configured SOP a topic belongs to: schema changes, deployment, drift incidents, or one named.
    func sopTopic(_ u: Utterance) -> String? {
        if let named = sopNamed(in: u) { return named }
        let schemaNoun = u.hasAny(["schema", "column", "columns", "table", "tables", "migration", "migrations",
                                   "index"])
        let changeVerb = u.hasAny(["change", "changes", "changing", "alter", "add", "create", "new", "write",
                                   "modify", "edit", "make", "rename", "drop"])
        let wanted: String?
        if schemaNoun && changeVerb {
            wanted = "database-changes"
        } else if u.hasAny(["drift", "drifted", "drifting", "incident", "outage"]) {
            wanted = "drift-incident"
        } else if u.hasAny(Vocabulary.deployVerbs) || u.hasAny(["deployment", "deployments"]) {
            wanted = "deployment"
        } else {
            wanted = nil
        }
        return wanted.flatMap { w in context.sops.first { $0.lowercased() == w } }
    }
}
