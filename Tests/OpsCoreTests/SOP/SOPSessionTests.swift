import XCTest
@testable import OpsCore

/// The session state machine, without a database or a file.
final class SOPSessionTests: XCTestCase {
    let sop = SOP(name: "demo", title: "Demo", steps: [
        SOPStep(title: "One", line: 1, blocks: [.ops("status"), .confirm("ok?")]),
        SOPStep(title: "Two", line: 5),
        SOPStep(title: "Three", line: 9, gates: [.environment("staging", .inSync)]),
    ])

    func session() -> SOPSession { SOPSession(id: "s1", sop: sop, digest: "d1", at: "2026-12-01T10:00:00.000Z") }

    func testStart_CompleteEachStep_EndsDone() {
        var s = session()
        XCTAssertEqual([s.step, s.steps], [1, 3])
        XCTAssertEqual(s.stepTitle, "One")
        XCTAssertTrue(s.isActive)
        s.blockDone()
        s.complete(sop, at: "t1")
        XCTAssertEqual(s.step, 2)
        XCTAssertEqual(s.blocksDone, 0, "a new step starts with no block done")
        XCTAssertEqual(s.stepTitle, "Two")
        s.complete(sop, at: "t2")
        s.complete(sop, at: "t3")
        XCTAssertEqual(s.state, .done)
        XCTAssertEqual(s.step, 3, "a finished session stays on its last step")
        XCTAssertEqual(s.history.map(\.result), [.done, .done, .done])
        XCTAssertEqual(s.history.map(\.title), ["One", "Two", "Three"])
        s.complete(sop, at: "t4")
        XCTAssertEqual(s.history.count, 3, "a finished session records nothing more")
    }

    func testFail_StaysOnStep_KeepsBlocksDone_SkipRecordsReason() {
        var s = session()
        s.blockDone()
        s.fail(reason: "not confirmed", at: "t1")
        XCTAssertEqual(s.step, 1)
        XCTAssertEqual(s.blocksDone, 1, "the block that succeeded is not run again")
        XCTAssertEqual(s.history.last, .init(step: 1, title: "One", result: .failed, reason: "not confirmed", at: "t1"))
        s.skip(sop, reason: "done by hand", at: "t2")
        XCTAssertEqual(s.step, 2)
        XCTAssertEqual(s.history.last?.result, .skipped)
        XCTAssertEqual(s.history.last?.reason, "done by hand")
    }

    func testBack_StopsAtFirst_ResetsBlocks_AbortEnds() {
        var s = session()
        s.complete(sop, at: "t1")
        s.blockDone()
        s.back(sop)
        XCTAssertEqual([s.step, s.blocksDone], [1, 0])
        XCTAssertEqual(s.stepTitle, "One")
        s.back(sop)
        XCTAssertEqual(s.step, 1)
        s.abort()
        XCTAssertEqual(s.state, .aborted)
        XCTAssertFalse(s.isActive)
        s.skip(sop, reason: "x", at: "t")
        XCTAssertEqual(s.step, 1, "an aborted session does not move")
    }

    func testFollow_ChangedSOP_FindsStepByTitle_OrSaysWhereItContinues() {
        var s = session()
        s.complete(sop, at: "t1")
        s.blockDone()
        XCTAssertNil(s.follow(sop, digest: "d1"), "same file: nothing to say")
        var moved = sop
        moved.steps.insert(SOPStep(title: "New first", line: 1), at: 0)
        let note = s.follow(moved, digest: "d2")
        XCTAssertEqual(s.step, 3)
        XCTAssertEqual(s.steps, 4)
        XCTAssertEqual(s.blocksDone, 1, "the same step: its finished blocks stay finished")
        XCTAssertTrue(note?.contains("“Two” is now step 3") == true, note ?? "")
        var renamed = moved
        renamed.steps[2].title = "Second"
        let note2 = s.follow(renamed, digest: "d3")
        XCTAssertEqual(s.step, 3)
        XCTAssertEqual(s.stepTitle, "Second")
        XCTAssertEqual(s.blocksDone, 0)
        XCTAssertTrue(note2?.contains("not found by title") == true, note2 ?? "")
    }

    func testCodable_RoundTrip_UsesTheStatusKeys() throws {
        var s = session()
        s.fail(reason: "r", at: "t")
        let data = try JSONEncoder().encode(s)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["id", "sop", "step", "steps", "state", "history", "step_title", "blocks_done",
                                          "digest", "started_at"])
        XCTAssertEqual(object["state"] as? String, "in_progress")
        XCTAssertEqual(try JSONDecoder().decode(SOPSession.self, from: data), s)
    }
}
