import Foundation
import OpsCore
import XCTest
@testable import OpsWorkspace

/// Issue 7: a `migration.sql` is read only when it really is a plain file in the migrations folder. A
/// symbolic link to `/proc/self/environ` printed the CI token in a dry run; one to `.env` wrote an AWS key
/// into `_prisma_migrations.logs`.
final class MigrationFileSafetyTests: XCTestCase {
    private func loadError(_ project: TestProject, line: UInt = #line) -> String {
        do {
            _ = try MigrationsFolder.load(directory: project.path("db/migrations"), displayPath: "db/migrations")
            XCTFail("expected an error", line: line)
        } catch {
            return String(describing: error)
        }
        return ""
    }

    private func link(_ project: TestProject, _ name: String, to target: String) {
        project.mkdir("db/migrations/\(name)")
        XCTAssertNoThrow(try FileManager.default.createSymbolicLink(
            atPath: project.path("db/migrations/\(name)/migration.sql"), withDestinationPath: target))
    }

    func testSymlinkOutOfTheProject_Refused() {
        let project = TestProject()
        link(project, "20250101000000_environ", to: "/proc/self/environ")
        let message = loadError(project)
        XCTAssertTrue(message.hasPrefix("db/migrations/20250101000000_environ/migration.sql: refused to read it: it is a "
                                        + "symbolic link that leads out of its folder"), message)
        XCTAssertFalse(message.contains("PATH="), "nothing of the file is read: \(message)")
    }

    func testSymlinkToTheProjectsDotEnv_Refused() {
        let project = TestProject()
        project.write(".env", "AWS_SECRET_ACCESS_KEY=abcdefgh12345678\n")
        link(project, "20250101000000_env", to: "../../../.env")
        let message = loadError(project)
        XCTAssertTrue(message.contains("leads out of its folder"), message)
        XCTAssertFalse(message.contains("abcdefgh"), message)
    }

    func testFIFO_RefusedWithoutBlocking() {
        let project = TestProject()
        project.mkdir("db/migrations/20250101000000_fifo")
        XCTAssertEqual(mkfifo(project.path("db/migrations/20250101000000_fifo/migration.sql"), 0o600), 0)
        let message = loadError(project)
        XCTAssertTrue(message.contains("it is not a regular file (a FIFO)"), message)
        XCTAssertTrue(message.contains("replace it with a plain file"), message)
    }

    func testSymlinkInsideTheFolder_Allowed() throws {
        let project = TestProject()
        project.write("db/migrations/20250101000000_a/migration.sql", "CREATE TABLE a (id int);")
        link(project, "20250102000000_same_as_a", to: "../20250101000000_a/migration.sql")
        let folder = try MigrationsFolder.load(directory: project.path("db/migrations"), displayPath: "db/migrations")
        XCTAssertEqual(folder.migrations.map(\.sql), ["CREATE TABLE a (id int);", "CREATE TABLE a (id int);"])
    }

    func testFolderThatIsALink_ItsFilesAllowed() throws {
        let project = TestProject()
        project.write("shared/migrations/20250101000000_a/migration.sql", "SELECT 1;")
        project.mkdir("db")
        try FileManager.default.createSymbolicLink(atPath: project.path("db/migrations"),
                                                   withDestinationPath: project.path("shared/migrations"))
        let folder = try MigrationsFolder.load(directory: project.path("db/migrations"), displayPath: "db/migrations")
        XCTAssertEqual(folder.migrations.map(\.name), ["20250101000000_a"])
    }

    func testBOM_KeptInTheChecksumDroppedFromTheSQL() throws {
        let project = TestProject()
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("SELECT 1;\n".utf8)
        project.write("db/migrations/20250101000000_bom/migration.sql", bytes: bytes)
        let m = try XCTUnwrap(try MigrationsFolder.load(directory: project.path("db/migrations"), displayPath: "db/migrations")
            .migrations.first)
        XCTAssertEqual(m.sql, "SELECT 1;\n")
        XCTAssertEqual(m.checksum, SHA256.hex(bytes))
        XCTAssertTrue(m.matches(checksum: SHA256.hex([0xEF, 0xBB, 0xBF] + Array("SELECT 1;\r\n".utf8))))
    }

    func testNotUTF8_NamesTheLine() {
        let project = TestProject()
        project.write("db/migrations/20250101000000_latin1/migration.sql", bytes: Array("SELECT 1;\n-- caf".utf8) + [0xE9, 10])
        XCTAssertTrue(loadError(project).hasPrefix("db/migrations/20250101000000_latin1/migration.sql:2: the file is not valid UTF-8"))
    }
}
