import Foundation
import GRDB
import WirewatchCore

/// Deletes what retention lets go, one small write transaction per `next()`, so a
/// commit of the pipeline waits behind at most one batch, never behind the whole
/// prune. Tables go in a fixed order; each batch says how long it held the write lock.
public struct RetentionSweep {
    public enum Table: String, Sendable, CaseIterable {
        case articles, alerts, seenItems = "seen_items", stories, throttles, hostHolds = "host_holds"
    }

    /// What one transaction deleted.
    public struct Batch: Sendable {
        public var table: Table
        public var rows: Int
        /// Deliveries deleted with their alerts (alerts only).
        public var deliveries = 0
        /// From BEGIN to the end of COMMIT.
        public var held: Duration
        /// For another store's sweep (PostgresStore's) reporting in the same terms.
        public init(table: Table, rows: Int, deliveries: Int = 0, held: Duration) {
            self.table = table; self.rows = rows; self.deliveries = deliveries; self.held = held
        }
    }

    let store: SQLiteStore
    let cutoffs: PruneCutoffs
    let batchSize: Int
    private var pending: [Table]
    /// Keyset position in (created, id): alerts still pending or dead are passed over, not scanned again.
    private var alertCursor: (created: String, id: String) = ("", "")
    /// Feeds with seen items (every one has a feed_state row), and the next to visit.
    private var feeds: [(feed: String, floor: Date?)]?
    private var feedIndex = 0

    public init(store: SQLiteStore, cutoffs: PruneCutoffs, batchSize: Int = 500) {
        self.store = store
        self.cutoffs = cutoffs
        self.batchSize = max(1, batchSize)
        pending = cutoffs.tables
    }

    /// Runs one batch; nil once every table is done.
    public mutating func next() throws -> Batch? {
        guard let table = pending.first else { return nil }
        var finished = false
        var batch = Batch(table: table, rows: 0, held: .zero)
        try store.db.writeWithoutTransaction { db in
            let start = ContinuousClock.now
            try db.inTransaction(.immediate) {
                finished = try run(table, db, into: &batch)
                return .commit
            }
            batch.held = start.duration(to: .now)
        }
        if finished { pending.removeFirst() }
        return batch
    }

    /// Deletes up to one batch of `table`; true when nothing more of it is due.
    private mutating func run(_ table: Table, _ db: Database, into batch: inout Batch) throws -> Bool {
        switch table {
        case .articles:
            batch.rows = try delete(db, """
                DELETE FROM article WHERE rowid IN (SELECT rowid FROM article WHERE stored_at < ? LIMIT ?)
                """, cutoffs.articles)
        case .stories:
            // Full fingerprints go by the registry's memory; a body stays, like a story's throttle, while
            // its story is known: the boilerplate guard's evidence that a feed carried a body must outlive
            // the joins that evidence refuses. A batch takes up to its size of each, full ones first.
            let full = try delete(db, """
                DELETE FROM story_fingerprint WHERE fingerprint IN
                    (SELECT fingerprint FROM story_fingerprint WHERE last_seen < ? LIMIT ?)
                """, cutoffs.stories)
            let bodies = try delete(db, """
                DELETE FROM story_body WHERE rowid IN
                    (SELECT rowid FROM story_body b WHERE last_seen < ?
                        AND NOT EXISTS (SELECT 1 FROM story_fingerprint f WHERE f.story = b.story) LIMIT ?)
                """, cutoffs.stories)
            batch.rows = full + bodies
            return full < batchSize && bodies < batchSize
        case .throttles:
            // A story's memory stays while the story registry still knows the story: the story is
            // running, and without it the rule would alert on it again under its first alert's id.
            batch.rows = try delete(db, """
                DELETE FROM alert_throttle WHERE (rule, key) IN
                    (SELECT rule, key FROM alert_throttle t WHERE raised < ? AND key != '\(ThrottleMemory.wholeRuleKey)'
                        AND NOT EXISTS (SELECT 1 FROM story_fingerprint f WHERE f.story = t.key) LIMIT ?)
                """, cutoffs.throttles)
        case .hostHolds:
            batch.rows = try delete(db, "DELETE FROM host_hold WHERE host IN (SELECT host FROM host_hold WHERE until < ? LIMIT ?)",
                                    cutoffs.hostHolds)
        case .alerts:
            return try pruneAlerts(db, into: &batch)
        case .seenItems:
            return try pruneSeen(db, into: &batch)
        }
        return batch.rows < batchSize
    }

    private func delete(_ db: Database, _ sql: String, _ cutoff: Date?) throws -> Int {
        guard let cutoff else { return 0 }
        try db.execute(sql: sql, arguments: [cutoff, batchSize])
        return db.changesCount
    }

    private mutating func pruneAlerts(_ db: Database, into batch: inout Batch) throws -> Bool {
        guard let cutoff = cutoffs.alerts else { return true }
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.id, CAST(a.created AS TEXT) AS created,
                   NOT EXISTS (SELECT 1 FROM delivery d WHERE d.alert = a.id AND d.state != 'delivered') AS settled
            FROM alert a WHERE a.created < ? AND (a.created, a.id) > (?, ?)
            ORDER BY a.created, a.id LIMIT ?
            """, arguments: [cutoff, alertCursor.created, alertCursor.id, batchSize])
        if let last = rows.last { alertCursor = (last["created"], last["id"]) }
        let settled: [String] = rows.filter { $0["settled"] as Bool }.map { $0["id"] }
        if !settled.isEmpty {
            let marks = Array(repeating: "?", count: settled.count).joined(separator: ",")
            try db.execute(sql: "DELETE FROM delivery WHERE alert IN (\(marks))", arguments: StatementArguments(settled))
            batch.deliveries = db.changesCount
            try db.execute(sql: "DELETE FROM alert WHERE id IN (\(marks))", arguments: StatementArguments(settled))
            batch.rows = db.changesCount
        }
        return rows.count < batchSize
    }

    /// Feed by feed: a configured feed's items go only below both the cutoff and its listing
    /// floor (so not while its latest listing still shows them); another feed's by age alone.
    private mutating func pruneSeen(_ db: Database, into batch: inout Batch) throws -> Bool {
        guard cutoffs.seen != nil else { return true }
        if feeds == nil {
            feeds = try Row.fetchAll(db, sql: "SELECT feed, listing_floor FROM feed_state ORDER BY feed").map { ($0["feed"], $0["listing_floor"]) }
        }
        while let feeds, feedIndex < feeds.count {
            let (feed, floor) = feeds[feedIndex]
            let below = cutoffs.seenCutoff(feed: feed, listingFloor: floor)
            let room = batchSize - batch.rows
            var deleted = 0
            if let below {
                try db.execute(sql: """
                    DELETE FROM seen_item WHERE feed = ? AND item_key IN
                        (SELECT item_key FROM seen_item WHERE feed = ? AND last_seen < ? LIMIT ?)
                    """, arguments: [feed, feed, below, room])
                deleted = db.changesCount
            }
            batch.rows += deleted
            if deleted == room { return false }  // full: this feed may have more
            feedIndex += 1
        }
        return true
    }
}
