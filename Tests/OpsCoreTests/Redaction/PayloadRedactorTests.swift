import XCTest
@testable import OpsCore

final class PayloadRedactorTests: XCTestCase {
    func testPlaceholders_Stable_RestoredExceptSecrets_DetailDropped_Emails() {
        var r = PayloadRedactor(secrets: ["s3cr3t-pw", "sk-live-abc123"], urls: ["postgresql://app:s3cr3t-pw@db.internal:5432/evermed"],
                                hosts: ["db.internal", "10.0.0.7"], users: ["app", "ana"])
        let text = """
            connect postgresql://app:s3cr3t-pw@db.internal:5432/evermed failed; db.internal (10.0.0.7) refused app
            ERROR:  duplicate key value violates unique constraint "users_email_key"
            DETAIL:  Key (email)=(jane.doe@example.com) already exists.
            mail ana@corp.example.org or ana@corp.example.org, key sk-live-abc123; not an email: a@b, x@localhost
            """
        let out = r.redact(text)
        XCTAssertEqual(out, """
            connect <url-1> failed; <host-1> (<host-2>) refused <user-1>
            ERROR:  duplicate key value violates unique constraint "users_email_key"
            DETAIL: (withheld: it can contain row values)
            mail <email-1> or <email-1>, key <secret-1>; not an email: a@b, x@localhost
            """, out)
        XCTAssertEqual(r.redact("again db.internal"), "again <host-1>", "the same value keeps its placeholder")
        XCTAssertEqual(r.restore("<host-1> and <user-1> and <secret-1> and <url-1> and <email-1>"),
                       "db.internal and app and <secret-1> and <url-1> and ana@corp.example.org",
                       "hosts, users and e-mails come back; a secret or URL never does")
    }
}
