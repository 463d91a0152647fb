/// Where a failed migration stopped, read from its `_prisma_migrations.logs`: the line of migration.sql and
/// the SQLSTATE. Objects in the catalog cannot say whether a data statement ran, so `resolve` needs to know
/// which statement failed before it may call a migration complete.
///
/// Two log shapes are understood: evermed-ops writes `failed at line N of its migration.sql`; Prisma writes
/// tokio-postgres's error, whose position counts characters from the start of the whole script
/// (`position: Some(Original(123))`). Both carry `Database error code: XXXXX`.
public struct FailurePoint: Equatable, Sendable {
    /// 1-based line of migration.sql; nil when the logs do not say.
    public var line: Int?
    public var sqlstate: String?

    public init(line: Int? = nil, sqlstate: String? = nil) {
        self.line = line
        self.sqlstate = sqlstate
    }

    public static func read(logs: String?, sql: String) -> FailurePoint {
        guard let logs else { return FailurePoint() }
        let sqlstate = value(after: "Database error code: ", in: logs).flatMap { code -> String? in
            let state = String(code.prefix(5))
            return state.count == 5 && state.allSatisfy({ $0.isLetter || $0.isNumber }) ? state : nil
        }
        if let line = value(after: "failed at line ", in: logs).flatMap({ Int($0.prefix(while: \.isNumber)) }) {
            return FailurePoint(line: line, sqlstate: sqlstate)
        }
        if let offset = value(after: "position: Some(Original(", in: logs).flatMap({ Int($0.prefix(while: \.isNumber)) }) {
            return FailurePoint(line: line(ofCharacter: offset, in: sql), sqlstate: sqlstate)
        }
        return FailurePoint(sqlstate: sqlstate)
    }

    /// The text that follows the first occurrence of `marker`, up to the end of its line.
    static func value(after marker: String, in text: String) -> Substring? {
        guard let range = text.firstRange(of: marker) else { return nil }
        return text[range.upperBound...].prefix { !$0.isNewline }
    }

    /// The 1-based line of a 1-based character position (PostgreSQL counts code points).
    static func line(ofCharacter position: Int, in sql: String) -> Int? {
        guard position >= 1 else { return nil }
        var line = 1, index = 1
        for scalar in sql.unicodeScalars {
            if index >= position { return line }
            if scalar == "\n" { line += 1 }
            index += 1
        }
        return nil
    }
}
