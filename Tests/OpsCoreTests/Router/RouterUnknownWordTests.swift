import XCTest
@testable import OpsCore

/// A question caused by a word the router does not know names that word, so "check nosuchenv" does not read
/// as if nothing had been typed.
final class RouterUnknownWordTests: XCTestCase {
    func testAsk_UnknownEnvironment_NamesTheWordAndTheKnownOnes() {
        guard case let .ask(question, options) = RouterFixture.router.route("check nosuchenv") else {
            return XCTFail("expected a question")
        }
        XCTAssertTrue(question.hasPrefix("“nosuchenv” is not a name I know"), question)
        XCTAssertTrue(question.contains("staging"), question)
        XCTAssertTrue(options.contains(.check(environments: ["staging"])))
    }

    func testAsk_NothingUnknown_QuestionUnchanged() {
        guard case let .ask(question, _) = RouterFixture.router.route("deploy") else { return XCTFail("expected a question") }
        XCTAssertEqual(question, "Deploy which environment?")
    }
}

extension RouterUnknownWordTests {
    func testStatus_StrayWord_AsksInsteadOfShowingEverything() {
        guard case let .ask(question, options) = RouterFixture.router.route("status nosuchenv") else {
            return XCTFail("expected a question")
        }
        XCTAssertTrue(question.contains("“nosuchenv”"), question)
        XCTAssertTrue(options.contains(.status(environments: [])))
    }
}
