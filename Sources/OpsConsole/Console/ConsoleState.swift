import OpsCore

/// What the console remembers between lines: table names from the last introspection of each environment
/// (so Tab after `describe ENV` needs no query), the secrets to keep out of history, the active playbook.
struct ConsoleState {
    var tables: [String: [String]] = [:]
    /// The router's context as of the last line, reused by Tab.
    var context: RouterContext?
    var redactor = Redactor()
    /// `database-changes 5/14` while a playbook session is active (read from the session store after each line).
    var activeSOP: (name: String, step: Int, total: Int)?
    /// The unfinished session the person chose not to resume when the console opened: not shown, and `next`
    /// is the advice, until `sop resume` (or any `sop` command) picks it up.
    var pausedSession: String?
    /// The environment of the last `diagnose`, for a bare `explain`.
    var lastDiagnosed: String?

    var prompt: String {
        guard let sop = activeSOP else { return "evermed-ops> " }
        return "evermed-ops [\(sop.name) \(sop.step)/\(sop.total)]> "
    }
}
