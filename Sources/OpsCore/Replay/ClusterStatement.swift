/// Statements whose effect reaches past the database they run in — onto the whole PostgreSQL cluster — so
/// that replaying them on a shadow database would leave something behind after the shadow is dropped: roles
/// and role memberships, tablespaces, other databases, server settings, subscriptions (which would even start
/// replicating from wherever they point).
///
/// The shadow replay (`ReplayPlan`) runs every statement from the first migration with such a statement on,
/// in one transaction that is rolled back after introspection, and skips what cannot run in a transaction.
public enum ClusterStatement: Equatable, Sendable {
    /// Transactional: rolled back with the replay (`CREATE ROLE`, `GRANT role TO role`, `ALTER DATABASE … SET`…).
    case transactional(String)
    /// Refuses a transaction block and cannot be undone (`CREATE DATABASE`, `CREATE TABLESPACE`, `ALTER SYSTEM`,
    /// subscriptions): never replayed.
    case nonTransactional(String)

    public var summary: String {
        switch self {
        case let .transactional(s), let .nonTransactional(s): return s
        }
    }

    /// What `text` does to the cluster, or nil when it stays inside its database. DO blocks count when their
    /// body creates, alters or drops roles, tablespaces or databases, or grants (the body is read as words).
    public static func classify(_ text: String) -> ClusterStatement? {
        // Most statements are ruled out by their first word, read without lexing the rest (a seed of
        // 400,000 INSERTs is classified in the time of one word each).
        let verbs: Set<String> = ["CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "COMMENT", "SECURITY", "DO"]
        guard let first = SQLTokenizer.tokens(text, limit: 1).first, verbs.contains(first.keyword) else { return nil }
        var c = TokenCursor(text)
        let verb = c.keyword()
        c.index += 1
        let object = c.keyword()
        switch verb {
        case "CREATE", "ALTER", "DROP":
            switch object {
            case "ROLE", "GROUP": return .transactional("\(verb) \(object)")
            case "USER": return c.keyword(at: 1) == "MAPPING" ? nil : .transactional("\(verb) USER")
            case "TABLESPACE":
                return verb == "ALTER" ? .transactional("ALTER TABLESPACE") : .nonTransactional("\(verb) TABLESPACE")
            case "DATABASE":
                return verb == "ALTER" && !Self.setsTablespace(c) ? .transactional("ALTER DATABASE")
                    : .nonTransactional("\(verb) DATABASE")
            case "SYSTEM": return verb == "ALTER" ? .nonTransactional("ALTER SYSTEM") : nil
            case "SUBSCRIPTION": return .nonTransactional("\(verb) SUBSCRIPTION")
            default: return nil
            }
        case "GRANT", "REVOKE":
            // GRANT role TO role (no ON): a membership, in the shared catalog; ON DATABASE / TABLESPACE too.
            let on = c.rest.firstIndex { $0.keyword == "ON" }
            guard let on else { return .transactional("\(verb) membership") }
            let target = on + 1 < c.tokens.count ? c.tokens[on + 1].keyword : ""
            return ["DATABASE", "TABLESPACE"].contains(target) ? .transactional("\(verb) ON \(target)") : nil
        case "COMMENT", "SECURITY":
            let target = c.rest.drop { $0.keyword != "ON" }.dropFirst().first?.keyword ?? ""
            return ["ROLE", "DATABASE", "TABLESPACE"].contains(target) ? .transactional("\(verb) ON \(target)") : nil
        case "DO":
            return c.rest.contains { $0.kind == .dollar && Self.bodyReachesCluster($0.text) } ? .transactional("DO block") : nil
        default:
            return nil
        }
    }

    /// `ALTER DATABASE name SET TABLESPACE …`: moves files, refuses a transaction block.
    private static func setsTablespace(_ cursor: TokenCursor) -> Bool {
        let words = cursor.rest.map(\.keyword)
        return zip(words, words.dropFirst()).contains { $0 == ("SET", "TABLESPACE") }
    }

    /// A procedural body that creates, alters or drops a role, tablespace or database, changes server
    /// settings, or grants anything.
    static func bodyReachesCluster(_ body: String) -> Bool {
        // Words of the body and of the strings in it (`EXECUTE 'CREATE ROLE ' || …`, `format('CREATE ROLE %I', …)`).
        let tokens = SQLTokenizer.tokens(body)
        let words = (tokens + tokens.filter { $0.kind == .string }.flatMap { SQLTokenizer.tokens($0.text) })
            .filter { $0.kind == .word }.map(\.keyword)
        let objects: Set<String> = ["ROLE", "USER", "GROUP", "TABLESPACE", "DATABASE", "SYSTEM"]
        for (a, b) in zip(words, words.dropFirst()) where ["CREATE", "ALTER", "DROP"].contains(a) && objects.contains(b) {
            return true
        }
        return words.contains("GRANT")
    }
}
