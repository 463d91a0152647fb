/// The words the router listens for, as data.
///
/// Each set is a cue for one intent. Keeping them here (not scattered through the rules) makes it easy to see
/// why a phrase routed where it did, and to add a synonym without touching logic. Every word below is also
/// "known", so it is never typo-corrected into something else ("state" stays state, not "stage").
enum Vocabulary {
    /// First words of the commands (`CommandRegistry`), in the order `help` lists them; also the help topics.
    static let commands = CommandRegistry.commandWords

    // MARK: Mutating verbs. Exact ones may route directly; loose ones only ever as a confirmed suggestion.
    static let deployExact: Set<String> = ["deploy", "apply", "migrate"]
    static let deployLoose: Set<String> = [
        "push", "ship", "release", "promote", "rollout", "upgrade", "update", "redeploy", "deploying",
        "applying", "migrating", "pushing", "shipping", "releasing", "promoting",
    ]
    static let resolveExact: Set<String> = ["resolve"]
    static let resolveLoose: Set<String> = ["mark", "rollback", "revert", "undo", "unfail", "resolving"]
    static let baselineExact: Set<String> = ["baseline"]
    static let deployVerbs = deployExact.union(deployLoose)
    static let resolveVerbs = resolveExact.union(resolveLoose)
    /// Words meaning "record it as rolled back" / "as applied".
    static let rolledBackWords: Set<String> = ["rollback", "rolledback", "revert", "reverted", "undo", "rolled-back"]
    static let appliedWords: Set<String> = ["applied", "completed", "finished", "complete", "succeeded"]
    static let resolveModeWords = rolledBackWords.union(appliedWords)

    // MARK: Intent cues.
    static let negations: Set<String> = [
        "dont", "never", "not", "cancel", "stop", "avoid", "without", "no", "wont", "shouldnt", "cant", "cannot",
        "mustnt", "nor", "didnt", "doesnt", "skip",
    ]
    static let questionWords: Set<String> = [
        "is", "are", "am", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "should",
        "shall", "will", "would", "may", "might", "must", "what", "whats", "when", "where", "which", "who", "whos",
        "whom", "whose", "why", "how", "hows", "isnt", "arent",
    ]
    static let quitWords: Set<String> = ["quit", "exit", "\\q", "q", "bye", "goodbye", "logout", ":q"]
    static let sopWords: Set<String> = [
        "sop", "sops", "procedure", "procedures", "runbook", "runbooks", "playbook", "playbooks", "checklist",
    ]
    static let guidanceWords: Set<String> = ["guide", "walk", "teach", "walkthrough"]
    static let helpWords: Set<String> = ["explain", "usage", "help", "manual", "docs", "documentation", "mean",
                                         "means", "meaning"]
    static let previewWords: Set<String> = ["preview", "simulate", "simulation", "plan", "dryrun", "dry-run",
                                            "rehearse", "rehearsal"]
    static let auditWords: Set<String> = ["audit", "log", "logs", "trail", "who", "history", "journal"]
    static let diagnoseWords: Set<String> = [
        "why", "wrong", "broken", "failing", "fail", "fails", "diagnose", "diagnosis", "troubleshoot", "debug",
        "problem", "problems", "issue", "issues", "error", "errors", "stuck", "blocked", "fix", "repair", "down",
        "crashed", "crashing", "breaking", "broke",
    ]
    static let diffWords: Set<String> = [
        "diff", "compare", "comparison", "difference", "differences", "different", "differ", "differs", "vs",
        "versus", "against", "match", "matches", "mismatch", "delta",
    ]
    static let describeWords: Set<String> = ["describe", "desc", "columns", "structure", "definition", "\\d",
                                             "layout"]
    static let nextWords: Set<String> = [
        "next", "advice", "advise", "suggest", "suggestion", "suggestions", "recommend", "recommendation",
        "recommendations", "todo",
    ]
    static let checkWords: Set<String> = [
        "check", "verify", "validate", "insync", "sync", "synced", "drift", "drifted", "drifting", "healthy", "health",
        "ok",
        "okay", "fine", "safe", "consistent", "good", "correct", "uptodate", "checks", "checking", "verified",
    ]
    static let checkVerbs: Set<String> = ["check", "verify", "validate", "checking", "checks"]
    static let statusWords: Set<String> = [
        "status", "state", "states", "stats", "stat", "overview", "summary", "matrix", "doing", "behind",
        "ahead", "pending", "deployed", "migrated", "progress", "where", "going", "look", "looking",
    ]
    static let allWords: Set<String> = ["all", "every", "everything", "everywhere", "each", "envs", "environments",
                                        "both"]
    /// Words that stand for the migrations folder as a side of a diff.
    static let migrationSideWords: Set<String> = ["migrations", "migration", "files", "folder", "repo", "code"]

    // MARK: Words that carry no intent.
    /// Dropped before anything else. Multi-word phrases first (longest first), then single words.
    static let fillerPhrases: [[String]] = [
        ["i", "would", "like", "to"], ["i", "want", "you", "to"], ["go", "ahead", "and"], ["i", "want", "to"],
        ["i", "wanna"], ["id", "like", "to"], ["can", "you"], ["could", "you"], ["would", "you"],
        ["will", "you"], ["let", "us"], ["for", "me"], ["go", "ahead"],
    ]
    static let fillerWords: Set<String> = [
        "please", "pls", "plz", "kindly", "me", "the", "a", "an", "just", "lets", "hey", "hi", "now", "it",
        "then", "quickly", "really", "actually", "maybe", "thanks", "thank", "so", "well", "um", "uh",
        "right", "currently", "again", "some", "my", "our", "this", "that", "there",
    ]
    /// Ordinary words that must stay as typed: known, never corrected into a cue.
    static let neutralWords: Set<String> = [
        "i", "we", "you", "they", "us", "to", "from", "on", "in", "into", "onto", "of", "for", "at", "with",
        "and", "or", "between", "table", "tables", "database", "databases", "db", "schema", "schemas", "env",
        "environment", "show", "list", "see", "get", "give", "tell", "run", "make", "go", "last", "first",
        "latest", "time", "been", "there", "these", "those", "any", "up", "date", "out", "about", "changes",
        "change", "changed", "changing", "back", "roll", "rolled", "dry", "new", "add", "create", "alter",
        "modify", "edit", "write", "need", "want", "like", "view", "display", "print", "open", "start", "begin",
        "continue", "done", "abort", "available", "step", "steps", "happens", "happen", "if", "them", "its",
        "ready", "data", "failed", "failure", "instead", "also", "after", "before", "what", "work", "works",
        "through", "started", "sure", "yes", "line", "lines", "version", "latest", "current", "through",
        "stage", "deployment", "deployments", "incident", "outage", "column", "proceed", "launch", "follow",
        "end", "leave", "else", "order", "everything", "ever", "since", "who", "by", "recent", "recently",
    ]

    /// Every known word: never typo-corrected.
    static let known: Set<String> = {
        var all = neutralWords.union(fillerWords).union(questionWords).union(negations).union(quitWords)
        for set in cueSets { all.formUnion(set) }
        all.formUnion(commands)
        return all
    }()

    static let cueSets: [Set<String>] = [
        deployExact, deployLoose, resolveExact, resolveLoose, baselineExact, rolledBackWords, appliedWords,
        sopWords, helpWords, previewWords, auditWords, diagnoseWords, diffWords, describeWords, nextWords,
        checkWords, statusWords, allWords, migrationSideWords, guidanceWords,
    ]

    /// Words a typo may be corrected into: cue words of 4+ letters (shorter ones collide with ordinary words).
    static let fuzzyTargets: [String] = {
        var targets = Set(commands)
        for set in cueSets { targets.formUnion(set) }
        targets.formUnion(["quit", "exit", "start", "abort", "list"])
        return targets.filter { $0.utf8.count >= 4 }.sorted()
    }()

    /// Which cue set a word belongs to: two typo readings in the same set mean the same thing ("statsu" is as
    /// close to "stats" as to "status"), so the tie is harmless.
    static let groupOf: [String: Int] = {
        var map: [String: Int] = [:]
        for (index, set) in cueSets.enumerated() {
            for word in set where map[word] == nil { map[word] = index }
        }
        return map
    }()

    /// The command a cue word belongs to, for help topics and "did you mean" scoring.
    static func command(for word: String) -> String? {
        if commands.contains(word) { return word == "quit" ? "quit" : word }
        if deployExact.contains(word) || deployLoose.contains(word) { return "deploy" }
        if resolveExact.contains(word) || resolveLoose.contains(word) || rolledBackWords.contains(word) {
            return "resolve"
        }
        if diffWords.contains(word) { return "diff" }
        if auditWords.contains(word) { return "audit" }
        if describeWords.contains(word) { return "describe" }
        if sopWords.contains(word) { return "sop" }
        if checkVerbs.contains(word) { return "check" }
        if word == "exit" { return "quit" }
        return nil
    }
}
