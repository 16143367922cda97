import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// Retention on the shared store (RetentionSweep.swift's rules and batches, on PostgreSQL): one small
/// transaction per `next()`, tables in a fixed order, each batch saying how long it took. Two daemons
/// sweeping at once delete disjoint rows or find them gone; nothing needs one sweeper.
public struct PostgresRetentionSweep: RetentionBatches {
    public typealias Table = RetentionSweep.Table
    public typealias Batch = RetentionSweep.Batch

    let store: PostgresStore
    let cutoffs: PruneCutoffs
    let batchSize: Int
    private var pending: [Table]
    /// Keyset position in (created, id): alerts still pending or dead are passed over, not scanned again.
    private var alertCursor: (created: Date, id: String) = (.distantPast, "")
    private var feeds: [(feed: String, floor: Date?)]?
    private var feedIndex = 0

    public init(store: PostgresStore, cutoffs: PruneCutoffs, batchSize: Int = 500) {
        self.store = store
        self.cutoffs = cutoffs
        self.batchSize = max(1, batchSize)
        pending = cutoffs.tables
    }

    /// Runs one batch; nil once every table is done.
    public mutating func next() throws -> Batch? {
        guard let table = pending.first else { return nil }
        // The sweep's state moves only once the batch committed (a failed batch is tried again from the
        // same place at the next run), and the time held is the transaction's own, not a wait for a connection.
        let current = self
        var start = ContinuousClock.now
        let (next, batch, finished) = try store.connections.transaction { s in
            start = .now
            var attempt = current
            var batch = Batch(table: table, rows: 0, held: .zero)
            let finished = try attempt.run(table, s, into: &batch)
            return (attempt, batch, finished)
        }
        self = next
        if finished { pending.removeFirst() }
        var done = batch
        done.held = start.duration(to: .now)
        return done
    }

    private mutating func run(_ table: Table, _ s: PostgresSession, into batch: inout Batch) throws -> Bool {
        switch table {
        case .articles:
            guard let cutoff = cutoffs.articles else { return true }
            batch.rows = try s.run("""
                DELETE FROM article WHERE id IN (SELECT id FROM article WHERE stored_at < \(cutoff) LIMIT \(batchSize))
                """)
        case .stories:
            guard let cutoff = cutoffs.stories else { return true }
            let full = try s.run("""
                DELETE FROM story_fingerprint WHERE fingerprint IN
                    (SELECT fingerprint FROM story_fingerprint WHERE last_seen < \(cutoff) LIMIT \(batchSize))
                """)
            let bodies = try s.run("""
                DELETE FROM story_body WHERE (body, feed, story) IN
                    (SELECT body, feed, story FROM story_body b WHERE last_seen < \(cutoff)
                        AND NOT EXISTS (SELECT 1 FROM story_fingerprint f WHERE f.story = b.story) LIMIT \(batchSize))
                """)
            batch.rows = full + bodies
            return full < batchSize && bodies < batchSize
        case .throttles:
            guard let cutoff = cutoffs.throttles else { return true }
            batch.rows = try s.run("""
                DELETE FROM alert_throttle WHERE (rule, key) IN
                    (SELECT rule, key FROM alert_throttle t WHERE raised < \(cutoff) AND key <> \(ThrottleMemory.wholeRuleKey)
                        AND NOT EXISTS (SELECT 1 FROM story_fingerprint f WHERE f.story = t.key) LIMIT \(batchSize))
                """)
        case .hostHolds:
            guard let cutoff = cutoffs.hostHolds else { return true }
            batch.rows = try s.run("""
                DELETE FROM host_hold WHERE host IN (SELECT host FROM host_hold WHERE until < \(cutoff) LIMIT \(batchSize))
                """)
        case .alerts:
            return try pruneAlerts(s, into: &batch)
        case .seenItems:
            return try pruneSeen(s, into: &batch)
        }
        return batch.rows < batchSize
    }

    private mutating func pruneAlerts(_ s: PostgresSession, into batch: inout Batch) throws -> Bool {
        guard let cutoff = cutoffs.alerts else { return true }
        let rows = try s.rows("""
            SELECT a.id, a.created,
                   NOT EXISTS (SELECT 1 FROM delivery d WHERE d.alert = a.id AND d.state <> 'delivered') AS settled
            FROM alert a WHERE a.created < \(cutoff) AND (a.created, a.id) > (\(alertCursor.created), \(alertCursor.id))
            ORDER BY a.created, a.id LIMIT \(batchSize)
            """)
        if let last = rows.last { alertCursor = (try last.get("created"), try last.get("id")) }
        let settled: [String] = try rows.filter { try $0.get("settled", as: Bool.self) }.map { try $0.get("id") }
        if !settled.isEmpty {
            batch.deliveries = try s.run("DELETE FROM delivery WHERE alert = ANY(\(settled))")
            batch.rows = try s.run("DELETE FROM alert WHERE id = ANY(\(settled))")
        }
        return rows.count < batchSize
    }

    /// Feed by feed: a configured feed's items go only below both the cutoff and its listing floor.
    private mutating func pruneSeen(_ s: PostgresSession, into batch: inout Batch) throws -> Bool {
        guard cutoffs.seen != nil else { return true }
        if feeds == nil {
            feeds = try s.rows("SELECT feed, listing_floor FROM feed_state ORDER BY feed").map {
                (try $0.get("feed"), try $0.get("listing_floor"))
            }
        }
        while let feeds, feedIndex < feeds.count {
            let (feed, floor) = feeds[feedIndex]
            let below = cutoffs.seenCutoff(feed: feed, listingFloor: floor)
            let room = batchSize - batch.rows
            var deleted = 0
            if let below {
                deleted = try s.run("""
                    DELETE FROM seen_item WHERE feed = \(feed) AND item_key IN
                        (SELECT item_key FROM seen_item WHERE feed = \(feed) AND last_seen < \(below) LIMIT \(room))
                    """)
            }
            batch.rows += deleted
            if deleted == room { return false }
            feedIndex += 1
        }
        return true
    }
}

extension PostgresStore {
    /// A retention sweep of this store, batch by batch (`RetentionSweep`'s shape).
    public func retentionSweep(cutoffs: PruneCutoffs, batchSize: Int = 500) -> PostgresRetentionSweep {
        PostgresRetentionSweep(store: self, cutoffs: cutoffs, batchSize: batchSize)
    }
}
