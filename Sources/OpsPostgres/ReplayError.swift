/// A migration that failed while being replayed on a shadow database: which file, where in it, and the
/// server's reason — an expected outcome the user fixes in that file, so it reads as advice.
public struct ReplayError: Error, CustomStringConvertible, Sendable, Equatable {
    public var migrationName: String
    /// Path of the migration file, relative to the project root.
    public var path: String
    public var sqlstate: String?
    public var message: String
    /// 1-based line in the migration file: of the failing statement, or of the error position inside it.
    public var line: Int?

    public init(migrationName: String, path: String, sqlstate: String?, message: String, line: Int?) {
        self.migrationName = migrationName
        self.path = path
        self.sqlstate = sqlstate
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        let code = sqlstate.map { " (SQLSTATE \($0))" } ?? ""
        return "migration \(migrationName) (\(location)) failed while replaying on the shadow database: "
            + "\(message)\(code). Fix the SQL in that file, or check that earlier migrations create what it needs."
    }
}
