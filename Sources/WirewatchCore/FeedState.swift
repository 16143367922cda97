import Foundation

/// What wirewatch remembers about a feed between polls.
public struct FeedState: Sendable, Hashable, Codable {
    public var feed: FeedID
    /// The URL polled now; differs from the configured one after a permanent redirect.
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var lastFetch: Date?
    /// "ok", "salvaged" (read with repairs, described in `lastError`), "not-modified", or an error category.
    public var lastOutcome: String?
    public var lastError: String?
    public var errorStreak: Int
    public var nextPoll: Date?
    public var articlesSeen: Int
    /// Edits of seen entries (same identity, new content) the feed has listed, judged again or not.
    public var entriesEdited: Int = 0
    /// Of those, the edits past `poll.max_edits` per entry, noticed but not judged again.
    public var editsNotJudged: Int = 0
    /// When the oldest entry of the last listing whose content is an edit not judged yet was last judged:
    /// that edit falls due `poll.late_edits` later, and the feed is then fetched without validators, since
    /// a 304 is not read and would leave it unjudged for as long as the document stays as it is.
    public var unjudgedSince: Date?

    /// The outcome of a poll whose document was read with repairs.
    public static let salvaged = "salvaged"

    public init(feed: FeedID, url: String, etag: String? = nil, lastModified: String? = nil, lastFetch: Date? = nil,
                lastOutcome: String? = nil, lastError: String? = nil, errorStreak: Int = 0, nextPoll: Date? = nil, articlesSeen: Int = 0,
                entriesEdited: Int = 0, editsNotJudged: Int = 0, unjudgedSince: Date? = nil) {
        self.feed = feed
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.lastFetch = lastFetch
        self.lastOutcome = lastOutcome
        self.lastError = lastError
        self.errorStreak = errorStreak
        self.nextPoll = nextPoll
        self.articlesSeen = articlesSeen
        self.entriesEdited = entriesEdited
        self.editsNotJudged = editsNotJudged
        self.unjudgedSince = unjudgedSince
    }
}
