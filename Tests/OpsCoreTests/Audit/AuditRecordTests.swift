import Foundation
import XCTest
@testable import OpsCore

final class AuditRecordTests: XCTestCase {
    let full = AuditRecord(time: "2025-10-12T08:15:30.123Z", user: "ana", host: "build-01", environment: "production",
                           target: "db.example.com:5432/app", action: .deploy,
                           migrations: ["20251002000000_rename", "20251011000000_fix"], outcome: .applied,
                           gate: nil, detail: "2 migrations, line \"7\"\ttab\nnewline é ✓", durationMs: 1834,
                           backup: ".evermed-ops/backups/production-20251012T081530Z.dump", allowDrift: false)

    func testJsonLine_SortedSnakeCaseCompactOneLine() {
        let line = full.jsonLine()
        XCTAssertFalse(line.contains("\n"))
        XCTAssertEqual(line, #"{"action":"deploy","allow_drift":false,"backup":".evermed-ops/backups/production-20251012T081530Z.dump","#
                       + #""detail":"2 migrations, line \"7\"\ttab\nnewline é ✓","duration_ms":1834,"environment":"production","#
                       + #""host":"build-01","migrations":["20251002000000_rename","20251011000000_fix"],"outcome":"applied","#
                       + #""target":"db.example.com:5432/app","time":"2025-10-12T08:15:30.123Z","user":"ana"}"#)
    }

    func testJsonLine_AbsentOptionalsLeftOut() {
        let refused = AuditRecord(time: "t", user: "u", host: "h", environment: "staging", target: "db:5432/app",
                                  action: .refused, outcome: .refused, gate: Gate.drift.rawValue)
        XCTAssertEqual(refused.jsonLine(), #"{"action":"refused","environment":"staging","gate":"drift","host":"h","#
                       + #""migrations":[],"outcome":"refused","target":"db:5432/app","time":"t","user":"u"}"#)
    }

    func testParse_RoundTrip() {
        XCTAssertEqual(AuditRecord.parse(line: full.jsonLine()), full)
        let minimal = AuditRecord(time: "t", user: "u", host: "h", environment: "e", target: "x", action: .resolve, outcome: .dryRun)
        XCTAssertEqual(AuditRecord.parse(line: minimal.jsonLine()), minimal)
        for action in AuditRecord.Action.allCases {
            for outcome in AuditRecord.Outcome.allCases {
                var r = minimal
                r.action = action
                r.outcome = outcome
                XCTAssertEqual(AuditRecord.parse(line: r.jsonLine()), r)
            }
        }
    }

    func testParse_AgreesWithFoundationCodable() throws {
        let decoded = try JSONDecoder().decode(AuditRecord.self, from: Data(full.jsonLine().utf8))
        XCTAssertEqual(decoded, full)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = String(decoding: try encoder.encode(full), as: UTF8.self)
        XCTAssertEqual(AuditRecord.parse(line: line), full)
        XCTAssertTrue(line.contains("\"duration_ms\":1834") && line.contains("\"allow_drift\":false"))
    }

    func testParse_WhitespaceUnicodeEscapesAndUnknownKeys() {
        let line = #"{ "time": "t", "user": "\u00e9\ud83d\ude00", "host": "h", "environment": "e", "target": "x", "#
            + #""action": "apply", "outcome": "ok", "migrations": [ "a" ], "future_key": null, "duration_ms": -1 }"#
        let r = AuditRecord.parse(line: line)
        XCTAssertEqual(r?.user, "é😀")
        XCTAssertEqual(r?.migrations, ["a"])
        XCTAssertEqual(r?.durationMs, -1)
    }

    func testParse_Malformed_Nil() {
        for line in ["", "not json", "{}", #"{"time":"t"}"#, String(full.jsonLine().dropLast()), full.jsonLine() + "x",
                     full.jsonLine().replacingOccurrences(of: "\"deploy\"", with: "\"explode\"")] {
            XCTAssertNil(AuditRecord.parse(line: line), line)
        }
    }

    func testJsonLine_FromRedactedInput_HasNoSecret() {
        let secret = "s3cr3t-pa55"
        let redactor = Redactor(secrets: [secret])
        let detail = redactor.redact("connect to postgresql://app:\(secret)@db:5432/app failed; password=\(secret)")
        let r = AuditRecord(time: "t", user: "u", host: "h", environment: "production", target: "db:5432/app",
                            action: .deploy, outcome: .failed, detail: detail)
        XCTAssertFalse(r.jsonLine().contains(secret))
        XCTAssertTrue(r.jsonLine().contains("***"))
    }
}
