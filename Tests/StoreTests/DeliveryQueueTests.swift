import Foundation
import GRDB
import Testing
import WirewatchCore
@testable import Store

/// A sink's queue: due deliveries oldest alert first (then by id), retries merged in by their alert's
/// age once due, read through the two queue indexes; a batch of deliveries marked in one transaction.
@Suite struct DeliveryQueueTests {
    let t0 = StoreFile.start
    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    func due(_ s: StoreFile, _ sink: String = "hook", at now: Date, limit: Int = 100) throws -> [String] {
        try s.store.dueDeliveries(sink: sink, now: now, limit: limit).map { $0.record.id.replacingOccurrences(of: "alert-f-", with: "") }
    }

    /// a and b raised together (ids break the tie), then c, d, e a second apart; each to two sinks.
    func queue() throws -> StoreFile {
        let s = try StoreFile()
        try s.poll("f", fresh: ["b", "a"], alerts: true, sinks: ["hook", "log"], at: t0)
        for (i, key) in ["c", "d", "e"].enumerated() {
            try s.poll("f", fresh: [key], alerts: true, sinks: ["hook", "log"], at: at(Double(i + 1)))
        }
        return s
    }

    @Test func dueDeliveriesComeOldestAlertFirstWithRetriesInTheirPlaceOnceDue() throws {
        let s = try queue()
        #expect(try due(s, at: at(-1)) == [])
        #expect(try due(s, at: t0) == ["a", "b"])
        #expect(try due(s, at: at(10)) == ["a", "b", "c", "d", "e"])

        try s.store.markFailed(alert: "alert-f-b", sink: "hook", error: "503", retryAt: at(10), now: at(4))
        try s.store.markFailed(alert: "alert-f-d", sink: "hook", error: "503", retryAt: at(5), now: at(4))
        try s.store.markFailed(alert: "alert-f-e", sink: "hook", error: "410", retryAt: nil, now: at(4))
        // A retry due at once (no delay drawn, a clock that stood still) stays in its place too.
        try s.store.markFailed(alert: "alert-f-a", sink: "hook", error: "503", retryAt: t0, now: t0)

        #expect(try due(s, at: at(4)) == ["a", "c"])
        #expect(try due(s, at: at(5)) == ["a", "c", "d"])
        #expect(try due(s, at: at(10)) == ["a", "b", "c", "d"])
        #expect(try due(s, at: at(10), limit: 2) == ["a", "b"])
        #expect(try due(s, at: at(10), limit: 3) == ["a", "b", "c"])
        #expect(try due(s, "log", at: at(4)) == ["a", "b", "c", "d", "e"], "another sink's queue is its own")

        let b = try #require(try s.store.dueDeliveries(sink: "hook", now: at(10), limit: 2).last)
        #expect(b.attempts == 1)
        #expect(b.firstAttempt == at(4))
        #expect(b.queuedAt == t0)

        // A requeued dead letter is due from the requeue, in its alert's place; attempts start afresh.
        #expect(try s.store.requeueDead(alert: nil, sink: "hook", now: at(11)) == 1)
        #expect(try due(s, at: at(10)) == ["a", "b", "c", "d"])
        #expect(try due(s, at: at(11)) == ["a", "b", "c", "d", "e"])
        #expect(try s.store.dueDeliveries(sink: "hook", now: at(11), limit: 100).last?.attempts == 0)

        try s.store.markDelivered(alerts: ["alert-f-a", "alert-f-c"], sink: "hook", now: at(11))
        #expect(try due(s, at: at(11)) == ["b", "d", "e"])
        #expect(try due(s, "log", at: at(11)) == ["a", "b", "c", "d", "e"])
    }

    @Test func aBatchIsReadThroughTheQueueIndexesNeverByScanningTheSinksDeliveries() throws {
        let s = try queue()
        let plan = try s.store.db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.dueQuery,
                             arguments: ["sink": "hook", "now": t0, "limit": 100]).map { $0["detail"] as String }
        }
        #expect(plan.contains("SEARCH delivery USING COVERING INDEX delivery_fresh (sink=? AND queued_at<?)"), "\(plan)")
        #expect(plan.contains("SEARCH delivery USING COVERING INDEX delivery_retry (sink=? AND next_attempt<?)"), "\(plan)")
        // Never-tried deliveries arrive sorted: the only sort before the merge is the due retries'.
        #expect(plan.filter { $0.contains("TEMP B-TREE") }.count == 2, "\(plan)")
        #expect(plan.filter { $0.hasPrefix("SCAN") }.allSatisfy { $0 == "SCAN due" }, "\(plan)")
    }

    /// An alert the daemon raises about itself enters the queue as a poll's alerts do: due at once, in its place.
    @Test func anOperationalAlertIsQueuedAsAPollsAlertsAre() throws {
        let s = try queue()
        let broken = OutboxAlert(record: StoreFile.record("alert-f-op", time: at(1.5)), sinks: ["hook"])
        #expect(try s.store.raise(broken, now: at(1.5)))
        #expect(try !s.store.raise(broken, now: at(2)), "raised once")
        #expect(try due(s, at: at(1.5)) == ["a", "b", "c", "op"])
        #expect(try due(s, at: at(10)) == ["a", "b", "c", "op", "d", "e"])
        #expect(try due(s, "log", at: at(10)) == ["a", "b", "c", "d", "e"])
    }

    /// A failure recorded after the delivery was settled (by an older worker than the one that settled
    /// it) changes nothing: a delivered alert is not sent again, a dead letter waits for `requeueDead`.
    @Test func aLateFailureNeverUndeliversNorRevivesADeadLetter() throws {
        let s = try queue()
        try s.store.markDelivered(alert: "alert-f-a", sink: "hook", now: at(5))
        try s.store.markFailed(alert: "alert-f-b", sink: "hook", error: "HTTP 410", retryAt: nil, now: at(5))
        for id in ["alert-f-a", "alert-f-b"] {
            try s.store.markFailed(alert: id, sink: "hook", error: "cancelled", retryAt: at(6), now: at(6))
            try s.store.markFailed(alert: id, sink: "hook", error: "HTTP 400", retryAt: nil, now: at(6))
        }
        try s.store.markFailed(alert: "alert-f-c", sink: "hook", error: "HTTP 503", retryAt: at(7), now: at(6))
        let rows = try s.strings("""
            SELECT alert || ' ' || state || ' ' || attempts || ' ' || IFNULL(last_error, '-') FROM delivery
            WHERE sink = 'hook' AND alert IN ('alert-f-a', 'alert-f-b', 'alert-f-c') ORDER BY alert
            """)
        #expect(rows == ["alert-f-a delivered 1 -", "alert-f-b dead 1 HTTP 410", "alert-f-c pending 1 HTTP 503"])
        #expect(try due(s, at: at(10)) == ["c", "d", "e"])
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 8, delivered: 1, dead: 1))
    }

    /// `delivery_due` (v1) was read by no query once the queue indexes came, yet every write to a delivery
    /// updated it; the counts and the removed sinks' sweep read `delivery_state`.
    @Test func theDeliveryIndexesAreTheQueuesAndTheStates() throws {
        let s = try StoreFile()
        #expect(try Self.indexes(s) == ["delivery_fresh", "delivery_retry", "delivery_state"])
    }

    static func indexes(_ s: StoreFile) throws -> [String] {
        try s.strings("""
            SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery'
            AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name
            """)
    }

    @Test func aBatchOfDeliveredMarksIsOneTransaction() throws {
        let s = try queue()
        let commits = CommitCounter()
        s.store.db.add(transactionObserver: commits)
        try s.store.markDelivered(alerts: ["alert-f-a", "alert-f-b", "alert-f-d"], sink: "hook", now: at(5))
        #expect(commits.count == 1)
        #expect(try due(s, at: at(5)) == ["c", "e"])
        #expect(try s.count("SELECT COUNT(*) FROM delivery WHERE state = 'delivered' AND attempts = 1 AND delivered_at IS NOT NULL") == 3)
        try s.store.markDelivered(alerts: [], sink: "hook", now: at(5))
        #expect(commits.count == 1)
    }

    /// A store `v7-entry-raw-hashes` left: its pending deliveries are due in the same order after the
    /// upgrade, the retries among them when they were due, and every row has its queue time.
    @Test func aV7StoreKeepsItsPendingDeliveriesInOrder() throws {
        let path = try StoreFile.older(upTo: "v7-entry-raw-hashes") { db in
            let rows: [(String, TimeInterval, String, TimeInterval, Int)] = [
                // alert, raised, state, next attempt, attempts
                ("e", 3, "pending", 3, 0), ("b", 0, "pending", 10, 1), ("a", 0, "pending", 0, 0),
                ("c", 1, "delivered", 1, 1), ("d", 2, "pending", 5, 2), ("f", 4, "dead", 4, 3), ("g", 2, "pending", 2, 0),
            ]
            for (id, raised, state, next, attempts) in rows {
                try db.execute(sql: "INSERT INTO alert (id, rule, story, created, record) VALUES (?, 'r', 's', ?, ?)",
                               arguments: [id, at(raised), try StoreFile.record(id, time: at(raised)).jsonLine()])
                try db.execute(sql: """
                    INSERT INTO delivery (alert, sink, state, attempts, next_attempt) VALUES (?, 'hook', ?, ?, ?)
                    """, arguments: [id, state, attempts, at(next)])
            }
        }
        let s = try StoreFile(path: path)
        #expect(try s.count("SELECT COUNT(*) FROM delivery WHERE queued_at IS NULL") == 0)
        #expect(try Self.indexes(s) == ["delivery_fresh", "delivery_retry", "delivery_state"])
        #expect(try due(s, at: at(4)) == ["a", "g", "e"])
        #expect(try due(s, at: at(10)) == ["a", "b", "d", "g", "e"])
        #expect(try due(s, at: at(10), limit: 3) == ["a", "b", "d"])
        try s.store.requeueDead(alert: "f", sink: nil, now: at(11))
        #expect(try due(s, at: at(11)) == ["a", "b", "d", "g", "e", "f"])
    }
}

/// Counts the store's committed transactions.
private final class CommitCounter: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var commits = 0
    var count: Int { lock.withLock { commits } }
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { lock.withLock { commits += 1 } }
    func databaseDidRollback(_ db: Database) {}
}
