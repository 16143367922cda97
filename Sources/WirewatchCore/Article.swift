import Foundation

/// One entry of one feed, as it enters deduplication and analysis.
/// Text fields hold what the parser produced: `title` and `summary` are plain
/// text, `contentHTML` is the sanitised HTML (or plain text) of the body.
public struct Article: Sendable, Hashable, Codable {
    /// Stable within a feed: the entry's guid, else its link, else title + date.
    public var key: String
    public var feed: FeedID
    public var url: String?
    public var title: String
    public var summary: String
    public var contentHTML: String
    public var authors: [String]
    public var categories: [String]
    public var published: Date?
    public var updated: Date?
    /// The feed's declared language, if any (a hint for language identification).
    public var languageHint: String?

    public init(key: String, feed: FeedID, url: String? = nil, title: String, summary: String = "",
                contentHTML: String = "", authors: [String] = [], categories: [String] = [],
                published: Date? = nil, updated: Date? = nil, languageHint: String? = nil) {
        self.key = key
        self.feed = feed
        self.url = url
        self.title = title
        self.summary = summary
        self.contentHTML = contentHTML
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
        self.languageHint = languageHint
    }

    /// A stable identifier for (feed, key), used in alert records and the store.
    public var id: String { StableHash.hex(feed.rawValue, key) }
}
