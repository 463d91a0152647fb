import OpsEngine
import OpsWorkspace

/// An error as the `--json` document of a command that could not run: `{"error": "…", "environment": …}`,
/// printed on stdout (the paragraph also goes to stderr), so a script reading `--json` always gets JSON.
enum ErrorRenderer {
    static func json(_ error: Error) -> String {
        struct Doc: Encodable {
            var error: String
            var environment: String?
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(error, forKey: .error)
                try c.encode(environment, forKey: .environment)
            }
            enum CodingKeys: String, CodingKey { case error, environment }
        }
        return JSON.encode(Doc(error: String(describing: error), environment: environment(of: error)))
    }

    /// The environment an error is about, when it names one.
    static func environment(of error: Error) -> String? {
        if let error = error as? EngineError { return error.environment }
        if let error = error as? WorkspaceError { return error.environment }
        return nil
    }
}
