import Foundation
import PackagePlugin

/// Builds the repository's `sops/*.md` into OpsPlaybooks (`ShippedSOPs.files`), so the binary carries the
/// shipped SOPs wherever it is copied. The files are the command's inputs: editing one rebuilds the target.
@main
struct EmbedSOPs: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "sops")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "ShippedSOPs.swift")
        return [.buildCommand(displayName: "Embedding \(files.count) shipped SOPs",
                              executable: try context.tool(named: "embed-sops").url,
                              arguments: [output.path] + files.map(\.path),
                              inputFiles: files, outputFiles: [output])]
    }
}
