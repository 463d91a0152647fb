import Foundation
import OpsCore
import OpsEngine
import OpsPlaybooks
import OpsWorkspace

/// SOPs and guided sessions: `sop list`, `sop show`, `sop status`, a step's outcome, and the narration of a
/// step as it runs (`event`).
public enum SOPRenderer {
    // MARK: - list / show / init

    public static func list(_ r: SOPListReport, style: Style) -> String {
        guard !r.entries.isEmpty else { return "No SOPs." }
        var t = TextTable(["name", "steps", "source", "title"])
        for e in r.entries {
            let title = e.error.map { style.red("broken: " + VisibleText.line($0)) } ?? VisibleText.line(e.title)
            t.add([e.name, e.error == nil ? "\(e.steps)" : "-", VisibleText.line(e.source.label), title])
        }
        return t.render(style) + "\n" + style.dim("`sop show NAME` lists a procedure's steps; `sop start NAME` walks you through it.")
    }

    public static func listJSON(_ r: SOPListReport) -> String {
        struct Item: Encodable {
            var name: String, title: String, steps: Int, source: String, error: String?
            enum CodingKeys: String, CodingKey { case name, title, steps, source, error }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(name, forKey: .name)
                try c.encode(title, forKey: .title)
                try c.encode(steps, forKey: .steps)
                try c.encode(source, forKey: .source)
                try c.encode(error, forKey: .error)
            }
        }
        struct Doc: Encodable { var sops: [Item] }
        return JSON.encode(Doc(sops: r.entries.map {
            Item(name: $0.name, title: $0.title, steps: $0.steps, source: $0.source.label, error: $0.error)
        }))
    }

    public static func show(_ r: SOPShowReport, style: Style) -> String {
        let sop = r.sop
        var out = [style.bold(VisibleText.line(sop.title)) + style.dim("  (\(sop.name), \(r.entry.source.label), \(sop.steps.count) steps)")]
        if let summary = sop.summary { out.append(VisibleText.line(summary)) }
        for (i, step) in sop.steps.enumerated() {
            out.append("")
            out.append(style.bold("\(i + 1). \(VisibleText.line(step.title))"))
            if let why = step.prose.first(where: { $0.hasPrefix("**Why:**") }) { out.append("   " + style.dim(plain(why))) }
            for block in step.blocks { out.append("   " + blockLine(block, commands: r.commands, style: style)) }
            for gate in step.gates { out.append("   " + style.cyan("expect: \(gate)")) }
        }
        return out.joined(separator: "\n")
    }

    public static func showJSON(_ r: SOPShowReport) -> String {
        struct Block: Encodable { var kind: String, text: String, command: String? }
        struct Step: Encodable { var index: Int, title: String, blocks: [Block], gates: [String] }
        struct Doc: Encodable { var name: String, title: String, steps: [Step] }
        let steps = r.sop.steps.enumerated().map { i, step in
            Step(index: i + 1, title: step.title, blocks: step.blocks.map { block in
                guard case let .command(name) = block else { return Block(kind: block.kind, text: block.text, command: nil) }
                if let c = r.commands.first(where: { $0.name == name }) { return Block(kind: "sh", text: c.command, command: name) }
                return Block(kind: "confirm", text: notConfigured(name), command: name)
            }, gates: step.gates.map(\.description))
        }
        return JSON.encode(Doc(name: r.sop.name, title: r.sop.title, steps: steps))
    }

    public static func initialized(_ r: SOPInitReport, style: Style) -> String {
        var out = r.written.map { style.green("wrote ") + $0 }
        out += r.kept.map { style.dim("kept  \($0) (already there; never overwritten)") }
        out.append("Edit them there: a project SOP overrides the shipped one of the same name (`sop list` shows which is used).")
        return out.joined(separator: "\n")
    }

    public static func initJSON(_ r: SOPInitReport) -> String {
        JSON.encode(["written": r.written, "kept": r.kept])
    }

    // MARK: - status

    public static func status(_ session: SOPSession?, _ sop: SOP?, style: Style) -> String {
        guard let s = session else {
            return "No SOP session in progress. `sop list` shows the procedures; `sop start NAME` starts one."
        }
        let state = s.isActive ? "" : style.dim(" [\(s.state.rawValue)]")
        var out = [style.bold("\(s.sop) \(s.step)/\(s.steps)") + " — " + VisibleText.line(s.stepTitle) + state
            + style.dim("  (session \(s.id), started \(shortTime(s.startedAt)) UTC)")]
        for e in s.history {
            let mark = e.result == .done ? style.green("✓") : e.result == .skipped ? style.yellow("↷") : style.red("✗")
            out.append("  \(mark) \(e.step). \(VisibleText.line(e.title))" + (e.reason.map { style.dim(" — " + VisibleText.line($0)) } ?? "")
                       + style.dim("  \(shortTime(e.at))"))
        }
        if sop == nil { out.append(style.red("The SOP \(s.sop) no longer loads: `sop list` shows its error.")) }
        if s.isActive {
            out.append(style.dim("`sop next` runs step \(s.step); `sop skip REASON` skips it; `sop abort` ends the session."))
        } else {
            out.append(style.dim("No session in progress; `sop start NAME` starts one."))
        }
        return out.joined(separator: "\n")
    }

    public static func statusJSON(_ session: SOPSession?) -> String {
        struct Entry: Encodable {
            var step: Int, title: String, result: String, reason: String?, at: String
            enum CodingKeys: String, CodingKey { case step, title, result, reason, at }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(step, forKey: .step)
                try c.encode(title, forKey: .title)
                try c.encode(result, forKey: .result)
                try c.encode(reason, forKey: .reason)
                try c.encode(at, forKey: .at)
            }
        }
        struct Session: Encodable { var id: String, sop: String, step: Int, steps: Int, state: String, history: [Entry] }
        struct Doc: Encodable {
            var session: Session?
            enum CodingKeys: String, CodingKey { case session }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(session, forKey: .session)
            }
        }
        return JSON.encode(Doc(session: session.map { s in
            Session(id: s.id, sop: s.sop, step: s.step, steps: s.steps, state: s.state.rawValue, history: s.history.map {
                Entry(step: $0.step, title: $0.title, result: $0.result.rawValue, reason: $0.reason, at: $0.at)
            })
        }))
    }

    // MARK: - a step's outcome

    public static func step(_ r: SOPStepReport, style: Style) -> String {
        let s = r.session
        switch r.outcome {
        case .done:
            let finished = s.history.last.map { "Step \($0.step)/\(s.steps) done: \(VisibleText.line($0.title))." } ?? ""
            guard let current = r.current else { return style.green("✓ " + finished) + "\n" + complete(s, r.sop, style: style) }
            return style.green("✓ " + finished) + " Next: step \(s.step)/\(s.steps), " + style.bold(VisibleText.line(current.title))
                + " — `sop next`."
        case let .notDone(reasons, commands):
            var out = [style.yellow("Step \(s.step)/\(s.steps) is not done yet:")]
            out += reasons.map { "  • " + VisibleText.line($0) }
            if !commands.isEmpty { out.append("  then: " + commands.map { style.cyan($0) }.joined(separator: ", ")) }
            out.append(style.dim("Fix it and type `sop next` again (blocks that succeeded are not run again), or "
                + "`sop skip REASON`."))
            return out.joined(separator: "\n")
        case let .shown(what):
            switch what {
            case "aborted": return "The \(s.sop) session was aborted at step \(s.step)/\(s.steps); it stays in .evermed-ops/sessions/ and the audit log."
            case "skipped":
                let skipped = s.history.last.map { "Skipped step \($0.step)/\(s.steps), \(VisibleText.line($0.title))" } ?? "Skipped"
                guard r.current != nil else { return skipped + ".\n" + complete(s, r.sop, style: style) }
                return skipped + ". " + here(r, style: style)
            case "started":
                var out = [style.bold("Started \(r.sop.title)") + style.dim("  (\(r.sop.name), \(r.sop.steps.count) steps, session \(s.id))")]
                out += r.sop.intro.map { plain($0) }
                out.append(here(r, style: style))
                return out.joined(separator: "\n")
            case "back", "resumed": return here(r, style: style)
            default: return VisibleText.line(what) + "\n" + here(r, style: style)
            }
        }
    }

    public static func stepJSON(_ r: SOPStepReport) -> String {
        struct Current: Encodable { var index: Int, title: String }
        struct Doc: Encodable {
            var sop: String, session: String, state: String, step: Int, steps: Int, outcome: String
            var reasons: [String], commands: [String], current: Current?, note: String?
        }
        let s = r.session
        var outcome = "done", reasons: [String] = [], commands: [String] = [], note: String?
        switch r.outcome {
        case .done: break
        case let .notDone(rs, cs): (outcome, reasons, commands) = ("not_done", rs, cs)
        case let .shown(what): outcome = what; if !["started", "back", "resumed", "skipped", "aborted"].contains(what) { note = what }
        }
        return JSON.encode(Doc(sop: s.sop, session: s.id, state: s.state.rawValue, step: s.step, steps: s.steps,
                               outcome: outcome, reasons: reasons, commands: commands,
                               current: r.current.map { Current(index: s.step, title: $0.title) }, note: note))
    }

    /// Where the session stands and what to type.
    static func here(_ r: SOPStepReport, style: Style) -> String {
        guard let step = r.current else { return complete(r.session, r.sop, style: style) }
        var out = ["", header(step, number: r.session.step, total: r.session.steps, style: style)]
        out += step.prose.map { "  " + plain($0) }
        let parts = step.blocks.map(\.kind) + (step.gates.isEmpty ? [] : ["gates"])
        let what = parts.isEmpty ? "read it and confirm" : Set(parts).sorted().joined(separator: ", ")
        out.append(style.dim("  `sop next` runs this step (\(what)); `sop skip REASON` skips it."))
        return out.joined(separator: "\n")
    }

    static func complete(_ s: SOPSession, _ sop: SOP, style: Style) -> String {
        let done = Set(s.history.filter { $0.result == .done }.map(\.step))
        let skipped = Set(s.history.filter { $0.result == .skipped }.map(\.step)).subtracting(done)
        return style.green("\(sop.title): all \(s.steps) steps finished") + " (\(done.count) done, \(skipped.count) skipped). "
            + "`what next?` checks everything again."
    }

    // MARK: - narration

    /// One event of a running step, for stderr-or-stdout (the caller decides).
    public static func event(_ e: SOPEvent, style: Style) -> String {
        switch e {
        case let .step(step, number, total, note):
            var out = note.map { [style.yellow(VisibleText.line($0))] } ?? []
            out.append(header(step, number: number, total: total, style: style))
            out += step.prose.map { "  " + plain($0) }
            return out.joined(separator: "\n")
        case let .resumed(done, total):
            return style.dim("  (\(done) of \(total) blocks already done in an earlier `sop next`; continuing after them)")
        case let .block(block, resolved, _, _):
            switch block {
            case .ops: return block.lines.map { style.cyan("▸ ") + style.bold(VisibleText.line($0)) }.joined(separator: "\n")
            case let .sh(script): return script.split(separator: "\n").map { style.cyan("$ ") + VisibleText.line(String($0)) }.joined(separator: "\n")
            case let .command(name):
                return resolved.map { style.cyan("$ ") + VisibleText.line($0) + style.dim("   (\(name))") }
                    ?? style.cyan("▸ ") + "\(name)"
            case .confirm: return ""
            }
        case let .notConfigured(name):
            return style.yellow("  `\(name)` is not configured (add `commands: { \(name): \"…\" }` to evermed-ops.yml to run it from here).")
        case let .exited(status, interrupted):
            if interrupted { return style.yellow("  interrupted (exit \(status))") }
            return status == 0 ? style.green("  exit 0") : style.red("  exit \(status)")
        case let .gates(outcomes):
            return outcomes.map { o in
                (o.holds ? style.green("  ✓ ") : style.red("  ✗ ")) + style.bold(o.gate.description) + " — " + VisibleText.line(o.detail)
                    + (o.holds ? "" : o.command.map { "  → " + style.cyan($0) } ?? "")
            }.joined(separator: "\n")
        }
    }

    static func header(_ step: SOPStep, number: Int, total: Int, style: Style) -> String {
        style.bold("── Step \(number)/\(total) · \(VisibleText.line(step.title)) ──")
    }

    static func blockLine(_ block: SOPBlock, commands: [ProjectCommand], style: Style) -> String {
        switch block {
        case .ops: return block.lines.map { style.cyan("ops  ") + VisibleText.line($0) }.joined(separator: "\n   ")
        case let .sh(script): return style.cyan("sh   ") + VisibleText.line(script.split(separator: "\n").joined(separator: " ⏎ "))
        case let .command(name):
            return style.cyan("run  ") + (commands.first { $0.name == name }.map { "\(name): " + VisibleText.line($0.command) }
                ?? "\(name) " + style.dim("(not configured: a manual confirmation)"))
        case let .confirm(text): return style.cyan("[ ]  ") + VisibleText.line(text)
        }
    }

    static func notConfigured(_ name: String) -> String {
        "`\(name)` passed (not configured: add commands.\(name) to evermed-ops.yml to run it from the step)"
    }

    /// Markdown emphasis dropped for the terminal; each line made visible-safe and a long paragraph wrapped at
    /// `width` columns (the step's indent included), at spaces. Indented example lines are left as written.
    static func plain(_ text: String, width: Int = 98) -> String {
        text.replacingOccurrences(of: "**", with: "").split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { line -> [String] in
                let visible = VisibleText.line(String(line))
                guard !visible.hasPrefix(" "), visible.count > width - 2 else { return [visible] }
                var lines: [String] = [], current = ""
                for word in visible.split(separator: " ") {
                    if !current.isEmpty && current.count + 1 + word.count > width - 2 {
                        lines.append(current)
                        current = String(word)
                    } else {
                        current += (current.isEmpty ? "" : " ") + word
                    }
                }
                if !current.isEmpty { lines.append(current) }
                return lines
            }.joined(separator: "\n  ")
    }

    static func shortTime(_ iso: String) -> String { String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") }
}
