import XCTest
@testable import OpsPostgres

final class MigrationLockTests: XCTestCase {
    func testAcquire_Free_ThenRelease_HolderIsUsThenNobody() throws {
        try TestServer.withDatabase("lock_free") { conn, info in
            XCTAssertEqual(try MigrationLock.acquire(conn, wait: 1), .acquired)
            let observer = try PGConnection(conninfo: info)
            let holder = try XCTUnwrap(try MigrationLock.holder(observer))
            XCTAssertEqual(holder.pid, conn.backendPID)
            XCTAssertEqual(holder.applicationName, "evermed-ops")
            XCTAssertTrue(try MigrationLock.release(conn))
            XCTAssertNil(try MigrationLock.holder(observer))
            XCTAssertFalse(try MigrationLock.release(conn), "a second release finds nothing to release")
            XCTAssertEqual(try conn.query("SHOW lock_timeout").text(0, 0), "0", "acquire puts lock_timeout back")
        }
    }

    func testAcquire_HeldByAnotherEvermedSession_HeldWithinWait_NamesPidApplicationAndQuery() throws {
        try TestServer.withDatabase("lock_held") { holderConn, info in
            XCTAssertEqual(try MigrationLock.acquire(holderConn, wait: 1), .acquired)
            // Read before the connection is busy: its methods wait for the running query.
            let holderPID = holderConn.backendPID
            let stop = try XCTUnwrap(holderConn.cancelHandle)
            let busy = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                _ = try? holderConn.query("SELECT pg_sleep(30)")
                busy.signal()
            }
            defer { stop.cancel(); busy.wait() }
            Thread.sleep(forTimeInterval: 0.3)

            let waiter = try PGConnection(conninfo: info)
            let start = Date()
            let attempt = try MigrationLock.acquire(waiter, wait: 0.7)
            let waited = MigratorFixture.seconds(since: start)
            XCTAssertGreaterThanOrEqual(waited, 0.6)
            XCTAssertLessThan(waited, 3)
            guard case .held(let found) = attempt, let holder = found else { return XCTFail("\(attempt)") }
            XCTAssertEqual(holder.pid, holderPID)
            XCTAssertEqual(holder.applicationName, "evermed-ops")
            XCTAssertEqual(holder.state, "active")
            XCTAssertEqual(holder.query, "SELECT pg_sleep(30)")
            XCTAssertNotNil(holder.heldForSeconds)
            XCTAssertTrue(holder.description.hasPrefix("pid \(holderPID) (evermed-ops"), holder.description)
            XCTAssertTrue(holder.description.hasSuffix("running: SELECT pg_sleep(30)"), holder.description)
            XCTAssertEqual(try waiter.query("SHOW lock_timeout").text(0, 0), "0", "the waiter's lock_timeout is reset")
        }
    }

    func testAcquire_PrismaStyleHolder_IsSeen() throws {
        try TestServer.withDatabase("lock_prisma") { _, info in
            let prisma = try PGConnection(conninfo: info)
            try prisma.execute("SET application_name = 'prisma-migrate'")
            try prisma.execute("SELECT pg_advisory_lock(72707369)")  // Prisma's literal: an int4 promoted to bigint

            let us = try PGConnection(conninfo: info)
            guard case .held(let found) = try MigrationLock.acquire(us, wait: 0.3), let holder = found else {
                return XCTFail("the Prisma-style holder was not seen")
            }
            XCTAssertEqual(holder.pid, prisma.backendPID)
            XCTAssertEqual(holder.applicationName, "prisma-migrate")
            XCTAssertEqual(holder.query, "SELECT pg_advisory_lock(72707369)")
            XCTAssertEqual(holder.state, "idle")
            XCTAssertTrue(holder.description.contains("last query: SELECT pg_advisory_lock(72707369)"), holder.description)
        }
    }

    func testAcquire_NoWait_TriesOnce() throws {
        try TestServer.withDatabase("lock_nowait") { conn, info in
            XCTAssertEqual(try MigrationLock.acquire(conn, wait: 1), .acquired)
            let other = try PGConnection(conninfo: info)
            let start = Date()
            guard case .held(let holder) = try MigrationLock.acquire(other, wait: 0) else { return XCTFail() }
            XCTAssertLessThan(MigratorFixture.seconds(since: start), 0.5)
            XCTAssertEqual(holder?.pid, conn.backendPID)
        }
    }

    func testLock_ReleasedWhenTheHoldingConnectionCloses() throws {
        try TestServer.withDatabase("lock_close") { _, info in
            do {
                let holder = try PGConnection(conninfo: info)
                XCTAssertEqual(try MigrationLock.acquire(holder, wait: 1), .acquired)
            }  // PQfinish in deinit ends the session, and with it the session-level lock
            let next = try PGConnection(conninfo: info)
            XCTAssertEqual(try MigrationLock.acquire(next, wait: 5), .acquired)
        }
    }

    func testLock_OtherDatabase_DoesNotConflict() throws {
        try TestServer.withDatabase("lock_db_a") { a, _ in
            try TestServer.withDatabase("lock_db_b") { b, _ in
                XCTAssertEqual(try MigrationLock.acquire(a, wait: 1), .acquired)
                XCTAssertNil(try MigrationLock.holder(b))
                XCTAssertEqual(try MigrationLock.acquire(b, wait: 0), .acquired)
            }
        }
    }

    func testAcquire_InsideATransaction_Throws() throws {
        try TestServer.withDatabase("lock_tx") { conn, _ in
            try conn.execute("BEGIN")
            XCTAssertThrowsError(try MigrationLock.acquire(conn, wait: 1))
            try conn.execute("ROLLBACK")
        }
    }

    func testHolderDescription_UnixSocketIdleAndUnknownAge() {
        let holder = LockHolder(pid: 7, applicationName: "", clientAddress: nil, heldForSeconds: nil,
                                state: "idle in transaction", query: "SELECT 1")
        XCTAssertEqual(holder.description, "pid 7 (no application_name) holds it, idle in transaction, last query: SELECT 1")
        let active = LockHolder(pid: 4242, applicationName: "evermed-ops", clientAddress: "10.0.0.7", heldForSeconds: 12.4,
                                state: "active", query: "SELECT pg_sleep(30)")
        XCTAssertEqual(active.description,
                       "pid 4242 (evermed-ops, 10.0.0.7) has held it for up to 12 s, running: SELECT pg_sleep(30)")
    }

    func testShorten_CollapsesWhitespaceAndCapsAt200() {
        XCTAssertEqual(LockHolder.shorten("SELECT\n  1,\t2"), "SELECT 1, 2")
        let long = LockHolder.shorten(String(repeating: "x ", count: 300))
        XCTAssertEqual(long.count, 200)
    }
}
