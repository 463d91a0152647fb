import XCTest
@testable import OpsCore

/// Issue 7: one rule for every mutating command. A protected environment never needs less than an ordinary
/// one (it used to apply with `--confirm-backup` alone, while staging needed `--yes`).
final class ConfirmationRuleTests: XCTestCase {
    func verdict(_ env: String = "production", protected: Bool, interactive: Bool, yes: Bool = false,
                 confirm: String? = nil) -> ConfirmationRule.Verdict {
        ConfirmationRule(environment: env, isProtected: protected, interactive: interactive, yes: yes, confirmName: confirm).verdict
    }

    func testNonInteractive_Ordinary_NeedsYes() {
        XCTAssertEqual(verdict("staging", protected: false, interactive: false),
                       .refuse(reason: "Changing staging needs a confirmation and this run is not interactive: it must say --yes.",
                               missing: ["--yes"]))
        XCTAssertEqual(verdict("staging", protected: false, interactive: false, yes: true), .proceed)
    }

    func testNonInteractive_Protected_NeedsYesAndItsName() {
        for (yes, confirm, missing) in [(false, nil, ["--yes", "--confirm production"]), (true, nil, ["--confirm production"]),
                                        (false, "production", ["--yes"])] as [(Bool, String?, [String])] {
            guard case let .refuse(_, flags) = verdict(protected: true, interactive: false, yes: yes, confirm: confirm) else {
                XCTFail("yes \(yes), confirm \(String(describing: confirm)) was not refused"); continue
            }
            XCTAssertEqual(flags, missing)
        }
        XCTAssertEqual(verdict(protected: true, interactive: false, yes: true, confirm: "production"), .proceed)
    }

    func testWrongName_RefusedEvenWithYes() {
        guard case let .refuse(reason, missing) = verdict(protected: true, interactive: false, yes: true, confirm: "staging") else {
            return XCTFail("not refused")
        }
        XCTAssertEqual(reason, "--confirm names staging, not production; nothing was changed.")
        XCTAssertEqual(missing, ["--confirm production"])
        guard case .refuse = verdict(protected: true, interactive: true, yes: true, confirm: "prod") else { return XCTFail() }
    }

    func testInteractive_AsksUnlessTheFlagsSayEverything() {
        XCTAssertEqual(verdict("staging", protected: false, interactive: true), .ask(.yesNo))
        XCTAssertEqual(verdict("staging", protected: false, interactive: true, yes: true), .proceed)
        XCTAssertEqual(verdict(protected: true, interactive: true), .ask(.typeName("production")))
        XCTAssertEqual(verdict(protected: true, interactive: true, yes: true), .ask(.typeName("production")))
        XCTAssertEqual(verdict(protected: true, interactive: true, confirm: "production"), .ask(.typeName("production")))
        XCTAssertEqual(verdict(protected: true, interactive: true, yes: true, confirm: "production"), .proceed)
    }

    /// Whatever the flags, a protected environment is never easier to change than an ordinary one.
    func testEveryCombination_ProtectedNeverLooserThanOrdinary() {
        func rank(_ v: ConfirmationRule.Verdict) -> Int {
            switch v {
            case .proceed: return 0
            case .ask(.yesNo): return 1
            case .ask(.typeName): return 2
            case .refuse: return 3
            }
        }
        for interactive in [false, true] {
            for yes in [false, true] {
                for confirm in [nil, "production", "staging"] {
                    let ordinary = verdict(protected: false, interactive: interactive, yes: yes, confirm: confirm)
                    let protected = verdict(protected: true, interactive: interactive, yes: yes, confirm: confirm)
                    XCTAssertGreaterThanOrEqual(rank(protected), rank(ordinary), "interactive \(interactive) yes \(yes) confirm \(String(describing: confirm))")
                }
            }
        }
    }
}
