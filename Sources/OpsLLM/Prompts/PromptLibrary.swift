import Foundation
import Mustache

/// The prompt templates: the repository's `prompts/` (built into the binary by the EmbedText plugin), overridden
/// by name by a project's own `prompts/` folder. Rendered with Mustache (`{{name}}`, `{{#list}}…{{/list}}`).
public struct PromptLibrary: Sendable {
    public struct Template: Sendable {
        public var name: String
        /// `prompts/diagnose.md (shipped)` or the project file.
        public var source: String
        public var text: String
    }

    public private(set) var templates: [String: Template]

    /// - Parameter projectDirectory: the project's `prompts/` folder, when it has one.
    public init(projectDirectory: String? = nil) {
        var byName: [String: Template] = [:]
        for (name, text) in ShippedPrompts.files {
            byName[name] = Template(name: name, source: "prompts/\(name).md (shipped)", text: text)
        }
        if let dir = projectDirectory, let files = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for file in files where file.hasSuffix(".md") && file.lowercased() != "readme.md" {
                let path = dir + "/" + file
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let name = String(file.dropLast(3))
                byName[name] = Template(name: name, source: "prompts/\(file)", text: String(decoding: data, as: UTF8.self))
            }
        }
        templates = byName
    }

    public func render(_ name: String, _ context: [String: Any]) throws(PromptError) -> String {
        guard let template = templates[name] else { throw .missing(name: name, known: templates.keys.sorted()) }
        let compiled: MustacheTemplate
        do { compiled = try MustacheTemplate(string: template.text) } catch {
            throw .broken(source: template.source, reason: String(describing: error))
        }
        return compiled.render(context)
    }
}

public enum PromptError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(name: String, known: [String])
    case broken(source: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(name, known):
            return "There is no prompt template \(name).md (known: \(known.joined(separator: ", "))). Restore it in prompts/, "
                + "or remove the project's empty override."
        case let .broken(source, reason):
            return "The prompt template \(source) does not parse (\(reason)): fix its {{…}} tags."
        }
    }
}
