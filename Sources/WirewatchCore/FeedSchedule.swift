import Foundation

/// When and where a feed is polled next, and what its history says about it.
/// A plain value: the daemon's `PollPlanner` computes the next one from the last.
public struct FeedSchedule: Sendable, Hashable {
    public var feed: FeedID
    /// The URL in the config; when the operator changes it, the schedule starts over.
    public var configuredURL: String
    /// The URL polled now: the configured one, or where a permanent redirect moved it.
    public var url: String
    /// The learned interval between polls (adaptive feeds only); nil until the first success.
    public var interval: TimeInterval?
    public var nextPoll: Date
    /// The server asked (Retry-After) not to be polled before this.
    public var notBefore: Date?
    public var errorStreak: Int
    /// Set when the streak reached `poll.broken_after`; cleared by the next success.
    public var brokenSince: Date?
    public var lastSuccess: Date?
    /// Set when the server's word (ttl, cache headers, skip hours) put the next poll beyond the interval.
    public var hint: ServerHint?

    public init(feed: FeedID, configuredURL: String, url: String? = nil, interval: TimeInterval? = nil, nextPoll: Date,
                notBefore: Date? = nil, errorStreak: Int = 0, brokenSince: Date? = nil, lastSuccess: Date? = nil,
                hint: ServerHint? = nil) {
        self.feed = feed
        self.configuredURL = configuredURL
        self.url = url ?? configuredURL
        self.interval = interval
        self.nextPoll = nextPoll
        self.notBefore = notBefore
        self.errorStreak = errorStreak
        self.brokenSince = brokenSince
        self.lastSuccess = lastSuccess
        self.hint = hint
    }

    public var isBroken: Bool { brokenSince != nil }

    /// Its last poll failed, and not yet `poll.broken_after` times in a row.
    public var isFailing: Bool { errorStreak > 0 && !isBroken }

    /// The server polled (host, and port when not the scheme's), for server-wide Retry-After holds.
    public var host: String? { Self.host(of: url) }

    /// The server of a feed URL as holds are keyed: the host lower-cased, with its port unless it is the
    /// scheme's own. A `Retry-After` is one server's word: keyed by name alone, a 429 from one service on
    /// a machine held every other service on its other ports (trial finding 22).
    public static func host(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let name = parts.host?.lowercased() else { return nil }
        let scheme = parts.scheme?.lowercased()
        guard let port = parts.port, port != (scheme == "https" ? 443 : scheme == "http" ? 80 : nil) else { return name }
        return name.contains(":") ? "[\(name)]:\(port)" : "\(name):\(port)"
    }
}

/// The server asked every feed on `host` to wait until `until`.
public struct HostHold: Sendable, Hashable {
    public var host: String
    public var until: Date
    public init(host: String, until: Date) { self.host = host; self.until = until }
}
