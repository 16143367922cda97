import Foundation
import GRDB

/// The story registry's body fingerprints, beside the full ones (`story_body`, migration v6-story-bodies).
extension SQLiteLedger {
    func bodies(sharingABandWith body: UInt64) throws -> [KnownBody] {
        let b = FingerprintBands.of(body)
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT body, feed, story, last_seen, title FROM story_body
            WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?)
            """), arguments: [b[0], b[1], b[2], b[3]]).map { row in
            KnownBody(body: UInt64(bitPattern: row["body"]), feed: row["feed"], story: row["story"], lastSeen: row["last_seen"],
                      title: (row["title"] as Int64?).map { UInt64(bitPattern: $0) })
        }
    }

    func remember(body: UInt64, feed: String, story: String, title: UInt64?, now: Date) throws {
        let b = FingerprintBands.of(body)
        // A row keeps the first title it was carried under; one from before the column takes the next.
        try db.cachedStatement(sql: """
            INSERT INTO story_body (body, feed, story, band0, band1, band2, band3, first_seen, last_seen, title)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(body, feed, story) DO UPDATE SET last_seen = excluded.last_seen, title = coalesce(story_body.title, excluded.title)
            """).execute(arguments: [Int64(bitPattern: body), feed, story, b[0], b[1], b[2], b[3], now, now, title.map { Int64(bitPattern: $0) }])
    }
}
