import XCTest
@testable import OpsCore

/// Issue 7: `postgresql://u:S3cr/3t@host/db` printed its password in errors and `target`, because libpq reads
/// `u:S3cr` as host and port. Such URLs are refused, and the redactor learns the raw password.
final class ConnectionURLTests: XCTestCase {
    func testProblem_UnencodedSlashOrAt_Detected() {
        for url in ["postgresql://u:S3cr/3t@host/db", "postgresql://u:p@ss@host/db", "postgres://u:123/x@h/db",
                    "postgresql://u:pw@h:port/db", "postgresql://u:pw@h,x@y/db"] {
            XCTAssertNotNil(ConnectionURL.problem(url), url)
            XCTAssertFalse(ConnectionURL.problem(url)!.contains("S3cr"), "the reason never quotes the URL")
        }
    }

    func testProblem_WellFormedURLs_Accepted() {
        for url in ["postgresql://u:S3cr%2F3t@host/db", "postgresql://u:pa?ss@h/db", "postgresql://h/db?user=a@b",
                    "postgresql://u@h:5432,h2:5433/db?sslmode=require", "postgresql:///db", "postgresql://[::1]:5432/db",
                    "postgresql://%2Fvar%2Frun%2Fpostgresql/db", "host=h password=S3cr/3t@x dbname=d", ""] {
            XCTAssertNil(ConnectionURL.problem(url), url)
        }
    }

    func testPasswordCandidates_RawAndDecoded() {
        XCTAssertEqual(ConnectionURL.passwordCandidates("postgresql://u:S3cr/3t@host/db"), ["S3cr/3t"])
        XCTAssertEqual(Set(ConnectionURL.passwordCandidates("postgresql://u:p@ss@h/db")), ["p", "p@ss"])
        XCTAssertEqual(ConnectionURL.passwordCandidates("postgresql://u:S3cr%2F3t@h/db"), ["S3cr%2F3t", "S3cr/3t"])
        XCTAssertEqual(ConnectionURL.passwordCandidates("postgresql://u@h/db"), [])
    }

    func testRedactor_PatternMasksUnencodedPasswords() {
        let r = Redactor()
        XCTAssertEqual(r.redact("postgresql://u:S3cr/3t@host/db failed"), "postgresql://u:***@host/db failed")
        XCTAssertEqual(r.redact("postgresql://u:p@ss@host/db"), "postgresql://u:***@host/db")
        XCTAssertEqual(r.redact("postgresql://u:pw@h/db?x=a@b"), "postgresql://u:***@h/db?x=a@b")
    }

    func testRedactor_KnownRawPasswordMaskedAlone() {
        let r = Redactor(secrets: ConnectionURL.passwordCandidates("postgresql://u:S3cr/3t@host/db"))
        XCTAssertEqual(r.redact("invalid integer value \"S3cr/3t\" for connection option \"port\""),
                       "invalid integer value \"***\" for connection option \"port\"")
    }

    /// Linear on any input: one long token or thousands of URL fragments (the regex redactor took 12 s on a
    /// 16,000-character token, at print time, for every line the console echoed).
    func testRedactor_PathologicalInputs_MaskedCorrectly() {
        let long = String(repeating: "a", count: 200_000)
        XCTAssertEqual(Redactor().redact(long), long)
        let fragments = String(repeating: "x://a:", count: 20_000)
        XCTAssertEqual(Redactor().redact(fragments), fragments)
        let many = String(repeating: "postgresql://u:pw@h/db ", count: 5_000)
        XCTAssertEqual(Redactor().redact(many), String(repeating: "postgresql://u:***@h/db ", count: 5_000))
    }
}
