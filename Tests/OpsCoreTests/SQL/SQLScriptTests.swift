import XCTest
@testable import OpsCore

final class SQLScriptTests: XCTestCase {
    func texts(_ sql: String) -> [String] {
        SQLScript(sql).executable.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    func testSplit_SimpleStatements_WithLines() {
        let script = SQLScript("CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n")
        XCTAssertEqual(script.executable.map(\.line), [1, 3])
        XCTAssertEqual(texts("SELECT 1; SELECT 2"), ["SELECT 1", "SELECT 2"])
    }

    func testSplit_SemicolonsInsideQuotesAndComments_DoNotSplit() {
        let sql = """
        -- a comment; with a semicolon
        INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y');
        /* block; /* nested; */ still comment; */
        SELECT "weird;name" FROM t;
        """
        XCTAssertEqual(texts(sql).count, 2)
        XCTAssertEqual(SQLScript(sql).executable.map(\.line), [2, 4])
    }

    func testSplit_DollarQuotedBodies_StayWhole() {
        let sql = """
        CREATE FUNCTION f() RETURNS trigger AS $$
        BEGIN
          NEW."updatedAt" = now();
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        DO $body$ BEGIN PERFORM 1; END $body$;
        SELECT 1;
        """
        let parts = texts(sql)
        XCTAssertEqual(parts.count, 3)
        XCTAssertTrue(parts[0].hasSuffix("LANGUAGE plpgsql"))
        XCTAssertTrue(parts[1].hasPrefix("DO $body$"))
    }

    func testSplit_BeginAtomicBody_StaysWhole() {
        let sql = """
        CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql
        BEGIN ATOMIC
          SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
          SELECT 2;
        END;
        SELECT 3;
        """
        XCTAssertEqual(texts(sql).count, 2)
        XCTAssertEqual(texts(sql)[1], "SELECT 3")
    }

    func testSplit_CommentOnlyTail_IsEmpty() {
        let script = SQLScript("SELECT 1;\n-- trailing comment\n")
        XCTAssertEqual(script.statements.count, 2)
        XCTAssertTrue(script.statements[1].isEmpty)
        XCTAssertEqual(script.executable.count, 1)
    }

    func testLineOfPosition_CountsFromTextStart() {
        let sql = "SELECT 1;\n-- why\nALTER TABLE x\n  ADD COLUMN y nope;\n"
        let statement = SQLScript(sql).executable[1]
        XCTAssertEqual(statement.line, 3)
        let position = (statement.text.distance(from: statement.text.startIndex,
                                                 to: statement.text.range(of: "nope")!.lowerBound)) + 1
        XCTAssertEqual(statement.line(ofPosition: position), 4)
        XCTAssertEqual(statement.line(ofPosition: 1), 1, "position 1 is the newline right after the previous semicolon")
    }

    func testSplit_DollarInIdentifier_IsNotAQuote() {
        XCTAssertEqual(texts("SELECT a$b FROM t; SELECT 2").count, 2)
    }
}

/// The byte scanner against the first, `Character`-based splitter (`ReferenceSplitter`) on seeded random
/// scripts built from the pieces that matter: quotes, dollar quotes, comments, `BEGIN ATOMIC … END`,
/// semicolons, every kind of line break and multi-byte text.
final class SQLScriptFuzzTests: XCTestCase {
    static let pieces = [
        "SELECT 1", ";", " ", "\n", "\r\n", "\r", "'a;b'", "'it''s'", "E'x\\';y'", "xE'z'", "\"we;ird\"", "$$ ; $$",
        "$f$ BEGIN ; END $f$", "a$b", "-- c;\n", "/* x; /* y; */ z; */", "BEGIN ATOMIC", "CASE", "END", "é", "名",
        "CREATE TABLE t (id int)", "$", "'", "\"", "/*", "--", "E", "e'\\n'", "1.5", "_x9",
    ]

    func testSplit_RandomScripts_MatchReferenceSplitter() {
        var rng = SplitMix(seed: 20251201)
        var split = 0, multiLine = 0
        for round in 0..<3000 {
            var sql = ""
            for _ in 0..<Int(rng.next() % 24) { sql += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            let fast = SQLScript(sql).statements, slow = ReferenceSplitter.split(sql)
            XCTAssertEqual(fast, slow, "round \(round): \(sql.debugDescription)")
            if fast != slow { break }
            if fast.count > 1 { split += 1 }
            if fast.contains(where: { $0.line > 1 }) { multiLine += 1 }
        }
        // The inputs exercise splitting and line counting, not just single statements.
        XCTAssertGreaterThan(split, 500)
        XCTAssertGreaterThan(multiLine, 500)
    }
}
