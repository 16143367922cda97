import Foundation
import GRDB
import WirewatchCore

/// The embedded store: one SQLite file in WAL mode.
public final class SQLiteStore: WirewatchStore, @unchecked Sendable {
    private let db: any DatabaseWriter

    /// Opens (creating if needed) the store at `path`; ":memory:" for a throwaway one.
    public init(path: String) throws {
        if path == ":memory:" {
            db = try DatabaseQueue()
        } else {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(10)
            db = try DatabasePool(path: path, configuration: config)
        }
        try StoreSchema.migrator.migrate(db)
    }

    public func feedState(_ feed: FeedID) throws -> FeedState? {
        try db.read { db in try FeedStateRow.fetchOne(db, key: feed.rawValue)?.state }
    }

    public func allFeedStates() throws -> [FeedState] {
        try db.read { db in try FeedStateRow.order(Column("feed")).fetchAll(db).map(\.state) }
    }

    public func save(_ state: FeedState) throws {
        try db.write { db in try Self.upsert(state, db) }
    }

    /// articles_seen is counted by `commit`; a state saved after a fetch must not reset it.
    private static func upsert(_ state: FeedState, _ db: Database) throws {
            try db.execute(sql: """
                INSERT INTO feed_state (feed, url, etag, last_modified, last_fetch, last_outcome, last_error, error_streak, next_poll)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(feed) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
                    last_fetch = excluded.last_fetch, last_outcome = excluded.last_outcome, last_error = excluded.last_error,
                    error_streak = excluded.error_streak, next_poll = excluded.next_poll
                """, arguments: [state.feed.rawValue, state.url, state.etag, state.lastModified, state.lastFetch,
                                 state.lastOutcome, state.lastError, state.errorStreak, state.nextPoll])
    }

    public func unseen(feed: FeedID, keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try db.read { db in
            var unseen = Set(keys)
            for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let seen = try String.fetchAll(db, sql: "SELECT item_key FROM seen_item WHERE feed = ? AND item_key IN (\(marks))",
                                               arguments: StatementArguments([feed.rawValue] + chunk))
                unseen.subtract(seen)
            }
            return unseen
        }
    }

    public func commit(_ batch: ArticleBatch, now: Date) throws -> [String] {
        try db.write { db in
            try Self.upsert(batch.state, db)
            var created: [String] = []
            for item in batch.items {
                let a = item.article
                try db.execute(sql: "INSERT OR IGNORE INTO seen_item (feed, item_key, first_seen) VALUES (?, ?, ?)",
                               arguments: [batch.feed.rawValue, a.key, now])
                try db.execute(sql: """
                    INSERT OR REPLACE INTO article (id, feed, url, title, published, stored_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [a.id, a.feed.rawValue, a.url, a.title, a.published, now, try JSONEncoder().encode(a)])
                for alert in item.alerts {
                    try db.execute(sql: "INSERT OR IGNORE INTO alert (id, rule, story, created, record) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [alert.record.id, alert.record.rule, alert.record.story, now, try alert.record.jsonLine()])
                    guard db.changesCount > 0 else { continue }
                    created.append(alert.record.id)
                    for sink in alert.sinks {
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO delivery (alert, sink, state, attempts, next_attempt)
                            VALUES (?, ?, 'pending', 0, ?)
                            """, arguments: [alert.record.id, sink, now])
                    }
                }
            }
            try db.execute(sql: "UPDATE feed_state SET articles_seen = articles_seen + ? WHERE feed = ?",
                           arguments: [batch.items.count, batch.feed.rawValue])
            return created
        }
    }

    public func dueDeliveries(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.record, d.attempts, d.first_attempt FROM delivery d JOIN alert a ON a.id = d.alert
                WHERE d.sink = ? AND d.state = 'pending' AND d.next_attempt <= ?
                ORDER BY a.created, a.id LIMIT ?
                """, arguments: [sink, now, limit])
            return try rows.map { row in
                PendingDelivery(record: try AlertRecord.decode(line: row["record"]), sink: sink,
                                attempts: row["attempts"], firstAttempt: row["first_attempt"])
            }
        }
    }

    public func markDelivered(alert: String, sink: String, now: Date) throws {
        try db.write { db in
            try db.execute(sql: """
                UPDATE delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,
                       first_attempt = COALESCE(first_attempt, ?)
                WHERE alert = ? AND sink = ?
                """, arguments: [now, now, alert, sink])
        }
    }

    public func markFailed(alert: String, sink: String, error: String, retryAt: Date?, now: Date) throws {
        try db.write { db in
            try db.execute(sql: """
                UPDATE delivery SET state = ?, attempts = attempts + 1, next_attempt = COALESCE(?, next_attempt),
                       last_error = ?, first_attempt = COALESCE(first_attempt, ?)
                WHERE alert = ? AND sink = ?
                """, arguments: [retryAt == nil ? "dead" : "pending", retryAt, error, now, alert, sink])
        }
    }

    public func deliveryCounts() throws -> DeliveryCounts {
        try db.read { db in
            var c = DeliveryCounts()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM delivery GROUP BY state") {
                let n: Int = row["n"]
                switch row["state"] as String {
                case "pending": c.pending = n
                case "delivered": c.delivered = n
                default: c.dead = n
                }
            }
            return c
        }
    }
}
