import Foundation
import PostgresNIO
import Store

/// The story registry and the throttle memory, read and written inside one commit's transaction
/// (SQLiteLedger's statements, on PostgreSQL).
struct PostgresLedger: OutboxLedger {
    let session: PostgresSession

    func fingerprints(sharingABandWith fingerprint: UInt64, since: Date) throws -> [KnownFingerprint] {
        let b = FingerprintBands.of(fingerprint)
        return try session.rows("""
            SELECT fingerprint, story, last_seen FROM story_fingerprint
            WHERE (band0 = \(b[0]) OR band1 = \(b[1]) OR band2 = \(b[2]) OR band3 = \(b[3])) AND last_seen >= \(since)
            """).map { row in
            KnownFingerprint(fingerprint: UInt64(bitPattern: try row.get("fingerprint", as: Int64.self)), story: try row.get("story"),
                             lastSeen: try row.get("last_seen"))
        }
    }

    func remember(fingerprint: UInt64, story: String, now: Date) throws {
        let b = FingerprintBands.of(fingerprint)
        try session.run("""
            INSERT INTO story_fingerprint (fingerprint, story, band0, band1, band2, band3, first_seen, last_seen)
            VALUES (\(Int64(bitPattern: fingerprint)), \(story), \(b[0]), \(b[1]), \(b[2]), \(b[3]), \(now), \(now))
            ON CONFLICT (fingerprint) DO UPDATE SET last_seen = excluded.last_seen
            """)
    }

    func bodies(sharingABandWith body: UInt64) throws -> [KnownBody] {
        let b = FingerprintBands.of(body)
        return try session.rows("""
            SELECT body, feed, story, last_seen, title FROM story_body
            WHERE (band0 = \(b[0]) OR band1 = \(b[1]) OR band2 = \(b[2]) OR band3 = \(b[3]))
            """).map { row in
            KnownBody(body: UInt64(bitPattern: try row.get("body", as: Int64.self)), feed: try row.get("feed"),
                      story: try row.get("story"), lastSeen: try row.get("last_seen"),
                      title: try row.get("title", as: Int64?.self).map { UInt64(bitPattern: $0) })
        }
    }

    func remember(body: UInt64, feed: String, story: String, title: UInt64?, now: Date) throws {
        let b = FingerprintBands.of(body)
        let title = title.map { Int64(bitPattern: $0) }
        // A row keeps the first title it was carried under; one from before the column takes the next.
        try session.run("""
            INSERT INTO story_body (body, feed, story, band0, band1, band2, band3, first_seen, last_seen, title)
            VALUES (\(Int64(bitPattern: body)), \(feed), \(story), \(b[0]), \(b[1]), \(b[2]), \(b[3]), \(now), \(now), \(title))
            ON CONFLICT (body, feed, story) DO UPDATE SET last_seen = excluded.last_seen, title = coalesce(story_body.title, excluded.title)
            """)
    }

    func throttleMemory(rule: String, key: String) throws -> ThrottleMemory? {
        try session.rows("SELECT alert, raised FROM alert_throttle WHERE rule = \(rule) AND key = \(key)").first.map {
            ThrottleMemory(alert: try $0.get("alert"), raised: try $0.get("raised"))
        }
    }

    func rememberAlert(rule: String, key: String, alert: String, now: Date) throws {
        try session.run("""
            INSERT INTO alert_throttle (rule, key, alert, raised) VALUES (\(rule), \(key), \(alert), \(now))
            ON CONFLICT (rule, key) DO UPDATE SET alert = excluded.alert, raised = excluded.raised, suppressed = 0
            """)
    }

    func alertRaised(_ id: String) throws -> Date? {
        try session.rows("SELECT created FROM alert WHERE id = \(id)").first.map { try $0.get("created") }
    }

    func countSuppressed(rule: String, key: String) throws {
        try session.run("UPDATE alert_throttle SET suppressed = suppressed + 1 WHERE rule = \(rule) AND key = \(key)")
    }
}
