import Foundation
import OpsCore

/// Remembers the schema that replaying a given set of migrations produced, so `check`/`diff` need not
/// replay 500 migrations into a shadow database every time.
///
/// A snapshot is keyed by everything that could change it: the cache format, the server's major version
/// and each migration's name and checksum, in order. A cache is only ever a shortcut: unreadable or corrupt
/// entries read as misses and failed writes are ignored (`store` reports them as `false`).
public struct SchemaCache: Sendable {
    /// Bump when the snapshot encoding or the replay procedure changes, to orphan old entries.
    /// 2: partitions, policies, collations, domains, composite types, sequence OWNED BY.
    public static let formatVersion = 2

    public let directory: String

    /// `directory` is usually `<workspace.stateDirectory>/cache`; it is created on first `store`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Hex SHA-256 naming the snapshot that replaying `migrations` on a server of `serverVersion` gives.
    public func key(for migrations: [LocalMigration], serverVersion: Int, privileges: Bool = false) -> String {
        var text = "evermed-ops schema cache v\(Self.formatVersion)\nserver \(serverVersion)\n"
        if privileges { text += "privileges\n" }
        for migration in migrations { text += "\(migration.name):\(migration.checksum)\n" }
        return SHA256.hex(text)
    }

    /// The stored snapshot, or nil when there is none or it cannot be read or decoded.
    public func load(_ key: String) -> SchemaSnapshot? {
        guard let path = path(for: key), let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SchemaSnapshot.self, from: data)
    }

    /// Writes the snapshot to a temporary file (mode 0600) and renames it into place, so readers never see
    /// half a file.
    @discardableResult
    public func store(_ key: String, _ snapshot: SchemaSnapshot) -> Bool {
        guard let path = path(for: key) else { return false }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(snapshot) else { return false }
        let temporary = "\(path).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        FileSystem.makePrivateDirectory(directory)
        guard FileSystem.writeNew(temporary, [UInt8](data)) else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }

    /// `<directory>/<key>.json`, or nil for a key that is not lowercase hex (so it cannot name another path).
    private func path(for key: String) -> String? {
        guard !key.isEmpty, key.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return directory + "/" + key + ".json"
    }
}
