import Foundation
import GRDB
import WirewatchCore

/// The outbox: alerts committed with the articles that raised them, and one
/// delivery row per (alert, sink).
extension SQLiteStore {
    @discardableResult
    public func commit(_ batch: ArticleBatch, now: Date, admission: (any OutboxAdmission)?) throws -> [String] {
        try db.write { db in
            try Self.upsert(batch.state, db)
            let ledger = SQLiteLedger(db: db)
            var created: [String] = []
            // Prepared once (GRDB keeps it for the connection), not once per article.
            let storeArticle = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO article (id, feed, url, title, published, stored_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let encoder = JSONEncoder()
            for item in batch.items {
                let a = item.article
                let joined = try Self.markSeen(item, feed: batch.feed, db, now: now)
                try storeArticle.execute(arguments: [a.id, a.feed.rawValue, a.url, a.title, a.published, now, try encoder.encode(a)])
                for var candidate in item.alerts {
                    // An edit stays in the story its entry joined, wherever its new fingerprint lies.
                    if let joined { candidate.claim?.joinedStory = joined }
                    guard let alert = try admission.map({ try $0.admit(candidate, ledger: ledger, now: now) }) ?? candidate else {
                        continue
                    }
                    if try Self.enqueue(alert, now: now, db) { created.append(alert.record.id) }
                }
                try Self.rememberStory(of: item, feed: batch.feed, db)
            }
            try db.execute(sql: "UPDATE feed_state SET articles_seen = articles_seen + ? WHERE feed = ?",
                           arguments: [batch.items.filter { $0.edit == nil }.count, batch.feed.rawValue])
            try Self.recordRevisions(batch, db)
            if let listing = batch.listing { try Self.refresh(listing, feed: batch.feed, db, now: now) }
            return created
        }
    }

    /// Only a pending delivery fails: a failure recorded late (by a worker that outlived its successor, or
    /// a second process on the store) never takes back a delivery, which would send it again, nor revives
    /// a dead letter, which only `requeueDead` does.
    public func markFailed(alert: String, sink: String, error: String, retryAt: Date?, now: Date) throws {
        try db.write { db in
            try db.execute(sql: """
                UPDATE delivery SET state = ?, attempts = attempts + 1, next_attempt = COALESCE(?, next_attempt),
                       last_error = ?, first_attempt = COALESCE(first_attempt, ?), dead_at = ?, last_attempt = ?
                WHERE alert = ? AND sink = ? AND state = 'pending'
                """, arguments: [retryAt == nil ? "dead" : "pending", retryAt, error, now, retryAt == nil ? now : nil, now,
                                 alert, sink])
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

    public func deadLetters(limit: Int) throws -> [DeadLetter] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.alert, d.sink, a.rule, a.record, d.attempts, d.last_error, d.first_attempt, d.dead_at
                FROM delivery d JOIN alert a ON a.id = d.alert
                WHERE d.state = 'dead' ORDER BY d.dead_at DESC, d.alert LIMIT ?
                """, arguments: [limit]).map { row in
                let title = (try? AlertRecord.decode(line: row["record"]))?.article.title ?? ""
                return DeadLetter(alert: row["alert"], sink: row["sink"], rule: row["rule"], title: title,
                                  attempts: row["attempts"], lastError: row["last_error"],
                                  firstAttempt: row["first_attempt"], deadAt: row["dead_at"])
            }
        }
    }

    @discardableResult
    public func requeueDead(alert: String?, sink: String?, now: Date) throws -> Int {
        try db.write { db in
            try db.execute(sql: """
                UPDATE delivery SET state = 'pending', attempts = 0, first_attempt = NULL, next_attempt = ?, dead_at = NULL,
                       last_error = NULL, last_attempt = NULL
                WHERE state = 'dead' AND (? IS NULL OR alert = ?) AND (? IS NULL OR sink = ?)
                """, arguments: [now, alert, alert, sink, sink])
            return db.changesCount
        }
    }
}
