import OpsPostgres

/// Errors of the engine layer. Each description is one short paragraph: what, where, and what to do.
/// None carries a URL or password: connection errors are rendered from libpq's text after redaction.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case connection(environment: String, target: String, PGError)
    case database(environment: String, target: String, PGError)
    case noShadowServer(environment: String)
    case replay(ReplayError)
    case unreadable(environment: String, message: String)
    case unknownMigration(name: String, folder: String, known: [String])
    case interrupted
    /// A command asked for something it cannot do (`lint` given both migrations and --pending, `fix` finding its
    /// folder taken): the message says what, and what to do instead.
    case request(String)
    /// A command that this version declares but does not run yet.
    case notYet(String)

    /// The environment the error is about, when there is one.
    public var environment: String? {
        switch self {
        case let .connection(env, _, _), let .database(env, _, _), let .noShadowServer(env), let .unreadable(env, _):
            return env
        case .replay, .unknownMigration, .interrupted, .notYet, .request: return nil
        }
    }

    public var description: String {
        switch self {
        case let .connection(env, target, error):
            return "Cannot connect to \(env) (\(target)): \(EngineError.sentence(error.message)) "
                + connectionHint(error)
        case let .database(env, target, error):
            return "Reading \(env) (\(target)) failed: \(error.description)"
        case let .noShadowServer(env):
            return "Cannot check \(env) for drift: there is no server for the shadow database. "
                + "Set shadow_url in evermed-ops.yml (or SHADOW_DATABASE_URL), or configure a `local` environment; "
                + "evermed-ops creates and drops a scratch database there."
        case let .replay(error):
            return error.description
        case let .unreadable(_, message):
            return message
        case let .unknownMigration(name, folder, known):
            let close = known.filter { $0.hasPrefix(String(name.prefix(8))) || $0.contains(name) }.prefix(3)
            return "No migration named \(name) in \(folder)."
                + (close.isEmpty ? " Run `evermed-ops status` to list them." : " Did you mean \(close.joined(separator: ", "))?")
        case .interrupted:
            return "Interrupted. The shadow database was dropped; nothing was changed."
        case let .request(message):
            return message
        case let .notYet(command):
            return "`\(command)` is not available in this version of evermed-ops yet; `help` lists what it can do."
        }
    }

    /// libpq's connection text, made one sentence: the target is already named, so the
    /// `connection to server at "h", port p failed:` prefix and the `FATAL:` severity go; lines are joined.
    static func sentence(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var text = lines.reduce("") { text, line in
            guard let last = text.last else { return line }
            return text + (".?!:".contains(last) ? " " : ". ") + line
        }
        if let range = text.range(of: #"^connection to server (at|on) .*? failed: "#, options: .regularExpression) {
            text.removeSubrange(range)
        }
        for prefix in ["FATAL:  ", "FATAL: ", "ERROR:  ", "ERROR: "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        if let last = text.last, !".?!".contains(last) { text += "." }
        return text
    }

    private func connectionHint(_ error: PGError) -> String {
        switch error.sqlstate {
        case PGError.Code.invalidPassword, PGError.Code.invalidAuthorization:
            return "Check the user and password in that environment's url (or PGPASSFILE)."
        case PGError.Code.invalidCatalogName:
            return "The database does not exist on that server: check the database name in its url."
        default:
            return "Check that the server is running and that the environment's url (host, port, sslmode) is right."
        }
    }
}
