import OpsCore
import XCTest
@testable import OpsWorkspace

final class MigrationsFolderTests: XCTestCase {
    private func load(_ project: TestProject, _ dir: String = "db/migrations") throws -> MigrationsFolder {
        try MigrationsFolder.load(directory: project.path(dir), displayPath: dir)
    }

    private func loadError(_ project: TestProject, line: UInt = #line) -> WorkspaceError? {
        do {
            _ = try load(project)
            XCTFail("expected an error", line: line)
        } catch {
            return error as? WorkspaceError
        }
        return nil
    }

    func testFolder_SortsByName_SkipsStraysAndHidden() throws {
        let project = TestProject()
        project.write("db/migrations/20250102000000_second/migration.sql", "create table b();")
        project.write("db/migrations/20250101000000_first/migration.sql", "create table a();")
        project.write("db/migrations/3_third/migration.sql", "create table c();")
        project.write("db/migrations/README.md", "# notes")
        project.write("db/migrations/.DS_Store", "junk")
        project.write("db/migrations/.hidden_dir/migration.sql", "junk")
        project.write("db/migrations/migration_lock.toml", "# Please do not edit\nprovider = \"postgresql\"\n")
        let folder = try load(project)
        XCTAssertEqual(folder.migrations.map(\.name), ["20250101000000_first", "20250102000000_second", "3_third"])
        XCTAssertEqual(folder.warnings, [])
        let first = folder.migrations[0]
        XCTAssertEqual(first.sql, "create table a();")
        XCTAssertEqual(first.path, "db/migrations/20250101000000_first/migration.sql")
        XCTAssertEqual(first.checksum, SHA256.hex("create table a();"))
    }

    func testFolder_MissingMigrationSQL_WarnsAndSkips() throws {
        let project = TestProject()
        project.write("db/migrations/1_ok/migration.sql", "select 1;")
        project.mkdir("db/migrations/2_half_made")
        let folder = try load(project)
        XCTAssertEqual(folder.migrations.map(\.name), ["1_ok"])
        XCTAssertEqual(folder.warnings.count, 1)
        XCTAssertTrue(folder.warnings[0].hasPrefix("db/migrations/2_half_made has no migration.sql"), folder.warnings[0])
    }

    func testFolder_LockFileProvider_WarnsWhenNotPostgres() throws {
        let project = TestProject()
        project.write("db/migrations/migration_lock.toml", "provider = \"mysql\"\n")
        let folder = try load(project)
        XCTAssertEqual(folder.migrations, [])
        XCTAssertEqual(folder.warnings.count, 1)
        XCTAssertTrue(folder.warnings[0].contains("provider = \"mysql\""), folder.warnings[0])
    }

    func testFolder_MalformedName_SuggestsRename() {
        let project = TestProject()
        project.write("db/migrations/1_ok/migration.sql", "select 1;")
        project.write("db/migrations/20251011-Fix Schema/migration.sql", "select 1;")
        let e = loadError(project)
        XCTAssertEqual(e, .malformedMigrationName(directory: "db/migrations", name: "20251011-Fix Schema"))
        assertMessage(e, startsWith: "db/migrations/20251011-Fix Schema: migration folder names must look like "
                      + "<digits>_<words>", contains: ["20251011000000_fix_personal_model_schema",
                                                       "Rename it, e.g. to 20251011_fix_schema"])
    }

    func testFolder_NotUTF8_NamesFileAndLine() {
        let project = TestProject()
        let bytes = Array("-- ok\nselect 1;\nselect 'caf".utf8) + [0xE9] + Array("';\n".utf8)
        project.write("db/migrations/7_latin1/migration.sql", bytes: bytes)
        let e = loadError(project)
        XCTAssertEqual(e, .notUTF8(path: "db/migrations/7_latin1/migration.sql", line: 3))
        assertMessage(e, startsWith: "db/migrations/7_latin1/migration.sql:3: the file is not valid UTF-8",
                      contains: ["Re-save it as UTF-8"])
    }

    func testFolder_MigrationSQLIsDirectory_Unreadable() {
        let project = TestProject()
        project.mkdir("db/migrations/1_odd/migration.sql")
        assertMessage(loadError(project), startsWith: "db/migrations/1_odd/migration.sql: refused to read it: it is not a regular file (a directory)")
    }

    func testFolder_DirectoryMissing_PointsAtConfig() {
        let project = TestProject()
        let e = loadError(project)
        XCTAssertEqual(e, .migrationsDirectoryNotFound(path: "db/migrations", configuredAt: nil))
        assertMessage(e, startsWith: "Migrations directory db/migrations does not exist.",
                      contains: ["set migrations: in evermed-ops.yml"])
    }

    func testFolder_CRLFFile_MatchesLFChecksumAndBack() throws {
        let project = TestProject()
        let lf = "create table a (\n  id int\n);\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        project.write("db/migrations/1_crlf/migration.sql", crlf)
        project.write("db/migrations/2_lf/migration.sql", lf)
        let folder = try load(project)
        let (crlfMigration, lfMigration) = (folder.migrations[0], folder.migrations[1])
        XCTAssertEqual(crlfMigration.checksum, SHA256.hex(crlf))
        XCTAssertTrue(crlfMigration.matches(checksum: SHA256.hex(lf)))  // applied from an LF checkout
        XCTAssertTrue(lfMigration.matches(checksum: SHA256.hex(crlf).uppercased()))  // applied from Windows
        XCTAssertFalse(lfMigration.matches(checksum: SHA256.hex("something else")))
    }

    func testFolder_BOM_KeptInChecksumStrippedFromSQL() throws {
        let project = TestProject()
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("select 1;".utf8)
        project.write("db/migrations/1_bom/migration.sql", bytes: bytes)
        let migration = try load(project).migrations[0]
        XCTAssertEqual(migration.sql, "select 1;")
        XCTAssertEqual(migration.checksum, SHA256.hex(bytes))
    }

    /// Speed is measured in `make bench`, not here: this checks that a large folder loads whole and in order.
    func testFolder_FiveHundredMigrations_LoadInNameOrder() throws {
        let project = TestProject()
        let body = String(repeating: "alter table t add column c int; -- padding padding padding\n", count: 20)
        for i in 0..<500 {
            project.write("db/migrations/\(20250101000000 + i)_step_\(i)/migration.sql", body)
        }
        let folder = try load(project)
        XCTAssertEqual(folder.migrations.count, 500)
        XCTAssertEqual(folder.migrations.first?.name, "20250101000000_step_0")
        XCTAssertEqual(folder.migrations.last?.name, "20250101000499_step_499")
        XCTAssertEqual(folder.migrations.map(\.name), folder.migrations.map(\.name).sorted())
    }
}
