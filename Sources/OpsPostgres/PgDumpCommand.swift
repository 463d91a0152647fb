import Foundation

/// The exact `pg_dump` child a backup runs: which binary, its arguments and its environment. Built apart
/// from running it so tests can assert that no secret is on the command line.
///
/// The connection travels only in the environment: argv is world-readable (`ps`, `/proc/<pid>/cmdline`),
/// while `/proc/<pid>/environ` is readable only by the same user. libpq reads each keyword's variable
/// ("The following environment variables can be used to select default connection parameter values").
struct PgDumpCommand: Equatable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]

    /// libpq keyword → environment variable (libpq "Environment Variables"). Keywords without a variable
    /// are in `ignorable` (tuning that does not change where or as whom we connect) or refused.
    static let variables: [String: String] = [
        "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER",
        "password": "PGPASSWORD", "passfile": "PGPASSFILE", "require_auth": "PGREQUIREAUTH",
        "channel_binding": "PGCHANNELBINDING", "service": "PGSERVICE", "options": "PGOPTIONS",
        "application_name": "PGAPPNAME", "sslmode": "PGSSLMODE", "requiressl": "PGREQUIRESSL",
        "sslnegotiation": "PGSSLNEGOTIATION", "sslcompression": "PGSSLCOMPRESSION", "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY", "sslcertmode": "PGSSLCERTMODE", "sslrootcert": "PGSSLROOTCERT", "sslcrl": "PGSSLCRL",
        "sslcrldir": "PGSSLCRLDIR", "sslsni": "PGSSLSNI", "requirepeer": "PGREQUIREPEER",
        "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
        "gssencmode": "PGGSSENCMODE", "krbsrvname": "PGKRBSRVNAME", "gsslib": "PGGSSLIB",
        "gssdelegation": "PGGSSDELEGATION", "connect_timeout": "PGCONNECT_TIMEOUT",
        "client_encoding": "PGCLIENTENCODING", "target_session_attrs": "PGTARGETSESSIONATTRS",
        "load_balance_hosts": "PGLOADBALANCEHOSTS", "servicefile": "PGSERVICEFILE",
    ]
    static let ignorable: Set<String> = [
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "fallback_application_name",
    ]

    /// - Parameters:
    ///   - inherited: the parent's environment; PG* variables in it still apply to keywords the conninfo
    ///     leaves unset, exactly as they do for evermed-ops' own libpq connections.
    static func make(conninfo: String, pgDump: String, output: String,
                     inherited: [String: String]) throws -> PgDumpCommand {
        var environment = inherited
        environment["PGAPPNAME"] = "evermed-ops"
        for (keyword, value) in try ConnInfo.parse(conninfo) {
            if let variable = variables[keyword] {
                environment[variable] = value
            } else if !ignorable.contains(keyword) {
                throw BackupError.unsupportedOption(keyword)
            }
        }
        // --no-password: "Never issue a password prompt … if the server requires password authentication and a
        // password is not available by other means such as a .pgpass file, the connection attempt will fail."
        let arguments = ["--format=custom", "--no-password", "--file=\(output)"]
        return PgDumpCommand(executable: pgDump, arguments: arguments, environment: environment)
    }

    /// pg_dump for a server of `serverVersion` (e.g. 150004): Debian's `/usr/lib/postgresql/<major>/bin/pg_dump`
    /// when installed, else the lowest newer one there ("pg_dump can also dump from PostgreSQL servers older
    /// than its own version", never newer), else `pg_dump` on PATH.
    static func locate(serverVersion: Int, libRoot: String = "/usr/lib/postgresql",
                       path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let fm = FileManager.default
        let major = serverVersion >= 100000 ? serverVersion / 10000 : serverVersion / 100
        let installed = ((try? fm.contentsOfDirectory(atPath: libRoot)) ?? [])
            .compactMap { Int($0) }.filter { $0 >= major }.sorted()
        for version in installed {
            let candidate = "\(libRoot)/\(version)/bin/pg_dump"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/pg_dump"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
