import OpsCore
/// Who holds the migration lock, read from `pg_locks` joined to `pg_stat_activity`, so a blocked deploy
/// can say which session to wait for or end instead of "timed out" (Prisma's P1002 names nobody).
/// Fields other than `pid` can be NULL: a role without `pg_read_all_stats` sees other users' sessions
/// with most columns hidden, and a Unix-socket client has no address.
public struct LockHolder: Equatable, Sendable, CustomStringConvertible {
    public var pid: Int
    /// `application_name` (`evermed-ops`, `psql`, …); empty when the client set none.
    public var applicationName: String
    /// `host(client_addr)`; nil for a Unix-socket client or when hidden.
    public var clientAddress: String?
    /// Seconds since the holder's session started (`backend_start`): an upper bound on how long it has
    /// held the lock, since a session-level lock cannot be older than its session.
    public var heldForSeconds: Double?
    /// `pg_stat_activity.state`: `active` when `query` is running now, `idle` when it is the last one.
    public var state: String?
    /// The holder's current (active) or last query, whitespace collapsed, at most 200 characters.
    public var query: String?

    public init(pid: Int, applicationName: String, clientAddress: String? = nil, heldForSeconds: Double? = nil,
                state: String? = nil, query: String? = nil) {
        self.pid = pid
        self.applicationName = applicationName
        self.clientAddress = clientAddress
        self.heldForSeconds = heldForSeconds
        self.state = state
        self.query = query
    }

    /// `pid 4242 (evermed-ops, 10.0.0.7) has held it for up to 12 s, running: SELECT pg_sleep(30)`.
    public var description: String {
        let who = [applicationName.isEmpty ? "no application_name" : applicationName, clientAddress]
            .compactMap { $0 }.joined(separator: ", ")
        var text = "pid \(pid) (\(who))"
        if let heldForSeconds { text += " has held it for up to \(Int(heldForSeconds.rounded())) s" } else {
            text += " holds it"
        }
        if let query, !query.isEmpty {
            text += state == "active" ? ", running: \(query)" : ", \(state ?? "state unknown"), last query: \(query)"
        }
        return text
    }

    /// Collapses runs of whitespace (newlines included) to one space, masks credentials (another session's
    /// query can hold `PASSWORD '…'`, and this text reaches the screen and the audit log), keeps 200 characters.
    static func shorten(_ query: String) -> String {
        let collapsed = Redactor().redact(query.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        return collapsed.count > 200 ? String(collapsed.prefix(199)) + "…" : collapsed
    }
}
