import Foundation
import WirewatchCore

/// Feeds shared by several daemons on one PostgreSQL store (DESIGN.md, "Storage"): a daemon polls a
/// feed only while it holds the feed's lease, and only when the shared schedule says the feed is due,
/// so two daemons never poll one feed twice. The embedded SQLite store serves one daemon (its lock
/// refuses a second) and has no leases.
public protocol FeedLeases: Sendable {
    /// Takes `feed`'s lease for this store's daemon until `until`, when no other daemon holds an
    /// unexpired lease on it and the schedule saved in the store (by whichever daemon polled it last)
    /// is due at `now`.
    func claimFeed(_ feed: FeedID, until: Date, now: Date) throws -> FeedClaim
    /// Gives the lease back once the poll's commit and its schedule are saved.
    func releaseFeed(_ feed: FeedID) throws
}

public enum FeedClaim: Sendable, Hashable {
    /// The lease is this daemon's. `shared` is the feed's schedule as the store has it (another daemon
    /// may have polled the feed since this one last did), nil for a feed no daemon has polled yet.
    case claimed(shared: FeedSchedule?)
    /// Another daemon holds the lease, or polled the feed and saved a later poll: ask again at this time.
    case notNow(askAgainAt: Date)
}
