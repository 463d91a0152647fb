import OpsCore
import OpsPlaybooks

/// Keyword retrieval over SOP steps for `ask`: each step scored by the question's words found in its title,
/// prose and blocks (title words count double); the best few, with their text.
enum SOPSections {
    struct Section {
        var sop: String, step: Int, title: String, text: String, score: Int
    }

    static let stopWords: Set<String> = ["a", "an", "the", "how", "do", "i", "to", "is", "it", "of", "in", "on", "and", "or",
                                         "what", "can", "should", "my", "we", "for", "with", "be", "are", "does", "when"]

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init)
            .filter { $0.count > 1 && !stopWords.contains($0) })
    }

    static func relevant(to question: String, in catalog: SOPCatalog, limit: Int = 3) -> [Section] {
        let asked = words(question)
        var out: [Section] = []
        for entry in catalog.entries {
            guard let sop = try? entry.sop.get() else { continue }
            for (i, step) in sop.steps.enumerated() {
                let body = (step.prose + step.blocks.map(\.text) + step.gates.map(\.description)).joined(separator: "\n")
                let score = 2 * asked.intersection(words(step.title)).count + asked.intersection(words(body)).count
                guard score > 0 else { continue }
                out.append(Section(sop: sop.name, step: i + 1, title: step.title,
                                   text: String(body.replacingOccurrences(of: "**", with: "").prefix(1200)), score: score))
            }
        }
        return Array(out.sorted { ($0.score, -$0.step) > ($1.score, -$1.step) }.prefix(limit))
    }
}
