/// What the live catalog says about a failed migration's effects, and the `resolve` mark it supports.
/// Backs the choice between `--applied` and `--rolled-back` with evidence instead of memory.
public struct ResolveEvidence: Equatable, Sendable {
    /// One effect of the migration and whether its expected end state holds in the live database
    /// (created or renamed → exists; dropped → absent).
    public struct Item: Equatable, Sendable {
        public var reference: ObjectReference
        public var present: Bool

        public init(reference: ObjectReference, present: Bool) {
            self.reference = reference
            self.present = present
        }
    }

    public enum Recommendation: String, Codable, Sendable {
        /// Every effect is in place: the migration completed; `--applied`.
        case applied
        /// No effect is in place: it left nothing behind; `--rolled-back`, and the next deploy re-runs it.
        case rolledBack = "rolled_back"
        /// Some effects are in place: clean up the leftovers before `--rolled-back`, or finish by hand before `--applied`.
        case partial
        /// The SQL names nothing that can be checked (DO blocks, data changes, unparsed statements).
        case unknown
    }

    public var items: [Item]
    public var recommendation: Recommendation
    public var explanation: String
    /// For `.partial`: SQL that removes the leftovers (text only; nothing here runs it), dependents first.
    public var compensatingSQL: [String]
    /// ALTER COLUMN / ADD VALUE changes: the object exists either way, so its name proves nothing.
    public var unverifiable: [ObjectReference]

    public init(items: [Item], recommendation: Recommendation, explanation: String,
                compensatingSQL: [String] = [], unverifiable: [ObjectReference] = []) {
        self.items = items
        self.recommendation = recommendation
        self.explanation = explanation
        self.compensatingSQL = compensatingSQL
        self.unverifiable = unverifiable
    }
}
