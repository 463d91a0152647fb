import Foundation
import OpsCore

/// The migrations on disk, read the way Prisma reads them (`<dir>/<name>/migration.sql`, applied in name
/// order), with the checksums `_prisma_migrations` is compared against.
///
/// Where Prisma stops on a folder without `migration.sql`, this warns and goes on, so one half-created
/// folder does not hide the state of every environment.
public struct MigrationsFolder: Sendable {
    /// Sorted by name, the order they apply in.
    public private(set) var migrations: [LocalMigration]
    /// Things worth telling the user that do not stop the command (skipped folders, a non-Postgres lock file).
    public var warnings: [String]

    private var indexByName: [String: Int]

    /// `migrations` are sorted by name here, whatever order they come in.
    public init(migrations: [LocalMigration], warnings: [String] = []) {
        self.migrations = migrations.sorted { $0.name < $1.name }
        self.warnings = warnings
        indexByName = Dictionary(self.migrations.enumerated().map { ($1.name, $0) }) { first, _ in first }
    }

    /// The migration whose folder is called `name`, if there is one.
    public func migration(named name: String) -> LocalMigration? {
        indexByName[name].map { migrations[$0] }
    }

    public static let lockFileName = "migration_lock.toml"
    public static let scriptName = "migration.sql"

    /// Reads `directory` (absolute); `displayPath` is the same directory as messages should show it.
    /// Each `migration.sql` must really be a regular file inside the migrations directory: a symbolic link
    /// that leads out of it (to `/proc/self/environ`, to the project's `.env`) or a FIFO is refused unread.
    /// The directory itself may be a link (a shared folder in a monorepo): its real path is what bounds them.
    public static func load(directory: String, displayPath: String) throws -> MigrationsFolder {
        try MigrationsFolderReader(directory: directory, displayPath: displayPath).read()
    }
}

/// The scan behind `MigrationsFolder.load`.
struct MigrationsFolderReader {
    let directory: String
    let displayPath: String

    func read() throws(WorkspaceError) -> MigrationsFolder {
        guard FileSystem.kind(of: directory) == .directory else {
            throw .migrationsDirectoryNotFound(path: displayPath, configuredAt: nil)
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableFile(path: displayPath, reason: "cannot list the directory")
        }
        var warnings: [String] = []
        var names: [String] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = directory + "/" + entry
            if entry == MigrationsFolder.lockFileName {
                if let warning = lockFileWarning(path) { warnings.append(warning) }
                continue
            }
            guard FileSystem.kind(of: path) == .directory else { continue }  // README.md and other strays
            guard MigrationName.isValid(entry) else {
                throw .malformedMigrationName(directory: displayPath, name: entry)
            }
            guard FileSystem.kind(of: path + "/" + MigrationsFolder.scriptName) != .missing else {
                warnings.append("\(displayPath)/\(entry) has no \(MigrationsFolder.scriptName); skipped it. "
                    + "Add the file or delete the folder.")
                continue
            }
            names.append(entry)
        }
        let migrations = try names.map { name throws(WorkspaceError) in try migration(named: name) }
        return MigrationsFolder(migrations: migrations, warnings: warnings)
    }

    private func migration(named name: String) throws(WorkspaceError) -> LocalMigration {
        let display = "\(displayPath)/\(name)/\(MigrationsFolder.scriptName)"
        // The checksums cover the file's bytes as Prisma hashes them (a BOM included); the server must not see the BOM.
        var (sql, sums) = try FileSystem.readContainedText(directory + "/" + name + "/" + MigrationsFolder.scriptName,
                                                           display: display, allowed: [directory],
                                                           inspect: LocalMigration.checksums)
        if sql.hasPrefix("\u{FEFF}") { sql.removeFirst() }
        return LocalMigration(name: name, sql: sql, checksum: sums.0, alternateChecksums: sums.1, path: display)
    }

    /// Prisma writes `provider = "postgresql"`; anything else means the folder was made for another database.
    private func lockFileWarning(_ path: String) -> String? {
        let display = "\(displayPath)/\(MigrationsFolder.lockFileName)"
        guard let text = try? FileSystem.readText(path, display: display) else {
            return "\(display) could not be read as UTF-8 text; ignored it."
        }
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "provider" else { continue }
            let provider = parts[1].split(separator: "#").first.map(String.init) ?? ""
            let value = provider.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            if value == "postgresql" || value == "postgres" { return nil }
            return "\(display) says provider = \"\(value)\", not \"postgresql\": these migrations may have been "
                + "written for another database."
        }
        return "\(display) names no provider; expected provider = \"postgresql\"."
    }
}
