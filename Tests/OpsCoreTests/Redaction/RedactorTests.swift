import XCTest
@testable import OpsCore

final class RedactorTests: XCTestCase {
    private let redactor = Redactor()

    func testRedact_URLCredentials_PasswordMaskedHostKept() {
        let out = redactor.redact("connecting to postgresql://app:s3cret@db.example.com:5432/app?sslmode=require")
        XCTAssertEqual(out, "connecting to postgresql://app:***@db.example.com:5432/app?sslmode=require")
        XCTAssertFalse(out.contains("s3cret"))
    }

    func testRedact_URLWithoutPassword_Unchanged() {
        for text in ["postgresql://app@db.example.com:5432/app", "postgresql://db.example.com:5432/app",
                     "see https://www.prisma.io/docs/reference"] {
            XCTAssertEqual(redactor.redact(text), text)
        }
    }

    func testRedact_TwoURLsOnOneLine_BothMasked() {
        XCTAssertEqual(redactor.redact("postgres://a:one1@h1/db postgres://b:two2@h2/db"),
                       "postgres://a:***@h1/db postgres://b:***@h2/db")
    }

    func testRedact_KeywordPassword_Masked() {
        XCTAssertEqual(redactor.redact("host=db.example.com password=s3cret dbname=app"),
                       "host=db.example.com password=*** dbname=app")
    }

    func testRedact_QuotedKeywordPassword_WholeValueMasked() {
        XCTAssertEqual(redactor.redact("host=db password='s e c' user=app"), "host=db password=*** user=app")
        XCTAssertEqual(redactor.redact(#"password='it\'s secret' port=5432"#), "password=*** port=5432")
    }

    func testRedact_PGPASSWORD_Masked() {
        XCTAssertEqual(redactor.redact("PGPASSWORD=hunter22 psql -h db"), "PGPASSWORD=*** psql -h db")
        XCTAssertEqual(redactor.redact("export pgpassword = hunter22"), "export pgpassword = ***")
    }

    func testRedact_BearerToken_Masked() {
        XCTAssertEqual(redactor.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"),
                       "Authorization: Bearer ***")
    }

    func testRedact_ShortBearerWord_Unchanged() {
        let text = "the bearer of bad news"
        XCTAssertEqual(redactor.redact(text), text)
    }

    func testRedact_APIKey_Masked() {
        XCTAssertEqual(redactor.redact("OPENAI_API_KEY=sk-proj-AbC123dEf456GhI789"), "OPENAI_API_KEY=***")
        XCTAssertEqual(redactor.redact("key sk-abcdefghijklmnop used"), "key *** used")
    }

    func testRedact_LiteralSecrets_MaskedEverywhere() {
        let r = Redactor(secrets: ["Tr0ub4dor&3", "db-prod.internal"])
        XCTAssertEqual(r.redact("could not connect to db-prod.internal as app using Tr0ub4dor&3; Tr0ub4dor&3 again"),
                       "could not connect to *** as app using ***; *** again")
    }

    func testRedact_OverlappingLiteralSecrets_LongestFirst() {
        let r = Redactor(secrets: ["abcd", "abcdefgh"])
        XCTAssertEqual(r.redact("x abcdefgh y"), "x *** y")
    }

    func testRedact_SecretsShorterThanFour_Ignored() {
        var r = Redactor(secrets: ["", "a", "abc"])
        r.add("xy")
        let text = "a cat ate abc crackers xy"
        XCTAssertEqual(r.redact(text), text)
    }

    func testAdd_Secret_MaskedAfterwards() {
        var r = Redactor()
        XCTAssertEqual(r.redact("token hunter22"), "token hunter22")
        r.add("hunter22")
        XCTAssertEqual(r.redact("token hunter22"), "token ***")
    }

    func testRedact_TextWithoutSecrets_Unchanged() {
        let text = "ALTER TABLE \"User\" ADD COLUMN \"passwordHash\" TEXT NOT NULL; -- 3 migrations behind"
        XCTAssertEqual(Redactor(secrets: ["hunter22"]).redact(text), text)
    }

    func testContainsCredential_CredentialShapes_True() {
        for text in ["postgresql://app:s3cret@db:5432/app", "password=s3cret", "PGPASSWORD=x1",
                     "Bearer abcdefgh12345", "sk-abcdefghijkl1234"] {
            XCTAssertTrue(Redactor.containsCredential(text), text)
        }
    }

    func testContainsCredential_OrdinaryCommands_False() {
        for text in ["status staging", "diff prod migrations", "SELECT * FROM \"User\" WHERE email = 'a@b.c'",
                     "postgresql://app@db:5432/app", "the password field"] {
            XCTAssertFalse(Redactor.containsCredential(text), text)
        }
    }

    func testRedact_UnderscorePrefixedPasswordVariable_Masked() {
        // .env and docker-compose style: the key keeps its name, the value goes.
        XCTAssertEqual(redactor.redact("POSTGRES_PASSWORD=hunter22"), "POSTGRES_PASSWORD=***")
        XCTAssertEqual(redactor.redact("DB_PASS=hunter22 DB_USER=app"), "DB_PASS=*** DB_USER=app")
    }

    func testRedact_PassInsideAWord_Unchanged() {
        for text in ["bypass=1", "compass=north", "passes=3"] {
            XCTAssertEqual(redactor.redact(text), text)
        }
    }
}
