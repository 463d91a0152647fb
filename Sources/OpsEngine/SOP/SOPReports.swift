import OpsCore
import OpsPlaybooks
import OpsWorkspace

/// Something a guided session says while a step runs, in order; the print site renders each as it comes.
public enum SOPEvent: Sendable {
    /// The step about to run (its header and prose), with a note when the SOP file changed.
    case step(SOPStep, number: Int, total: Int, note: String?)
    /// Blocks of this step that finished in an earlier `sop next` and are not run again.
    case resumed(done: Int, total: Int)
    /// A block about to run: its kind and full text (a project command with its configured command line).
    case block(SOPBlock, resolved: String?, number: Int, total: Int)
    /// A project command the config does not define: the step asks for a manual confirmation instead.
    case notConfigured(name: String)
    /// A shell block or project command ended.
    case exited(status: Int32, interrupted: Bool)
    case gates([GateEvaluator.Outcome])
}

/// The outcome of `sop next` (or the step `sop start`/`back`/`skip`/`resume` lands on).
public struct SOPStepReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The step ran and its gates hold; the session moved on (or is done).
        case done
        /// The step stays current: why, and what to type.
        case notDone(reasons: [String], commands: [String])
        /// Nothing ran: the session was only moved or shown (start, back, skip, resume, abort).
        case shown(String)
    }

    public var session: SOPSession
    public var sop: SOP
    public var outcome: Outcome
    /// The step the session is on now (nil once done or aborted).
    public var current: SOPStep? { session.isActive ? sop.steps[session.step - 1] : nil }
}

/// `sop list`.
public struct SOPListReport: Sendable {
    public var entries: [SOPCatalog.Entry]
}

/// `sop show NAME`: the SOP, and the project commands its `> run:` blocks name.
public struct SOPShowReport: Sendable {
    public var entry: SOPCatalog.Entry
    public var sop: SOP
    public var commands: [ProjectCommand]
}

/// `sop init`.
public struct SOPInitReport: Sendable {
    public var folder: String
    public var written: [String]
    public var kept: [String]
}
