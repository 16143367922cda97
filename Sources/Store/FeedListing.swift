import Foundation
import GRDB
import WirewatchCore

/// The entries one fetched document listed, old and new. Committed with a poll's last batch,
/// it refreshes the last-seen time of the listed items that are older than `refreshAfter`
/// (so most polls write nothing) and sets the feed's listing floor, `now - refreshAfter`:
/// every item of the latest listing was last seen at or after it. Retention forgets an item
/// of a configured feed only below both its cutoff and the floor, so an entry that stays in
/// its feed longer than the retention is never taken for new. A 304 answer lists nothing
/// and changes nothing: the previous listing still stands.
public struct FeedListing: Sendable, Hashable {
    public var keys: [String]
    public var refreshAfter: TimeInterval
    public init(keys: [String], refreshAfter: TimeInterval) { self.keys = keys; self.refreshAfter = refreshAfter }
}

extension SQLiteStore {
    static func refresh(_ listing: FeedListing, feed: FeedID, _ db: Database, now: Date) throws {
        let stale = now.addingTimeInterval(-listing.refreshAfter)
        let keys = Array(Set(listing.keys))
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try db.execute(sql: """
                UPDATE seen_item SET last_seen = ? WHERE feed = ? AND item_key IN (\(marks)) AND last_seen < ?
                """, arguments: StatementArguments([now, feed.rawValue] as [any DatabaseValueConvertible] + chunk + [stale]))
        }
        try db.execute(sql: "UPDATE feed_state SET listing_floor = ? WHERE feed = ?", arguments: [stale, feed.rawValue])
    }
}
