import Foundation
import GRDB
import WirewatchCore

/// Seen entries and their content and raw hashes: what tells an edited entry from one listed again as it was.
extension SQLiteStore {
    public func seenEntries(feed: FeedID, keys: [String]) throws -> [String: SeenEntry] {
        guard !keys.isEmpty else { return [:] }
        return try db.read { db in
            var seen: [String: SeenEntry] = [:]
            for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT item_key, content_hash, raw_hash, edits, COALESCE(judged_at, first_seen) AS judged_at, unjudged, backlog
                    FROM seen_item WHERE feed = ? AND item_key IN (\(marks))
                    """, arguments: StatementArguments([feed.rawValue] + chunk)) {
                    seen[row["item_key"]] = SeenEntry(contentHash: row["content_hash"], edits: row["edits"], rawHash: row["raw_hash"],
                                                      judgedAt: row["judged_at"], unjudged: row["unjudged"],
                                                      backlog: row["backlog"])
                }
            }
            return seen
        }
    }

    public func seenKeys(feed: FeedID, rawHashes: [String], since: Date) throws -> [String: String] {
        guard !rawHashes.isEmpty else { return [:] }
        return try db.read { db in
            var keys: [String: String] = [:]
            // seen_item_age (feed, last_seen) bounds the rows read to the entries seen lately.
            for chunk in stride(from: 0, to: rawHashes.count, by: 500).map({ Array(rawHashes[$0..<min($0 + 500, rawHashes.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT item_key, raw_hash FROM seen_item WHERE feed = ? AND last_seen >= ? AND raw_hash IN (\(marks))
                    ORDER BY last_seen
                    """, arguments: StatementArguments([feed.rawValue, since] as [any DatabaseValueConvertible] + chunk)) {
                    keys[row["raw_hash"]] = row["item_key"]
                }
            }
            return keys
        }
    }

    /// Marks the item's entry seen with the content it was judged with. For an edit, returns the
    /// story the entry joined when it was first judged (nil if it never reached the story registry).
    static func markSeen(_ item: ArticleBatch.Item, feed: FeedID, _ db: Database, now: Date) throws -> String? {
        let key = item.article.key
        // Cached statements: a batch marks up to a chunk of entries inside one write transaction.
        guard let edit = item.edit else {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO seen_item (feed, item_key, first_seen, last_seen, content_hash, raw_hash, judged_at, backlog)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [feed.rawValue, key, now, now, item.contentHash, item.rawHash, now, item.backlog])
            return nil
        }
        // Retention may have let the row go since the poll read it: the edit then starts it afresh.
        try db.cachedStatement(sql: """
            INSERT INTO seen_item (feed, item_key, first_seen, last_seen, content_hash, raw_hash, edits, judged_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(feed, item_key) DO UPDATE SET content_hash = excluded.content_hash, raw_hash = excluded.raw_hash,
                edits = excluded.edits, judged_at = excluded.judged_at, unjudged = 0
            """).execute(arguments: [feed.rawValue, key, now, now, item.contentHash, item.rawHash, edit, now])
        return try String.fetchOne(db.cachedStatement(sql: "SELECT story FROM seen_item WHERE feed = ? AND item_key = ?"),
                                   arguments: [feed.rawValue, key])
    }

    /// Remembers the story the item's entry joined, the first time its alerts went through the
    /// registry (admitted or throttled alike), so an edit that moves its fingerprint stays in it.
    static func rememberStory(of item: ArticleBatch.Item, feed: FeedID, _ db: Database) throws {
        guard let fingerprint = item.alerts.lazy.compactMap(\.claim).first?.fingerprint else { return }
        try db.cachedStatement(sql: """
            UPDATE seen_item SET story = (SELECT story FROM story_fingerprint WHERE fingerprint = ?)
            WHERE feed = ? AND item_key = ? AND story IS NULL
            """).execute(arguments: [Int64(bitPattern: fingerprint), feed.rawValue, item.article.key])
    }

    /// Writes the hashes of entries not judged, and counts the feed's edits.
    static func recordRevisions(_ batch: ArticleBatch, _ db: Database) throws {
        // An edit past the limit is stored as the entry's content, marked not judged (poll.late_edits judges it later).
        let rehash = try db.cachedStatement(sql: """
            UPDATE seen_item SET content_hash = ?, raw_hash = ?, unjudged = (unjudged OR ?) WHERE feed = ? AND item_key = ?
            """)
        for entry in batch.rehashed {
            try rehash.execute(arguments: [entry.contentHash, entry.rawHash, entry.edited, batch.feed.rawValue, entry.key])
        }
        let ignored = batch.rehashed.filter(\.edited).count
        let edited = batch.items.filter { $0.edit != nil }.count + ignored
        guard edited > 0 else { return }
        try db.execute(sql: """
            UPDATE feed_state SET entries_edited = entries_edited + ?, edits_not_judged = edits_not_judged + ? WHERE feed = ?
            """, arguments: [edited, ignored, batch.feed.rawValue])
    }
}
