import XCTest
@testable import OpsPostgres

final class PGConnectionTests: XCTestCase {
    func testConnect_UnreachablePort_ThrowsConnectionError() throws {
        XCTAssertThrowsError(try PGConnection(conninfo: "host=127.0.0.1 port=1 user=nobody dbname=x connect_timeout=2")) {
            let error = try? XCTUnwrap($0 as? PGError)
            XCTAssertEqual(error?.kind, .connection)
            XCTAssertTrue(error?.message.contains("127.0.0.1") ?? false, error?.message ?? "")
        }
    }

    func testConnect_WrongPassword_Is28P01AndHidesThePassword() throws {
        let admin = try TestServer.conninfo()
        var options = try ConnInfo.parse(admin).filter { $0.keyword != "password" && $0.keyword != "host" }
        options.append(("host", "127.0.0.1"))
        options.append(("password", "Sup3rSecretWrong"))
        let bad = options.map { "\($0.keyword)=\(ConnInfo.quoteValue($0.value))" }.joined(separator: " ")
        XCTAssertThrowsError(try PGConnection(conninfo: bad)) {
            guard let error = $0 as? PGError else { return XCTFail("not a PGError: \($0)") }
            XCTAssertEqual(error.kind, .connection)
            XCTAssertEqual(error.sqlstate, PGError.Code.invalidPassword)
            XCTAssertFalse(error.description.contains("Sup3rSecretWrong"))
            XCTAssertFalse("\(error)".contains("Sup3rSecretWrong"))
        }
    }

    func testConnect_URLForm_Works() throws {
        let admin = try TestServer.conninfo()
        let o = Dictionary(try ConnInfo.parse(admin).map { ($0.keyword, $0.value) }, uniquingKeysWith: { $1 })
        guard let host = o["host"], !host.hasPrefix("/") else { return }  // URL form needs a TCP host here
        var url = "postgresql://\(o["user"] ?? "postgres")"
        if let password = o["password"] { url += ":" + password }
        url += "@\(host):\(o["port"] ?? "5432")/\(o["dbname"] ?? "postgres")"
        let conn = try PGConnection(conninfo: url)
        XCTAssertGreaterThanOrEqual(conn.serverVersion, 100000)
    }

    func testQuery_Parameters_AreBoundNotInterpolated() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        let r = try conn.query("SELECT $1::text || '!', $2::int + 1, $3::text IS NULL", ["it's", "41", nil])
        XCTAssertEqual(r.rowCount, 1)
        XCTAssertEqual(r.columnCount, 3)
        XCTAssertEqual(r.string(0, 0), "it's!")
        XCTAssertEqual(r.string(0, 1), "42")
        XCTAssertEqual(r.string(0, 2), "t")
    }

    func testResult_NullsAndEmptyStrings_AreDistinct() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        let r = try conn.query("SELECT NULL::text, ''::text, 'é'::text UNION ALL SELECT 'a', 'b', NULL")
        XCTAssertNil(r.string(0, 0))
        XCTAssertEqual(r.string(0, 1), "")
        XCTAssertEqual(r.string(0, 2), "é")
        XCTAssertEqual(r.rows.map { $0[0] }, [nil, "a"])
        XCTAssertEqual(r.rows.count, 2)
    }

    func testQuery_ServerError_CarriesFields() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        XCTAssertThrowsError(try conn.query("SELECT * FROM no_such_table")) {
            guard let error = $0 as? PGError else { return XCTFail("\($0)") }
            XCTAssertEqual(error.kind, .query)
            XCTAssertEqual(error.sqlstate, PGError.Code.undefinedTable)
            XCTAssertEqual(error.position, 15)
            XCTAssertEqual(error.description, "relation \"no_such_table\" does not exist (SQLSTATE 42P01)")
        }
        // The connection stays usable after an error.
        XCTAssertEqual(try conn.query("SELECT 1").string(0, 0), "1")
    }

    func testExecute_MultiStatementScript() throws {
        try TestServer.withDatabase("exec") { conn, _ in
            try conn.execute("CREATE TABLE t (a int); INSERT INTO t VALUES (1), (2);")
            XCTAssertEqual(try conn.query("SELECT count(*) FROM t").string(0, 0), "2")
        }
    }

    func testCancel_StopsARunningQuery() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        let cancel = try XCTUnwrap(conn.cancelHandle)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel.cancel() }
        XCTAssertThrowsError(try conn.query("SELECT pg_sleep(10)")) {
            XCTAssertEqual(($0 as? PGError)?.sqlstate, PGError.Code.queryCanceled)
        }
        XCTAssertEqual(try conn.query("SELECT 1").string(0, 0), "1")
    }

    func testPipeline_ResultsInOrder() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        var seen: [String] = []
        try conn.pipeline(["SELECT 'a'", "SELECT 'b' UNION ALL SELECT 'c'", "SELECT NULL"]) { index, result in
            seen.append("\(index):" + result.rows.map { $0[0] ?? "null" }.joined(separator: ","))
        }
        XCTAssertEqual(seen, ["0:a", "1:b,c", "2:null"])
    }

    func testPipeline_ErrorInTheMiddle_ThrowsItAndSkipsTheRest_ConnectionReusable() throws {
        let conn = try PGConnection(conninfo: try TestServer.conninfo())
        var seen: [Int] = []
        XCTAssertThrowsError(try conn.pipeline(["SELECT 1", "SELECT * FROM nope", "SELECT 3"]) { i, _ in seen.append(i) }) {
            XCTAssertEqual(($0 as? PGError)?.sqlstate, PGError.Code.undefinedTable)
        }
        XCTAssertEqual(seen, [0])
        XCTAssertEqual(try conn.query("SELECT $1::int * 2", ["21"]).string(0, 0), "42")
    }
}
