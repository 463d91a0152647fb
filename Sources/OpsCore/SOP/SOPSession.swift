/// A guided run through one SOP: where the person is, what happened at each step. A value with pure
/// transitions; OpsWorkspace saves it after every change (`.evermed-ops/sessions/<id>.json`).
public struct SOPSession: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable { case inProgress = "in_progress", done, aborted }

    public enum Result: String, Codable, Sendable { case done, skipped, failed }

    public struct Entry: Codable, Equatable, Sendable {
        /// 1-based step number.
        public var step: Int
        public var title: String
        public var result: Result
        public var reason: String?
        /// ISO 8601, UTC.
        public var at: String

        public init(step: Int, title: String, result: Result, reason: String?, at: String) {
            self.step = step
            self.title = title
            self.result = result
            self.reason = reason
            self.at = at
        }
    }

    public var id: String
    public var sop: String
    /// 1-based current step (the last once done).
    public var step: Int
    public var steps: Int
    public var state: State
    public var history: [Entry]
    /// The current step's title, to find it again when the SOP file changed.
    public var stepTitle: String
    /// How many blocks of the current step already succeeded (a resumed `sop next` continues after them).
    public var blocksDone: Int
    /// A digest of the SOP's text when the session started (or last continued after a change).
    public var digest: String
    public var startedAt: String

    public init(id: String, sop: SOP, digest: String, at: String) {
        self.id = id
        self.sop = sop.name
        self.step = 1
        self.steps = sop.steps.count
        self.state = .inProgress
        self.history = []
        self.stepTitle = sop.steps.first?.title ?? ""
        self.blocksDone = 0
        self.digest = digest
        self.startedAt = at
    }

    /// The memberwise form, for reading a saved session.
    public init(id: String, sop: String, step: Int, steps: Int, state: State, history: [Entry], stepTitle: String,
                blocksDone: Int, digest: String, startedAt: String) {
        self.id = id
        self.sop = sop
        self.step = step
        self.steps = steps
        self.state = state
        self.history = history
        self.stepTitle = stepTitle
        self.blocksDone = blocksDone
        self.digest = digest
        self.startedAt = startedAt
    }

    public var isActive: Bool { state == .inProgress }

    /// The saved file's keys: `sop status --json`'s, plus what resuming needs.
    enum CodingKeys: String, CodingKey {
        case id, sop, step, steps, state, history
        case stepTitle = "step_title"
        case blocksDone = "blocks_done"
        case digest
        case startedAt = "started_at"
    }

    /// The current step finished: record it and move on (the session is done after the last).
    public mutating func complete(_ sop: SOP, at: String) {
        finish(sop, .done, reason: nil, at: at)
    }

    /// Skipped with a reason (required: a skipped check should say why).
    public mutating func skip(_ sop: SOP, reason: String, at: String) {
        finish(sop, .skipped, reason: reason, at: at)
    }

    /// The current step did not finish; it stays current. `blocksDone` keeps the blocks that succeeded.
    public mutating func fail(reason: String, at: String) {
        guard isActive else { return }
        history.append(Entry(step: step, title: stepTitle, result: .failed, reason: reason, at: at))
    }

    /// A block of the current step succeeded.
    public mutating func blockDone() { blocksDone += 1 }

    /// Back one step (the first stays first); its blocks run again.
    public mutating func back(_ sop: SOP) {
        guard isActive else { return }
        step = max(1, step - 1)
        stepTitle = sop.steps[step - 1].title
        blocksDone = 0
    }

    public mutating func abort() {
        guard isActive else { return }
        state = .aborted
    }

    /// The SOP file changed since `digest`: find the current step again by its title. Returns what happened,
    /// for the person to read (nil when the current step is where it was).
    public mutating func follow(_ sop: SOP, digest: String) -> String? {
        guard digest != self.digest else { return nil }
        self.digest = digest
        steps = sop.steps.count
        var note = "The SOP \(sop.name) changed since this session started"
        if let index = sop.stepIndex(titled: stepTitle) {
            if index + 1 != step { note += "; step “\(stepTitle)” is now step \(index + 1)" }
            step = index + 1
        } else {
            step = min(step, sop.steps.count)
            stepTitle = sop.steps[step - 1].title
            blocksDone = 0
            note += "; its step was not found by title, so the session continues at step \(step), “\(stepTitle)”"
        }
        return note + "."
    }

    private mutating func finish(_ sop: SOP, _ result: Result, reason: String?, at: String) {
        guard isActive else { return }
        history.append(Entry(step: step, title: stepTitle, result: result, reason: reason, at: at))
        blocksDone = 0
        if step >= sop.steps.count {
            state = .done
        } else {
            step += 1
            stepTitle = sop.steps[step - 1].title
        }
    }
}
