import Foundation
import PackagePlugin

/// Builds the repository's shipped text files into a target, so the binary carries them wherever it is copied:
/// `sops/*.md` into OpsPlaybooks (`ShippedSOPs.files`), `prompts/*.md` into OpsLLM (`ShippedPrompts.files`).
/// The files are the command's inputs: editing one rebuilds the target.
@main
struct EmbedText: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let (folderName, enumName) = target.name == "OpsLLM" ? ("prompts", "ShippedPrompts") : ("sops", "ShippedSOPs")
        let folder = context.package.directoryURL.appending(path: folderName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: enumName + ".swift")
        return [.buildCommand(displayName: "Embedding \(files.count) shipped \(folderName)",
                              executable: try context.tool(named: "embed-text").url,
                              arguments: [output.path, enumName, folderName] + files.map(\.path),
                              inputFiles: files, outputFiles: [output])]
    }
}
