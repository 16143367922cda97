import Foundation
import GRDB

/// Per-sink backlogs (SinkBacklog.swift): one pass over the deliveries grouped by sink, as `deliveryStats` makes,
/// and the latest failure of each sink's pending deliveries.
extension SQLiteStore: SinkBacklogStore {
    /// One daemon per file: no claims.
    public func sinkBacklogs(deliveredSince: Date, now: Date) throws -> [SinkBacklog] {
        try db.read { db in
            var bySink: [String: SinkBacklog] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT sink, SUM(state = 'pending') AS pending,
                       MIN(CASE WHEN state = 'pending' THEN queued_at END) AS oldest,
                       MIN(CASE WHEN state = 'pending' THEN next_attempt END) AS next,
                       SUM(CASE WHEN state = 'pending' THEN attempts ELSE 0 END) AS failed,
                       SUM(state = 'pending' AND attempts > 0) AS tried,
                       SUM(state = 'pending' AND attempts = 0 AND first_attempt IS NOT NULL) AS begun, SUM(state = 'dead') AS dead,
                       SUM(state = 'delivered' AND delivered_at >= ?) AS recent
                FROM delivery GROUP BY sink
                """, arguments: [deliveredSince]) {
                var b = SinkBacklog(sink: row["sink"])
                b.pending = row["pending"] ?? 0
                b.oldestQueued = row["oldest"]
                b.nextAttempt = row["next"]
                b.failedAttempts = row["failed"] ?? 0
                b.tried = row["tried"] ?? 0
                b.begunUnrecorded = row["begun"] ?? 0
                b.dead = row["dead"] ?? 0
                b.deliveredRecently = row["recent"] ?? 0
                bySink[b.sink] = b
            }
            // A failure from before `last_attempt` was kept sorts after every dated one.
            for row in try Row.fetchAll(db, sql: """
                SELECT sink, last_error, last_attempt FROM (
                    SELECT sink, last_error, last_attempt,
                           ROW_NUMBER() OVER (PARTITION BY sink ORDER BY last_attempt IS NULL, last_attempt DESC, next_attempt DESC) AS r
                    FROM delivery WHERE state = 'pending' AND last_error IS NOT NULL)
                WHERE r = 1
                """) {
                let sink: String = row["sink"]
                bySink[sink]?.lastError = row["last_error"]
                bySink[sink]?.lastErrorAt = row["last_attempt"]
            }
            return bySink.values.sorted { $0.sink < $1.sink }
        }
    }
}
