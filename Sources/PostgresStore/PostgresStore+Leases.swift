import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// Feed leases (FeedLeases.swift): a daemon polls a feed only while it holds its lease, and only
/// when the feed's shared schedule is due, so daemons on one database never poll a feed twice.
extension PostgresStore: FeedLeases {
    /// How long to wait before asking again about a feed another daemon is claiming this instant.
    static let busyRetry: TimeInterval = 2

    public func claimFeed(_ feed: FeedID, until: Date, now: Date) throws -> FeedClaim {
        try connections.withSession { s in
            // The lease row exists before anyone locks it (committed on its own, so claimers never wait on it).
            try s.run("INSERT INTO feed_lease (feed) VALUES (\(feed.rawValue)) ON CONFLICT DO NOTHING")
        }
        return try connections.transaction { s in
            guard let lease = try s.rows("""
                SELECT owner, until FROM feed_lease WHERE feed = \(feed.rawValue) FOR UPDATE SKIP LOCKED
                """).first else {
                return .notNow(askAgainAt: now.addingTimeInterval(Self.busyRetry))  // another daemon is claiming it
            }
            let holder: String? = try lease.get("owner")
            if let holder, holder != owner, let held = try lease.get("until", as: Date?.self), held > now {
                return .notNow(askAgainAt: held)
            }
            let shared = try s.rows("""
                SELECT \(unescaped: Self.scheduleColumns) \(unescaped: Self.scheduleTables) WHERE s.feed = \(feed.rawValue)
                """).first.map(Self.schedule)
            if let shared {
                let due = max(shared.nextPoll, shared.notBefore ?? .distantPast)
                if due > now { return .notNow(askAgainAt: due) }
            }
            try s.run("UPDATE feed_lease SET owner = \(owner), until = \(until) WHERE feed = \(feed.rawValue)")
            return .claimed(shared: shared)
        }
    }

    public func releaseFeed(_ feed: FeedID) throws {
        try connections.withSession { s in
            try s.run("UPDATE feed_lease SET owner = NULL, until = NULL WHERE feed = \(feed.rawValue) AND owner = \(owner)")
        }
    }
}
