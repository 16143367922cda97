import Foundation
import PostgresStore
import Store
import TestSupport
import Testing
import WirewatchCore

/// A database whose wirewatch tables were dropped (by hand, or by a partial restore) while `wirewatch_schema`
/// says they were made: the daemon's store and the commands' refuse it, naming the tables, and change
/// nothing (the daemon would otherwise say it is ready and fail every poll and delivery); a store already
/// open fails its probe, which `/readyz` asks. A database without `wirewatch_schema` may hold other
/// programs' tables: the store is made beside them.
@Suite struct DroppedTableTests {
    @Test func aDatabaseWhoseTablesWereDroppedIsRefusedAndLeftAsItWas() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("dropped")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let running = try PostgresStore(url: url, owner: "a", logger: quietLogger)
        try running.probe()
        try server.psql("DROP TABLE sink_hold; DROP TABLE host_hold", database: database)

        let said = "not a usable wirewatch store: tables its migrations made are gone (host_hold, sink_hold)"
        // Without the start's advice ("changes nothing in it"): the daemon is running on it.
        let probe = #expect(throws: PostgresStoreError.self) { try running.probe() }
        #expect(probe?.cause == "tables of its schema are gone (host_hold, sink_hold)", "\(String(describing: probe))")
        for open in [{ _ = try PostgresStore(url: url, owner: "b", logger: quietLogger) },
                     { _ = try PostgresStore.existing(url: url, owner: "c", logger: quietLogger) }] {
            let error = #expect(throws: PostgresStoreError.self) { try open() }
            #expect(error?.cause.hasPrefix(said) == true, "\(String(describing: error))")
            #expect(error.map { "\($0)" }?.contains("\n") == false)
        }
        #expect(try server.psql("SELECT count(*) FROM pg_tables WHERE tablename IN ('sink_hold', 'host_hold')", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func aDatabaseHoldingOtherTablesGetsTheStoreBesideThem() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("shared")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        try server.psql("CREATE TABLE invoices (id int)", database: database)
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger)
        try store.probe()
        _ = try PostgresStore.existing(url: url, owner: "b", logger: quietLogger)
    }
}
