import XCTest
@testable import OpsPostgres

final class ConnInfoTests: XCTestCase {
    private let noEnv: [String: String] = [:]

    func testDescribe_URL_HidesPassword() {
        let text = ConnInfo.describe("postgresql://app:s3cret@db.example.com:6543/app?sslmode=require",
                                     environment: noEnv)
        XCTAssertEqual(text, "db.example.com:6543/app")
    }

    func testDescribe_KeywordForm_DefaultsPortAndHidesPassword() {
        let text = ConnInfo.describe("host=db.example.com user=alice password='p w' dbname=app", environment: noEnv)
        XCTAssertEqual(text, "db.example.com:5432/app")
    }

    func testDescribe_Defaults_SocketIsLocalhostAndDatabaseIsUser() {
        XCTAssertEqual(ConnInfo.describe("host=/var/run/postgresql user=bob", environment: noEnv), "localhost:5432/bob")
        XCTAssertEqual(ConnInfo.describe("", environment: ["PGHOST": "h", "PGPORT": "1", "PGDATABASE": "d"]), "h:1/d")
    }

    func testIsLocal_SocketsLoopbackAndLocalhost_NotOtherHosts() {
        for local in ["", "host=/var/run/postgresql", "postgresql://u:p@localhost/app", "host=127.0.0.1 port=5433",
                      "postgresql://[::1]:5432/app", "hostaddr=127.0.0.2", "host=localhost,127.0.0.1"] {
            XCTAssertTrue(ConnInfo.isLocal(local, environment: noEnv), local)
        }
        for remote in ["postgresql://u:p@db.example.com/app", "host=10.0.0.5", "host=localhost,db.example.com",
                       "host='unterminated"] {
            XCTAssertFalse(ConnInfo.isLocal(remote, environment: noEnv), remote)
        }
        XCTAssertFalse(ConnInfo.isLocal("dbname=app", environment: ["PGHOST": "db.example.com"]), "PGHOST counts")
    }

    func testDescribe_Invalid_DoesNotEchoInput() {
        let text = ConnInfo.describe("host='unterminated password=hunter2", environment: noEnv)
        XCTAssertFalse(text.contains("hunter2"))
    }

    func testParse_Invalid_ThrowsWithoutEchoingInput() {
        XCTAssertThrowsError(try ConnInfo.parse("nonsense password=hunter2 =")) {
            guard let error = $0 as? PGError else { return XCTFail("\($0)") }
            XCTAssertEqual(error.kind, .connection)
            XCTAssertFalse(error.description.contains("hunter2"))
        }
    }

    func testWithDatabase_KeepsServerAndCredentials_QuotesValues() throws {
        let out = try ConnInfo.withDatabase("postgresql://u:p%27w@h:5433/old?sslmode=disable", "new 'db'\\x")
        let parsed = Dictionary(try ConnInfo.parse(out).map { ($0.keyword, $0.value) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(parsed["host"], "h")
        XCTAssertEqual(parsed["port"], "5433")
        XCTAssertEqual(parsed["user"], "u")
        XCTAssertEqual(parsed["password"], "p'w")
        XCTAssertEqual(parsed["sslmode"], "disable")
        XCTAssertEqual(parsed["dbname"], "new 'db'\\x")
    }

    func testPassword_FromURLAndKeywords() {
        XCTAssertEqual(ConnInfo.password("postgres://u:pw1@h/d"), "pw1")
        XCTAssertEqual(ConnInfo.password("host=h password='a b'"), "a b")
        XCTAssertNil(ConnInfo.password("host=h"))
    }

    func testPGError_RedactsPasswordsAndURLCredentials() {
        func text(_ message: String) -> String { PGError(kind: .connection, message: message).description }
        XCTAssertEqual(text("bad host=h password=hunter2 user=u"), "bad host=h password=*** user=u")
        XCTAssertEqual(text("x password = 'a \\' b' y"), "x password = *** y")
        XCTAssertEqual(text("at postgres://u:hunter2@h:5432/db"), "at postgres://u:***@h:5432/db")
        XCTAssertEqual(text("password authentication failed for user \"u\""),
                       "password authentication failed for user \"u\"")
        XCTAssertEqual(PGError(kind: .query, message: "m", detail: "password=x").detail, "password=***")
    }

    func testQuoteIdentifier_DoublesInnerQuotes() {
        XCTAssertEqual(PGIdentifier.quote("users"), "\"users\"")
        XCTAssertEqual(PGIdentifier.quote("my \"db\""), "\"my \"\"db\"\"\"")
    }
}
