/// Why a backup could not be made. Every text is free of the connection's password: pg_dump's stderr is
/// redacted before it is stored here.
public enum BackupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No pg_dump under /usr/lib/postgresql/<N>/bin nor on PATH.
    case pgDumpNotFound(serverMajor: Int)
    /// The directory or the output file could not be created.
    case cannotCreate(path: String, reason: String)
    /// A conninfo keyword that has no environment variable, so it cannot reach pg_dump without argv.
    case unsupportedOption(String)
    /// pg_dump exited non-zero (or was killed); `stderr` is redacted.
    case failed(status: Int32, stderr: String)
    /// pg_dump reported success but wrote nothing.
    case emptyFile(path: String)

    public var description: String {
        switch self {
        case .pgDumpNotFound(let major):
            return "pg_dump not found: install the PostgreSQL \(major) client (e.g. postgresql-client-\(major)) "
                + "or put a pg_dump of version \(major) or newer on PATH"
        case .cannotCreate(let path, let reason):
            return "cannot create the backup file \(path): \(reason)"
        case .unsupportedOption(let keyword):
            return "the connection option \(keyword) cannot be passed to pg_dump through its environment; "
                + "move it to a service file (PGSERVICEFILE) or remove it"
        case .failed(let status, let stderr):
            let text = stderr.isEmpty ? "no error output" : stderr
            return "pg_dump failed (exit status \(status)): \(text)"
        case .emptyFile(let path):
            return "pg_dump exited successfully but \(path) is empty"
        }
    }
}
