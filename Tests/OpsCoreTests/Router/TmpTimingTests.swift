import XCTest
@testable import OpsCore
final class TmpTimingTests: XCTestCase {
    func testTiming() {
        let lines = ["deploy staging", "what should I do now", "chek stagin", "never push to prod",
                     "frobnicate the widgets on stagin", "describe table users on staging", "status"]
        let router = RouterFixture.router
        let clock = ContinuousClock()
        for line in lines {
            let e = clock.measure { for _ in 0..<200 { _ = router.route(line) } }
            print("TIMING \(line): \(e / 200)")
        }
        let e = clock.measure { for _ in 0..<200 { _ = Utterance("frobnicate the widgets on stagin", lexicon: Lexicon(RouterFixture.context)) } }
        print("TIMING utter+lex \(e / 200)")
        let lex = Lexicon(RouterFixture.context)
        let e2 = clock.measure { for _ in 0..<200 { _ = Utterance("frobnicate the widgets on stagin", lexicon: lex) } }
        print("TIMING utter \(e2 / 200)")
    }
}
