import XCTest
@testable import OpsPlaybooks
import OpsCore

final class SOPLoaderTests: XCTestCase {
    func parse(_ text: String, name: String = "t") throws(SOPParseError) -> SOP {
        try SOPLoader.parse(text, name: name, file: "sops/t.md")
    }

    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SOPParseError? {
        do {
            let sop = try parse(text)
            XCTFail("parsed: \(sop)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Shipped

    func testShippedSOPs_ParseWithoutErrors_DatabaseChangesHasExactly14Steps() throws {
        let catalog = SOPCatalog.shipped
        XCTAssertEqual(catalog.entries.map(\.name), ["database-changes", "deployment", "drift-incident"])
        for entry in catalog.entries { XCTAssertNil(entry.error, entry.name) }
        let changes = try XCTUnwrap(catalog.entry(named: "database-changes")).sop.get()
        XCTAssertEqual(changes.steps.count, 14)
        XCTAssertEqual(changes.steps.first?.title, "Sync and check local state")
        XCTAssertEqual(changes.steps.last?.title, "Verify production")
        for step in changes.steps {
            XCTAssertTrue(step.prose.first?.hasPrefix("**Why:**") == true, "step \(step.title) says why it exists")
            XCTAssertFalse(step.blocks.isEmpty && step.gates.isEmpty, "step \(step.title) has real checks")
        }
        XCTAssertEqual(changes.steps[12].gates, [.environment("production", .upToDate)])
        XCTAssertEqual(changes.steps[13].gates.map(\.description), ["production in_sync", "all in_sync"])
        XCTAssertEqual(changes.steps[6].blocks, [.command("typecheck"), .command("lint"), .command("build")])
    }

    func testShippedDeploymentAndDriftIncident_HaveTheirParts() throws {
        let deployment = try XCTUnwrap(SOPCatalog.shipped.entry(named: "deployment")).sop.get()
        XCTAssertEqual(deployment.steps.map(\.title), ["Pre-deployment checklist", "Deploy to staging", "Verify staging",
                                                       "Deploy to production", "Verify production", "Rollback procedure",
                                                       "Hotfix workflow"])
        XCTAssertTrue(deployment.steps[0].blocks.contains { $0.kind == "sh" })
        XCTAssertEqual(deployment.steps[3].blocks.first?.lines, ["deploy production --dry-run", "deploy production --backup-to backups"])
        let drift = try XCTUnwrap(SOPCatalog.shipped.entry(named: "drift-incident")).sop.get()
        XCTAssertEqual(drift.steps.last?.blocks.filter { $0.kind == "confirm" }.count, 2)
        XCTAssertTrue(drift.steps.contains { $0.gates == [.environment("all", .inSync)] })
    }

    // MARK: - The format

    func testSteps_BlocksAndGates_InDocumentOrder() throws {
        let sop = try parse("""
            ---
            title: Tiny
            tags: [a, b]
            ---
            Intro line.

            ## 1. First
            Some prose with `code`.

            - [ ] Confirm this
            - plain item

            ```ops
            status
            # a comment
            check staging
            ```

            ```sh
            echo hi
            ```

            > run: typecheck
            > expect: staging in_sync
            > expect: git clean migrations
            > A note.

            ## Step 2: Second
            ```sql
            SELECT 1;
            ```
            > expect: production applied 2025
            """)
        XCTAssertEqual(sop.title, "Tiny")
        XCTAssertEqual(sop.tags, ["a", "b"])
        XCTAssertEqual(sop.intro, ["Intro line."])
        XCTAssertEqual(sop.steps.map(\.title), ["First", "Second"])
        let first = sop.steps[0]
        XCTAssertEqual(first.line, 7)
        XCTAssertEqual(first.blocks, [.confirm("Confirm this"), .ops("status\n# a comment\ncheck staging"), .sh("echo hi"),
                                      .command("typecheck")])
        XCTAssertEqual(first.blocks[1].lines, ["status", "check staging"])
        XCTAssertEqual(first.gates, [.environment("staging", .inSync), .gitClean(path: nil)])
        XCTAssertTrue(first.prose.contains("Some prose with `code`."))
        XCTAssertTrue(first.prose.contains("• plain item"))
        XCTAssertTrue(first.prose.contains("> A note."))
        XCTAssertEqual(sop.steps[1].blocks, [])
        XCTAssertEqual(sop.steps[1].prose, ["    SELECT 1;"])
        XCTAssertEqual(sop.steps[1].gates, [.environment("production", .applied(prefix: "2025"))])
    }

    func testTitle_FromH1WhenNoFrontMatter_ElseName() throws {
        XCTAssertEqual(try parse("# Hello\n\n## A\ntext\n").title, "Hello")
        XCTAssertEqual(try parse("## A\ntext\n", name: "plain").title, "plain")
    }

    // MARK: - Errors name file:line

    func testErrors_NameFileLineAndWhatIsWrong() {
        let cases: [(String, Int, String)] = [
            ("## A\n\n```ops\nstatus\n", 3, "unclosed ``` fence"),
            ("## A\n\n```bash\nls\n```\n", 3, "unknown block type ```bash"),
            ("## A\ntext\n##\n", 3, "a step without a title"),
            ("## A\ntext\n## 2. a\n", 3, "duplicate step title `a` (first at line 1)"),
            ("## A\n> expect: staging synced\n", 2, "unknown condition `synced`"),
            ("## A\n> expect: git pulled\n", 2, "not a git condition"),
            ("---\ntitle: [unclosed\n---\n## A\n", 2, "bad front matter"),
            ("---\ntitel: x\n---\n## A\n", 2, "unknown key `titel`"),
            ("---\ntitle: x\n## A\n", 1, "never closed"),
            ("Just prose.\n", 1, "no steps"),
            ("## A\n```ops\ndeploy staging --dryrun\n```\n", 3, "deploy has no flag --dryrun"),
            ("## A\n```ops\n```\n", 2, "an empty ```ops block"),
            ("```sh\nls\n```\n## A\n", 1, "before the first `## ` step"),
            ("## A\n> run: npm test\n", 2, "takes the name of a project command"),
        ]
        for (text, line, message) in cases {
            guard let e = error(text) else { continue }
            XCTAssertEqual(e.file, "sops/t.md")
            XCTAssertEqual(e.line, line, "\(text.debugDescription): \(e)")
            XCTAssertTrue(e.message.contains(message), "\(text.debugDescription): \(e.message)")
            XCTAssertTrue(e.description.hasPrefix("sops/t.md:\(line): "))
        }
    }

    func testIndentedFenceInsideText_AndTildeFence_AreClosed() throws {
        let sop = try parse("## A\n~~~sh\necho ~\n~~~\n\n````ops\nstatus\n````\n")
        XCTAssertEqual(sop.steps[0].blocks, [.sh("echo ~"), .ops("status")])
    }
}
