/// Turns a line typed at the console into a typed action — or a question, a suggestion to confirm, or a
/// "did you mean" list. Pure and synchronous: no I/O, microseconds per line.
///
/// Order: the exact console syntax (same words as the CLI), then the phrase rules, then — only when
/// nothing was understood — the optional `fallback`. See `Confidence` for when a mutating action may run
/// without a "yes", and `PhraseRules` for why the rule order keeps questions and negations from mutating.
public struct Router: Sendable {
    private let context: RouterContext
    private let lexicon: Lexicon
    private let suggester: Suggester

    /// Where a later issue plugs an LLM fallback for free-form questions: consulted only for `.notUnderstood`,
    /// never for a line that negated a mutating verb. Its mutating `.action`s are downgraded to
    /// `.confirmSuggestion`: a model's guess is never typed syntax.
    public var fallback: (@Sendable (String) -> RouteResult?)?

    public init(context: RouterContext) {
        self.context = context
        self.lexicon = Lexicon(context)
        self.suggester = Suggester(context: context)
    }

    /// The longest line the router reads, in UTF-8 bytes: far above any command (a migration name is under
    /// 100), and small enough that routing stays well under a millisecond per line whatever it holds.
    public static let maxLineLength = 1000

    public func route(_ line: String) -> RouteResult {
        guard line.contains(where: { !$0.isWhitespace }) else {
            return .notUnderstood(suggestions: ["status", "next", "check all", "help"])
        }
        let length = line.utf8.count
        guard length <= Router.maxLineLength else {
            return .refused(reason: "The line is \(length) bytes long; the console reads commands of at most "
                + "\(Router.maxLineLength). Nothing was run.")
        }
        if let action = ExactSyntax(lexicon: lexicon, context: context).parse(line) { return .action(action) }
        var utterance = Utterance(line, lexicon: lexicon)
        utterance.applyNegation()
        if let result = PhraseRules(lexicon: lexicon, context: context).route(utterance) {
            return keepingCommand(of: line, explainingUnknownWords(result, utterance), utterance)
        }
        let suggestions = suggester.suggestions(for: utterance, line: line, allowMutating: !utterance.mutationBlocked)
        guard !utterance.mutationBlocked, let fallback, let answer = fallback(line) else {
            return .notUnderstood(suggestions: suggestions)
        }
        return Router.guarded(answer)
    }

    /// A question asked because a word was not recognised says which word: "check nosuchenv" should not just
    /// ask "Check which environment?" as if nothing had been typed.
    func explainingUnknownWords(_ result: RouteResult, _ utterance: Utterance) -> RouteResult {
        guard case let .ask(question, options) = result else { return result }
        let unknown = utterance.tokens.filter { $0.kind == .unknown }.map(\.typed)
        guard !unknown.isEmpty else { return result }
        let words = unknown.map { "“\($0)”" }.joined(separator: ", ")
        let known = context.environments.isEmpty ? "" : " (environments: \(context.environments.joined(separator: ", ")))"
        return .ask(question: "\(words) \(unknown.count == 1 ? "is" : "are") not a name I know\(known). \(question)",
                    options: options)
    }

    /// A line that starts with a command's own word is about that command: the phrase rules may read the
    /// rest loosely (`describe table users on staging`, "deploy log for production" → audit), but never turn
    /// it into a command that changes or plans changes to a database — deploy (even a dry run), resolve,
    /// baseline — that it did not name (`diff prod --dry-run` is not a deploy). When they would, the line is
    /// not understood, and the suggestions are the named command's lines.
    func keepingCommand(of line: String, _ result: RouteResult, _ utterance: Utterance) -> RouteResult {
        guard let first = line.split(whereSeparator: \.isWhitespace).first?.lowercased(),
              let command = Router.commandWords[first] else { return result }
        let actions = result.actions
        let changing: Set<String> = ["deploy", "resolve", "baseline"]
        if !actions.contains(where: { changing.contains($0.command) && $0.command != command }) { return result }
        let own = suggester.suggestions(for: utterance, line: line, allowMutating: !utterance.mutationBlocked)
            .filter { $0.split(separator: " ").first.map(String.init) == command }
        return .notUnderstood(suggestions: own + ["help \(command)"])
    }

    /// The first words that name a command, and the command they name.
    static let commandWords: [String: String] = {
        var words = Dictionary(uniqueKeysWithValues: Vocabulary.commands.map { ($0, $0) })
        words["exit"] = "quit"
        words["\\q"] = "quit"
        return words
    }()

    /// A fallback's mutating action becomes a suggestion to confirm.
    static func guarded(_ result: RouteResult) -> RouteResult {
        guard case .action(let action) = result, action.isMutating else { return result }
        return .confirmSuggestion(action, reason: "suggested by the assistant, not typed as a command")
    }
}
