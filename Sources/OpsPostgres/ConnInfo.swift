@preconcurrency import CLibPQ
import Foundation
import OpsCore

/// Connection-string helpers built on libpq's own parser (`PQconninfoParse`), so URLs and keyword
/// strings are read exactly as psql reads them. Nothing here ever returns or echoes a password.
public enum ConnInfo {
    /// The options set explicitly in `conninfo` (URL or keyword form), keyword → value.
    /// Throws `PGError(.connection)` with a message that does not repeat the input.
    public static func parse(_ conninfo: String) throws -> [(keyword: String, value: String)] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            throw PGError(kind: .connection,
                          message: "the connection string could not be parsed (check its quoting and keywords)")
        }
        defer { PQconninfoFree(options) }
        var result: [(keyword: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return result
    }

    /// What a target that cannot be parsed is called in messages: never the text, which may hold a password.
    public static let unparsable = "(unparsable URL)"

    /// `host:port/dbname` for messages and prompts, e.g. `db.example.com:5432/app`. Unset parts fall back to
    /// the PG* environment variables, then to libpq's defaults (Unix socket shown as `localhost`, port 5432,
    /// database = user name). Returns `(unparsable URL)` when the text cannot be parsed, or when it is a URL
    /// libpq would misread (`ConnectionURL.problem`: its userinfo would be taken for the host).
    public static func describe(_ conninfo: String,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let value = settings(conninfo, environment) else { return unparsable }
        var host = value("host", "PGHOST") ?? value("hostaddr", "PGHOSTADDR") ?? "localhost"
        if host.hasPrefix("/") || host.hasPrefix("@") { host = "localhost" }
        let port = value("port", "PGPORT") ?? "5432"
        let user = value("user", "PGUSER") ?? environment["USER"] ?? "postgres"
        let dbname = value("dbname", "PGDATABASE") ?? user
        return "\(host):\(port)/\(dbname)"
    }

    /// Whether the server is on this machine — a Unix socket, `localhost`, 127.0.0.0/8 or ::1 — and so shares
    /// its cores with the client. Unparsable text counts as remote.
    public static func isLocal(_ conninfo: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = settings(conninfo, environment) else { return false }
        // Several hosts (failover lists) are local only if each one is.
        let hosts = (value("hostaddr", "PGHOSTADDR") ?? value("host", "PGHOST") ?? "").split(separator: ",", omittingEmptySubsequences: false)
        return hosts.allSatisfy { host in
            host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") || host == "localhost" || host == "::1"
                || host.hasPrefix("127.")
        }
    }

    /// A reader of `conninfo`'s settings: the option when set, else its PG* variable; nil when the text cannot be
    /// parsed or is a URL libpq would misread (`ConnectionURL.problem`).
    private static func settings(_ conninfo: String,
                                 _ environment: [String: String]) -> ((_ keyword: String, _ variable: String) -> String?)? {
        guard ConnectionURL.problem(conninfo) == nil, let options = try? parse(conninfo) else { return nil }
        return { keyword, variable in
            if let v = options.last(where: { $0.keyword == keyword })?.value, !v.isEmpty { return v }
            if let v = environment[variable], !v.isEmpty { return v }
            return nil
        }
    }

    /// The password written in `conninfo`, if any: for callers that register it as a secret to mask.
    public static func password(_ conninfo: String) -> String? {
        guard let value = (try? parse(conninfo))?.last(where: { $0.keyword == "password" })?.value,
              !value.isEmpty else { return nil }
        return value
    }

    /// A keyword/value conninfo for the same server and credentials as `conninfo`, but database `dbname`.
    public static func withDatabase(_ conninfo: String, _ dbname: String) throws -> String {
        var parts: [String] = []
        for (keyword, value) in try parse(conninfo) where keyword != "dbname" {
            parts.append("\(keyword)=\(quoteValue(value))")
        }
        parts.append("dbname=\(quoteValue(dbname))")
        return parts.joined(separator: " ")
    }

    /// libpq keyword/value quoting: "surround the value with single quotes … Single quotes and backslashes
    /// within the value must be escaped with a backslash".
    static func quoteValue(_ value: String) -> String {
        var out = "'"
        for ch in value {
            if ch == "'" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out.append("'")
        return out
    }
}
