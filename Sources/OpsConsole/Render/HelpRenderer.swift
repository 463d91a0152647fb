import OpsCore

/// `help` and `help COMMAND` (also `evermed-ops --help`, `evermed-ops COMMAND --help`), from the declarations in
/// `CommandRegistry`: every command with one line and an example; a command's usage, flags and details.
public enum HelpRenderer {
    public static func text(_ topic: String?, style: Style) -> String {
        if let topic {
            let family = CommandRegistry.all.filter { $0.path[0] == topic.lowercased() || $0.name == topic.lowercased() }
            if !family.isEmpty { return family.map { detail($0, style: style) }.joined(separator: "\n\n") }
        }
        var t = TextTable(["command", "what it does", "examples"])
        for d in CommandRegistry.all {
            t.add([d.name, d.summary, style.dim(d.examples.prefix(2).joined(separator: "   ·   "))])
        }
        let global = CommandRegistry.globalFlags.map(\.name).joined(separator: ", ")
        return t.render(style) + "\n\nEvery command also takes \(global). Plain words work too: \"how is production "
            + "doing\", \"compare staging with prod\", \"push migrations to staging\" (a phrase is a suggestion you "
            + "confirm: only a command's exact words run it). Environment names: prod/stg/dev also work for commands "
            + "that only read. `help COMMAND` explains one."
    }

    static func detail(_ d: CommandDefinition, style: Style) -> String {
        var out = [style.bold("evermed-ops " + d.usage), "  " + d.summary]
        if let details = d.details { out.append(details) }
        if !d.flags.isEmpty {
            var t = TextTable(["flag", "meaning"])
            for f in d.flags {
                t.add([[f.name, f.short].compactMap { $0 }.joined(separator: ", ") + (f.valueName.map { " " + $0 } ?? ""), f.help])
            }
            out.append(t.render(style, indent: "  "))
        }
        if !d.examples.isEmpty { out.append("  examples: " + d.examples.joined(separator: "   ·   ")) }
        return out.joined(separator: "\n")
    }

    public static func json(_ topic: String?) -> String {
        struct Flag: Encodable { var name: String, value: String?, help: String }
        struct Command: Encodable { var name: String, usage: String, summary: String, examples: [String], flags: [Flag], mutating: Bool }
        let commands = CommandRegistry.all.filter { topic == nil || $0.path[0] == topic }.map { d in
            Command(name: d.name, usage: d.usage, summary: d.summary, examples: d.examples,
                    flags: d.flags.map { Flag(name: $0.name, value: $0.valueName, help: $0.help) }, mutating: d.mutating)
        }
        return JSON.encode(["commands": commands])
    }
}
