import Foundation
import OpsCore

/// Where a backup was written and how big it is.
public struct BackupResult: Equatable, Sendable {
    public var path: String
    public var bytes: Int
}

/// `pg_dump -Fc` of a database into a directory: the backup gate in front of a protected environment's
/// deploy. The custom format is the one `pg_restore` can list and restore selectively.
public enum Backup {
    /// Dumps the database `conninfo` names into `<directory>/<environment>-<UTC timestamp>.dump`.
    ///
    /// The connection reaches pg_dump only through its environment (see `PgDumpCommand`); the file is
    /// created first with mode 0600 (a dump holds every row) and removed again when pg_dump fails or writes
    /// nothing. A pg_dump matching `serverVersion`'s major is preferred, since an older pg_dump refuses a
    /// newer server ("aborting because of server version mismatch").
    /// Throws `BackupError`; its text never contains the password.
    public static func dump(conninfo: String, environment name: String, to directory: String,
                            serverVersion: Int) throws -> BackupResult {
        let major = serverVersion >= 100000 ? serverVersion / 10000 : serverVersion / 100
        guard let pgDump = PgDumpCommand.locate(serverVersion: serverVersion) else {
            throw BackupError.pgDumpNotFound(serverMajor: major)
        }
        let inherited = ProcessInfo.processInfo.environment
        var redactor = Redactor()
        for secret in [ConnInfo.password(conninfo), inherited["PGPASSWORD"]].compactMap({ $0 }) { redactor.add(secret) }

        // Validate the connection options before anything is created on disk.
        _ = try PgDumpCommand.make(conninfo: conninfo, pgDump: pgDump, output: "", inherited: inherited)
        let path = try createOutputFile(in: directory, environment: name)
        let command = try PgDumpCommand.make(conninfo: conninfo, pgDump: pgDump, output: path, inherited: inherited)
        let (status, stderr) = try run(command)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw BackupError.failed(status: status, stderr: redactor.redact(stderr.trimmed))
        }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard bytes > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw BackupError.emptyFile(path: path)
        }
        return BackupResult(path: path, bytes: bytes)
    }

    /// Runs the child with no stdin (so nothing can prompt) and collects its stderr.
    static func run(_ command: PgDumpCommand) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        process.environment = command.environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw BackupError.failed(status: -1, stderr: "cannot start \(command.executable): \(error.localizedDescription)")
        }
        // Read to EOF before waiting: a child blocked on a full pipe would otherwise never exit.
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `<directory>/<environment>-<yyyyMMddTHHmmssZ>.dump`, created empty with mode 0600 and O_EXCL so two
    /// backups in the same second get `-2`, `-3`… instead of overwriting each other. The directory is created
    /// (0700) when missing.
    static func createOutputFile(in directory: String, environment name: String, now: Date = Date()) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw BackupError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let safeName = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        let stem = "\(directory)/\(safeName)-\(formatter.string(from: now))"
        for attempt in 1...20 {
            let path = attempt == 1 ? "\(stem).dump" : "\(stem)-\(attempt).dump"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                close(fd)
                return path
            }
            if errno != EEXIST {
                throw BackupError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
        }
        throw BackupError.cannotCreate(path: "\(stem).dump", reason: "too many backups in the same second")
    }
}
