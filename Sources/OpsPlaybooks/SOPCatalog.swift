import OpsCore
import OpsWorkspace

/// Every SOP a project can run: the shipped ones (built into the binary from the repository's `sops/`), then
/// the project's own (`SOPFiles`), which add SOPs and override a shipped one of the same name. A broken file
/// is an entry with its error — listed, never fatal.
public struct SOPCatalog: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var source: SOPSource
        /// The file's text (what the session's digest is taken of).
        public var text: String
        public var sop: Result<SOP, SOPParseError>

        public var title: String { (try? sop.get())?.title ?? name }
        public var steps: Int { (try? sop.get())?.steps.count ?? 0 }
        /// `file:line: message`, or nil.
        public var error: String? {
            if case let .failure(e) = sop { return e.description }
            return nil
        }
        /// SHA-256 of the text, to notice a file that changed under a session.
        public var digest: String { SHA256.hex(text) }
    }

    /// By name.
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries.sorted { $0.name < $1.name } }

    /// The shipped SOPs alone.
    public static let shipped = SOPCatalog(entries: ShippedSOPs.files.map { file in
        Entry(name: file.name, source: .shipped, text: file.text,
              sop: Result { () throws(SOPParseError) -> SOP in
                  try SOPLoader.parse(file.text, name: file.name, file: "sops/\(file.name).md (shipped)")
              })
    })

    /// The shipped SOPs' names and texts, for `sop init`.
    public static var shippedFiles: [(name: String, text: String)] { ShippedSOPs.files }

    /// Shipped plus the project's own.
    public static func load(_ workspace: Workspace?) -> SOPCatalog {
        guard let workspace else { return shipped }
        var byName = Dictionary(uniqueKeysWithValues: shipped.entries.map { ($0.name, $0) })
        for file in SOPFiles.load(workspace) {
            let entry: Entry
            switch file.text {
            case let .success(text):
                let sop = Result { () throws(SOPParseError) -> SOP in
                    guard isValidName(file.name) else {
                        throw SOPParseError(file: file.display, line: 1,
                                            message: "the file name should be a word of lowercase letters, digits and - "
                                                + "(it is the SOP's name: `sop start \(file.name.lowercased())`)")
                    }
                    return try SOPLoader.parse(text, name: file.name, file: file.display)
                }
                entry = Entry(name: (try? sop.get())?.name ?? file.name, source: .project(path: file.display), text: text, sop: sop)
            case let .failure(error):
                entry = Entry(name: file.name, source: .project(path: file.display), text: "",
                              sop: .failure(SOPParseError(file: file.display, line: 1, message: error.description)))
            }
            byName[entry.name] = entry
        }
        return SOPCatalog(entries: Array(byName.values))
    }

    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name } ?? entries.first { $0.name.lowercased() == name.lowercased() }
    }

    /// `database-changes`: lowercase letters, digits and `-`, starting with a letter.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter, first.isLowercase else { return false }
        return name.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" } && name.count <= 64
    }
}
