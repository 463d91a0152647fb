import Foundation
import OpsCore
import XCTest
@testable import OpsWorkspace

/// Issue 7: config values that are secrets never come back in an error; environment names are one plain
/// word; a URL libpq would misread is refused for its environment, described as `(unparsable URL)`, and its
/// raw password is known to the redactor.
final class HardeningConfigTests: XCTestCase {
    static let password = "S3cr/3t@pw"
    static let badURL = "postgresql://u:\(password)@db.internal/app"

    private func load(_ config: String, env: [String: String] = [:]) throws -> Workspace {
        let project = TestProject()
        project.write("evermed-ops.yml", config)
        project.mkdir("db/migrations")
        return try project.load(environment: TestProject.environment.merging(env) { $1 })
    }

    private func error(_ config: String, env: [String: String] = [:], line: UInt = #line) -> WorkspaceError? {
        let project = TestProject()
        project.write("evermed-ops.yml", config)
        project.mkdir("db/migrations")
        return project.loadError(environment: TestProject.environment.merging(env) { $1 }, line: line)
    }

    func testEnvironmentNames_EmptyFlagKeywordOrSpaces_Refused() {
        for (name, reason) in [("\"\"", "it is empty"), ("\"--yes\"", "it must start with a letter"),
                               ("all", "is a keyword"), ("migrations", "is a keyword"), ("\"my env\"", "may only contain"),
                               ("\"prod;rm\"", "may only contain"), ("\"9prod\"", "it must start with a letter")] {
            let e = error("environments:\n  staging: { url: x }\n  \(name): { url: y }\n")
            guard case .badEnvironmentName(_, let line, _, _)? = e else { XCTFail("\(name): \(String(describing: e))"); continue }
            XCTAssertEqual(line, 3, name)
            assertMessage(e, startsWith: "evermed-ops.yml:3:", contains: [reason, "cannot be an environment name"])
        }
    }

    func testEnvironmentNames_OrdinaryWords_Accepted() throws {
        let ws = try load("environments:\n  local: { url: x }\n  eu-prod_2: { url: y }\n  Staging: { url: z }\n")
        XCTAssertEqual(ws.environments.map(\.name), ["local", "eu-prod_2", "Staging"])
    }

    func testURL_UnencodedSlashOrAt_EnvironmentUnavailableWithoutEchoingIt() throws {
        for url in [Self.badURL, "postgresql://u:p@ss@h/db", "postgresql://u:123/x@h/db"] {
            let ws = try load("environments:\n  local: { url: \"${L}\" }\n  staging: { url: x }\n", env: ["L": url])
            let local = try XCTUnwrap(ws.environments.first)
            guard case .unparsableURL(let source, _, let env, _)? = local.unavailable else {
                XCTFail("\(url): \(String(describing: local.unavailable))"); continue
            }
            XCTAssertEqual(source, "evermed-ops.yml:2")
            XCTAssertEqual(env, "local")
            let message = String(describing: local.unavailable!)
            XCTAssertFalse(message.contains("ss@h") || message.contains("3t@") || message.contains("x@h"), message)
            XCTAssertTrue(message.contains("percent-encode"), message)
            XCTAssertTrue(ws.environments[1].isAvailable, "only the environment with the bad URL is unavailable")
        }
    }

    func testURL_DefaultVariables_MisreadURLRefusedNamingTheVariable() throws {
        let project = TestProject()
        project.mkdir("db/migrations")
        let ws = try project.load(environment: ["DATABASE_URL": Self.badURL])
        guard case .unparsableURL(let source, _, _, _)? = ws.environments.first?.unavailable else {
            return XCTFail("\(ws.environments)")
        }
        XCTAssertEqual(source, "DATABASE_URL")
    }

    func testURL_EncodedPassword_Accepted() throws {
        let ws = try load("environments:\n  local: { url: \"postgresql://u:S3cr%2F3t%40pw@db.internal:5432/app?sslmode=require\" }\n")
        XCTAssertTrue(ws.environments[0].isAvailable)
    }

    func testShadowURL_Misread_KeptForMaskingOnly() throws {
        let ws = try load("shadow_url: \"${S}\"\nenvironments:\n  local: { url: x }\n", env: ["S": Self.badURL])
        XCTAssertNil(ws.shadowURL)
        XCTAssertThrowsError(try ws.requireShadowURL())
        XCTAssertEqual(ws.unusableURLs, [Self.badURL])
    }

    func testPromoteFrom_FromVariable_ErrorNamesTheVariableNotItsValue() {
        let e = error("environments:\n  staging: { url: x }\n  production: { url: y, promote_from: \"${STAGING_DATABASE_URL}\" }\n")
        assertMessage(e, startsWith: "evermed-ops.yml:3:", contains: ["${STAGING_DATABASE_URL}"])
        XCTAssertFalse(String(describing: e!).contains("postgresql://"), String(describing: e!))
    }

    func testMigrations_FromVariable_ErrorNamesTheVariableNotItsValue() {
        let e = error("migrations: \"${STAGING_DATABASE_URL}\"\nenvironments:\n  local: { url: x }\n")
        assertMessage(e, startsWith: "Migrations directory ${STAGING_DATABASE_URL} does not exist.")
        XCTAssertFalse(String(describing: e!).contains(TestProject.secret), String(describing: e!))
    }

    func testProtected_FromVariable_ErrorShowsTheTextAsWritten() {
        let e = error("environments:\n  local:\n    url: x\n    protected: \"${STAGING_DATABASE_URL}\"\n")
        assertMessage(e, startsWith: "evermed-ops.yml:4:", contains: ["${STAGING_DATABASE_URL}"])
        XCTAssertFalse(String(describing: e!).contains(TestProject.secret), String(describing: e!))
    }
}
