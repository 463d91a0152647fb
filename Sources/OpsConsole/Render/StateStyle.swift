import OpsCore

extension Style {
    /// Colour for a migration state: green done, yellow to do, red needs a person.
    func state(_ state: MigrationState, _ text: String? = nil) -> String {
        let t = text ?? state.rawValue
        switch state {
        case .applied: return green(t)
        case .pending: return yellow(t)
        case .failed, .missingLocally: return red(t)
        case .modified: return magenta(t)
        case .rolledBack: return dim(t)
        }
    }

    func advice(_ advice: Advice) -> String {
        let mark: String
        switch advice.severity {
        case .ok: mark = green("✔")
        case .info: mark = yellow("●")
        case .warning: mark = yellow("▲")
        case .blocking: mark = red("✖")
        }
        var out = "\(mark) \(advice.verdict)"
        if let next = advice.next { out += "\n    next: " + cyan(next) }
        return out
    }

    func change(_ change: SchemaChange.Change) -> String {
        switch change {
        case .missing, .removed: return red(change.rawValue)
        case .unexpected, .added: return yellow(change.rawValue)
        case .changed: return magenta(change.rawValue)
        }
    }
}
