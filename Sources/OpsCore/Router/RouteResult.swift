/// What the router made of a line. Only `.action` runs without a further word from the person.
public enum RouteResult: Equatable, Sendable {
    /// Understood with enough confidence to run.
    case action(Action)
    /// Something is missing or ambiguous (e.g. "deploy" with no environment): ask, offering complete actions.
    case ask(question: String, options: [Action])
    /// A loose match to a mutating action: show `action.commandLine` and run it only on an explicit yes.
    case confirmSuggestion(Action, reason: String)
    /// Nothing fits: the closest canonical command lines, then "help".
    case notUnderstood(suggestions: [String])
    /// Not routed at all (a line longer than the router reads); `reason` says why and what to do.
    case refused(reason: String)
}

extension RouteResult {
    /// The actions this result would run, suggest or offer to choose from.
    public var actions: [Action] {
        switch self {
        case let .action(a), let .confirmSuggestion(a, _): return [a]
        case let .ask(_, options): return options
        case .notUnderstood, .refused: return []
        }
    }
}
