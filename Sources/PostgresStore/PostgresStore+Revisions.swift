import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// Seen entries and their content and raw hashes (SQLiteStore+Revisions.swift), and the listing a poll's
/// last batch refreshes (FeedListing.swift).
extension PostgresStore {
    public func seenEntries(feed: FeedID, keys: [String]) throws -> [String: SeenEntry] {
        guard !keys.isEmpty else { return [:] }
        return try connections.withSession { s in
            var seen: [String: SeenEntry] = [:]
            // One array parameter, however many keys: no statement grows with the listing.
            for row in try s.rows("""
                SELECT item_key, content_hash, raw_hash, edits, COALESCE(judged_at, first_seen) AS judged_at, unjudged, backlog
                FROM seen_item WHERE feed = \(feed.rawValue) AND item_key = ANY(\(keys))
                """) {
                seen[try row.get("item_key")] = SeenEntry(contentHash: try row.get("content_hash"), edits: try row.get("edits"),
                                                          rawHash: try row.get("raw_hash"), judgedAt: try row.get("judged_at"),
                                                          unjudged: try row.get("unjudged"), backlog: try row.get("backlog"))
            }
            return seen
        }
    }

    public func seenKeys(feed: FeedID, rawHashes: [String], since: Date) throws -> [String: String] {
        guard !rawHashes.isEmpty else { return [:] }
        return try connections.withSession { s in
            var keys: [String: String] = [:]
            for row in try s.rows("""
                SELECT item_key, raw_hash FROM seen_item
                WHERE feed = \(feed.rawValue) AND last_seen >= \(since) AND raw_hash = ANY(\(rawHashes)) ORDER BY last_seen
                """) {
                keys[try row.get("raw_hash")] = try row.get("item_key")
            }
            return keys
        }
    }

    /// Marks the item's entry seen; for an edit, returns the story its entry joined when first judged.
    static func markSeen(_ item: ArticleBatch.Item, feed: FeedID, _ s: PostgresSession, now: Date) throws -> String? {
        let key = item.article.key
        guard let edit = item.edit else {
            try s.run("""
                INSERT INTO seen_item (feed, item_key, first_seen, last_seen, content_hash, raw_hash, judged_at, backlog)
                VALUES (\(feed.rawValue), \(key), \(now), \(now), \(item.contentHash), \(item.rawHash), \(now), \(item.backlog))
                ON CONFLICT DO NOTHING
                """)
            return nil
        }
        // Retention may have let the row go since the poll read it: the edit then starts it afresh.
        return try s.rows("""
            INSERT INTO seen_item (feed, item_key, first_seen, last_seen, content_hash, raw_hash, edits, judged_at)
            VALUES (\(feed.rawValue), \(key), \(now), \(now), \(item.contentHash), \(item.rawHash), \(edit), \(now))
            ON CONFLICT (feed, item_key) DO UPDATE SET content_hash = excluded.content_hash, raw_hash = excluded.raw_hash,
                edits = excluded.edits, judged_at = excluded.judged_at, unjudged = false
            RETURNING story
            """).first.map { try $0.get("story", as: String?.self) } ?? nil
    }

    /// Remembers the story the item's entry joined, the first time its alerts went through the registry.
    static func rememberStory(of item: ArticleBatch.Item, feed: FeedID, _ s: PostgresSession) throws {
        guard let fingerprint = item.alerts.lazy.compactMap(\.claim).first?.fingerprint else { return }
        try s.run("""
            UPDATE seen_item SET story = (SELECT story FROM story_fingerprint WHERE fingerprint = \(Int64(bitPattern: fingerprint)))
            WHERE feed = \(feed.rawValue) AND item_key = \(item.article.key) AND story IS NULL
            """)
    }

    /// Writes the hashes of entries not judged, and counts the feed's edits.
    static func recordRevisions(_ batch: ArticleBatch, _ s: PostgresSession) throws {
        for entry in batch.rehashed {
            try s.run("""
                UPDATE seen_item SET content_hash = \(entry.contentHash), raw_hash = \(entry.rawHash),
                    unjudged = (unjudged OR \(entry.edited))
                WHERE feed = \(batch.feed.rawValue) AND item_key = \(entry.key)
                """)
        }
        let ignored = batch.rehashed.filter(\.edited).count
        let edited = batch.items.filter { $0.edit != nil }.count + ignored
        guard edited > 0 else { return }
        try s.run("""
            UPDATE feed_state SET entries_edited = entries_edited + \(edited), edits_not_judged = edits_not_judged + \(ignored)
            WHERE feed = \(batch.feed.rawValue)
            """)
    }

    /// Refreshes the last-seen time of listed items grown stale, and sets the feed's listing floor.
    static func refresh(_ listing: FeedListing, feed: FeedID, _ s: PostgresSession, now: Date) throws {
        let stale = now.addingTimeInterval(-listing.refreshAfter)
        let keys = Array(Set(listing.keys))
        try s.run("""
            UPDATE seen_item SET last_seen = \(now)
            WHERE feed = \(feed.rawValue) AND item_key = ANY(\(keys)) AND last_seen < \(stale)
            """)
        try s.run("UPDATE feed_state SET listing_floor = \(stale) WHERE feed = \(feed.rawValue)")
    }
}
