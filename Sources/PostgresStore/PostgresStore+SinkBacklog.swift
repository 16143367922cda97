import Foundation
import PostgresNIO
import Store

/// Per-sink backlogs (SQLiteStore+SinkBacklog.swift).
extension PostgresStore: SinkBacklogStore {
    public func sinkBacklogs(deliveredSince: Date, now: Date) throws -> [SinkBacklog] {
        try connections.withSession { s in
            var bySink: [String: SinkBacklog] = [:]
            for row in try s.rows("""
                SELECT sink, COUNT(*) FILTER (WHERE state = 'pending') AS pending,
                       MIN(queued) FILTER (WHERE state = 'pending') AS oldest,
                       MIN(next_attempt) FILTER (WHERE state = 'pending' AND (claimed_until IS NULL OR claimed_until <= \(now))) AS next,
                       COALESCE(SUM(attempts) FILTER (WHERE state = 'pending'), 0)::bigint AS failed,
                       COUNT(*) FILTER (WHERE state = 'pending' AND attempts > 0) AS tried,
                       COUNT(*) FILTER (WHERE state = 'pending' AND attempts = 0 AND first_attempt IS NOT NULL) AS begun,
                       COUNT(*) FILTER (WHERE state = 'dead') AS dead,
                       COUNT(*) FILTER (WHERE state = 'delivered' AND delivered_at >= \(deliveredSince)) AS recent
                FROM delivery GROUP BY sink
                """) {
                var b = SinkBacklog(sink: try row.get("sink"))
                b.pending = try row.get("pending")
                b.oldestQueued = try row.get("oldest", as: Date?.self)
                b.nextAttempt = try row.get("next", as: Date?.self)
                b.failedAttempts = try row.get("failed")
                b.tried = try row.get("tried")
                b.begunUnrecorded = try row.get("begun")
                b.dead = try row.get("dead")
                b.deliveredRecently = try row.get("recent")
                bySink[b.sink] = b
            }
            for row in try s.rows("""
                SELECT DISTINCT ON (sink) sink, last_error, last_attempt FROM delivery
                WHERE state = 'pending' AND last_error IS NOT NULL
                ORDER BY sink, last_attempt DESC NULLS LAST, next_attempt DESC
                """) {
                let sink: String = try row.get("sink")
                bySink[sink]?.lastError = try row.get("last_error", as: String?.self)
                bySink[sink]?.lastErrorAt = try row.get("last_attempt", as: Date?.self)
            }
            for row in try s.rows("""
                SELECT sink, claimed_by, COUNT(*) AS n, MAX(claimed_until) AS until FROM delivery
                WHERE state = 'pending' AND claimed_until > \(now) AND claimed_by IS NOT NULL
                GROUP BY sink, claimed_by ORDER BY sink, claimed_by
                """) {
                let sink: String = try row.get("sink")
                bySink[sink]?.claims.append(SinkClaim(daemon: try row.get("claimed_by"), count: try row.get("n"), until: try row.get("until")))
            }
            return bySink.values.sorted { $0.sink < $1.sink }
        }
    }
}
