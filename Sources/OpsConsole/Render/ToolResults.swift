import Foundation
import OpsCore
import OpsEngine
import OpsPlaybooks

/// The JSON a read-only tool call returns (to the LLM's agent loop and to MCP clients): the command's own
/// `--json` document, or for the folder tools the migrations' names and one file's SQL.
public enum ToolResults {
    public static func json(_ invocation: ToolRegistry.Invocation, runner: ActionRunner) throws -> String {
        switch invocation {
        case let .action(action):
            guard !action.isMutating else { throw ToolError.mutating(tool: action.command) }
            // A tool reads the migrations folder, never an arbitrary file of the machine.
            if case let .lint(request) = action, let target = request.targets.first(where: { runner.engine.folder.migration(named: $0) == nil }) {
                throw ToolError.badArguments(tool: "lint", reason: "no migration named \(VisibleText.line(target)) (list_migrations names them)")
            }
            var quiet = runner
            quiet.sop = nil
            quiet.llm = nil
            return ResultRenderer.json(try quiet.run(action))
        case .listMigrations:
            struct Item: Encodable { var name: String, path: String }
            return JSON.encode(["migrations": runner.engine.folder.migrations.map { Item(name: $0.name, path: $0.path) }])
        case let .readMigration(name):
            guard let m = runner.engine.folder.migration(named: name) else {
                throw ToolError.badArguments(tool: "read_migration", reason: "no migration named \(VisibleText.line(name)) "
                    + "(list_migrations names them)")
            }
            let lines = m.sql.split(separator: "\n", omittingEmptySubsequences: false)
            let shown = lines.prefix(400).joined(separator: "\n") + (lines.count > 400 ? "\n-- … \(lines.count - 400) more lines" : "")
            return JSON.encode(["name": m.name, "path": m.path, "sql": shown])
        case let .sopShow(name):
            return ResultRenderer.json(try runner.run(.sopShow(name: name)))
        }
    }
}
