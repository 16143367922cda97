import Foundation
import WirewatchCore

/// How daemons on one PostgreSQL store split the polls (docs/postgresql.md, "Sharing the polls"). Each
/// feed has one preferred daemon among the live ones, by rendezvous (highest random weight) hashing of
/// (feed, daemon): a daemon that joins takes, and one that leaves hands over, only the feeds it wins,
/// about 1/N of them, and nobody needs to agree on anything but the live set. The preferred daemon asks
/// for a feed's lease as soon as the feed is due; any other asks only once it has been due for a grace
/// period, so a dead or slow owner, or a new daemon the others have not heard of yet, never stops a
/// feed from being polled. Leases still decide who polls; this only decides who asks first.
/// Pure: the live set and `now` come in.
public struct PollShare: Sendable, Hashable {
    /// This daemon.
    public let me: String
    /// The daemons heard from lately, sorted, `me` among them.
    public let live: [String]

    public init(me: String, live: some Sequence<String>) {
        self.me = me
        self.live = Set(live).union([me]).sorted()
    }

    /// The longest a daemon waits before taking a feed another daemon prefers.
    public static let longestGrace: TimeInterval = 60

    /// How long past its due time a feed is left to its preferred daemon: a quarter of its interval, at
    /// most a minute. Long enough for a healthy owner to have claimed it; short enough that a dead owner's
    /// feeds are late by a quarter of an interval at most while the others still count it as live.
    public static func grace(interval: TimeInterval) -> TimeInterval {
        min(longestGrace, max(0, interval) / 4)
    }

    /// The daemon a feed prefers: the live daemon with the highest weight for it.
    public func preferred(_ feed: FeedID) -> String {
        var best = me, bestWeight = Self.weight(feed, me)
        for daemon in live where daemon != me {
            let w = Self.weight(feed, daemon)
            if w > bestWeight || (w == bestWeight && daemon < best) { (best, bestWeight) = (daemon, w) }
        }
        return best
    }

    public func prefers(_ feed: FeedID) -> Bool { preferred(feed) == me }

    /// What this daemon does about a feed due at `due`.
    public enum Turn: Sendable, Hashable {
        /// Ask for the lease now.
        case claim
        /// Leave it to its preferred daemon until `until`, then ask.
        case wait(until: Date)
    }

    /// Whether this daemon asks for `feed`'s lease at `now`, the feed due since `due` and polled every `interval`.
    /// `failing`: this daemon's last poll of the feed failed. Its preferred daemon then waits the grace like
    /// the others, so that the next poll goes to whichever daemon asks first: a daemon whose own egress is
    /// broken (a firewall, DNS, a proxy) does not fail the same feeds every interval while a healthy one idles.
    public func turn(_ feed: FeedID, due: Date, interval: TimeInterval, now: Date, failing: Bool = false) -> Turn {
        guard live.count > 1, failing || !prefers(feed) else { return .claim }
        let takeover = due.addingTimeInterval(Self.grace(interval: interval))
        return now >= takeover ? .claim : .wait(until: takeover)
    }

    /// How many of `feeds` this daemon prefers.
    public func preferredCount(_ feeds: some Sequence<FeedID>) -> Int {
        feeds.reduce(0) { $0 + (prefers($1) ? 1 : 0) }
    }

    /// The weight of (feed, daemon): the same in every process and build (Swift's `Hasher` is seeded
    /// per process). FNV-1a alone mixes its last bytes poorly into the high bits, and daemon names often
    /// differ only at the end (host/pid/random), so a finaliser (splitmix64's) spreads them.
    static func weight(_ feed: FeedID, _ daemon: String) -> UInt64 {
        var z = StableHash.fnv1a64([feed.rawValue, daemon])
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
