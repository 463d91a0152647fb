/// The shape of each console command, for completion: which argument goes where and which flags it takes.
/// Mirrors the CLI's `ArgumentParser` definitions in `Sources/evermed-ops`.
struct CommandSpec: Sendable {
    enum Slot: Sendable { case environment, environmentOrAll, side, migration, table, sopVerb, sopName, topic }

    /// Positional arguments in order.
    var slots: [Slot] = []
    /// A slot that may repeat after the fixed ones (`status staging production`).
    var repeating: Slot?
    /// Flags offered once the positional arguments are typed.
    var flagNames: [String] = []
    /// Flags of which only one may be given.
    var exclusive = false
    /// Flags that take a value (the next word).
    var valueFlags: Set<String> = []

    static let all: [String: CommandSpec] = [
        "status": CommandSpec(repeating: .environment),
        "check": CommandSpec(slots: [.environmentOrAll], repeating: .environment),
        "diff": CommandSpec(slots: [.side, .side]),
        "deploy": CommandSpec(slots: [.environment], flagNames: ["--dry-run"]),
        "resolve": CommandSpec(slots: [.environment, .migration], flagNames: ["--applied", "--rolled-back"],
                               exclusive: true),
        "baseline": CommandSpec(slots: [.environment], flagNames: ["--to"], valueFlags: ["--to"]),
        "audit": CommandSpec(slots: [.environment]),
        "describe": CommandSpec(slots: [.environment, .table]),
        "sop": CommandSpec(slots: [.sopVerb, .sopName]),
        "help": CommandSpec(slots: [.topic]),
        "next": CommandSpec(),
        "quit": CommandSpec(),
    ]

    /// The positional arguments among `args`: flags and the values of value flags removed.
    func positionals(_ args: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for arg in args {
            if skipNext { skipNext = false; continue }
            if arg.hasPrefix("-") {
                skipNext = valueFlags.contains(arg.lowercased())
                continue
            }
            out.append(arg)
        }
        return out
    }

    /// Flags not typed yet (none left once an exclusive one is).
    func flags(afterUsing used: Set<String>) -> [String] {
        if exclusive && flagNames.contains(where: used.contains) { return [] }
        return flagNames.filter { !used.contains($0) }
    }
}
