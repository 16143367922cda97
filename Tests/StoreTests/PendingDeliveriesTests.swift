import Foundation
import GRDB
import Testing
import WirewatchCore
@testable import Store

/// The status line's pending count runs after every poll: it reads the pending deliveries
/// through the state index, never a pass over every delivery the store keeps.
@Suite struct PendingDeliveriesTests {
    let t0 = StoreFile.start

    @Test func thePendingCountSearchesTheStateIndex() throws {
        let s = try StoreFile()
        let ids = try s.poll("f", fresh: ["a", "b", "c"], alerts: true, sinks: ["log"], at: t0)
        try s.store.markDelivered(alert: ids[0], sink: "log", now: t0)
        #expect(try s.store.pendingDeliveries() == 2)
        #expect(try s.store.pendingDeliveries() == s.store.deliveryCounts().pending)
        let plan = try s.store.db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.pendingCount).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH delivery USING COVERING INDEX delivery_state (state=?)"])
    }
}
