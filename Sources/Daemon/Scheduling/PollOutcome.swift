import Foundation

/// What one poll observed, as far as scheduling cares.
public enum PollOutcome: Sendable, Hashable {
    /// A feed document arrived and was processed.
    case fetched(FeedSignals)
    /// 304: nothing changed since the last poll.
    case notModified(FeedSignals)
    case failed(PollFailure)
}

/// The hints a successful response carries about when to come back.
public struct FeedSignals: Sendable, Hashable {
    public var newArticles: Int
    /// Publication dates of the entries in the document, for the update frequency.
    public var entryDates: [Date]
    /// RSS `<ttl>`, in seconds.
    public var ttl: TimeInterval?
    /// RSS `<skipHours>`: hours 0–23 (GMT) not to poll in.
    public var skipHours: Set<Int>
    /// RSS `<skipDays>`: Gregorian weekdays (1 = Sunday … 7 = Saturday) not to poll on.
    public var skipDays: Set<Int>
    /// Cache-Control max-age or Expires − Date, in seconds.
    public var freshness: TimeInterval?
    /// Set when every redirect was permanent (301/308): the feed's new URL.
    public var movedTo: String?
    public var retryAfter: TimeInterval?

    public init(newArticles: Int = 0, entryDates: [Date] = [], ttl: TimeInterval? = nil, skipHours: Set<Int> = [],
                skipDays: Set<Int> = [], freshness: TimeInterval? = nil, movedTo: String? = nil, retryAfter: TimeInterval? = nil) {
        self.newArticles = newArticles
        self.entryDates = entryDates
        self.ttl = ttl
        self.skipHours = skipHours
        self.skipDays = skipDays
        self.freshness = freshness
        self.movedTo = movedTo
        self.retryAfter = retryAfter
    }
}

public struct PollFailure: Sendable, Hashable {
    /// A fetch error category ("timeout", "http-5xx", …), "gone" (a 410), "parse" or "store".
    public var category: String
    public var message: String
    public var retryAfter: TimeInterval?
    /// True when the server spoke for the whole host (429, or 503 with Retry-After).
    public var hostWide: Bool

    /// The category of a 410 Gone: the server says the feed was removed for good.
    public static let gone = "gone"
    /// The category of a poll the daemon's own store would not take (a full disk, a store gone away). It says
    /// nothing about the feed: the feed is neither backed off nor counted towards broken for it.
    public static let store = "store"

    /// True when the poll failed on the daemon's side, not the feed's.
    public var isTheStores: Bool { category == Self.store }

    public init(category: String, message: String, retryAfter: TimeInterval? = nil, hostWide: Bool = false) {
        self.category = category
        self.message = message
        self.retryAfter = retryAfter
        self.hostWide = hostWide
    }
}
