import Foundation
import OpsCore
import OpsEngine

/// `diagnose --explain`, `ask` and `--show-prompt`. A streamed answer was printed as it arrived; the result then
/// adds only its footer (the model, the tool calls).
public enum LLMRenderer {
    public static func explanation(_ r: ExplanationReport, style: Style) -> String {
        var out: [String] = []
        if !r.streamed { out += [DiagnosisRenderer.human(r.diagnosis, style: style), "", style.bold("Explanation"), r.text] }
        out.append(style.dim("— \(r.model)" + (r.toolCalls.isEmpty ? "" : ", after \(Plural.count(r.toolCalls.count, "read-only tool call"))")
            + ". It only explains: every command above is yours to run, through its gates."))
        return out.joined(separator: "\n")
    }

    public static func explanationJSON(_ r: ExplanationReport) -> String {
        let diagnosis = DiagnosisRenderer.json(r.diagnosis)
        struct Extra: Encodable { var explanation: String, model: String, tool_calls: [String] }
        let extra = JSON.encode(Extra(explanation: r.text, model: r.model, tool_calls: r.toolCalls))
        // One document: the diagnosis's keys and the explanation's.
        guard let a = try? JSONSerialization.jsonObject(with: Data(diagnosis.utf8)) as? [String: Any],
              let b = try? JSONSerialization.jsonObject(with: Data(extra.utf8)) as? [String: Any],
              let data = try? JSONSerialization.data(withJSONObject: a.merging(b) { x, _ in x },
                                                     options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return diagnosis }
        return String(decoding: data, as: UTF8.self)
    }

    public static func answer(_ r: AnswerReport, style: Style) -> String {
        var out: [String] = r.streamed ? [] : [r.text]
        if !r.sources.isEmpty { out.append(style.dim("grounded in: " + r.sources.joined(separator: "; "))) }
        out.append(style.dim("— \(r.model)" + (r.toolCalls.isEmpty ? "" : ", after \(Plural.count(r.toolCalls.count, "read-only tool call"))")))
        return out.joined(separator: "\n")
    }

    public static func answerJSON(_ r: AnswerReport) -> String {
        struct Doc: Encodable { var question: String, answer: String, model: String, sources: [String], tool_calls: [String] }
        return JSON.encode(Doc(question: r.question, answer: r.text, model: r.model, sources: r.sources, tool_calls: r.toolCalls))
    }

    /// The request body, pretty-printed.
    public static func prompt(_ body: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return body }
        return String(decoding: data, as: UTF8.self)
    }
}
