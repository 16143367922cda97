import Foundation

/// A feed as the parser read it, independent of its wire format.
public struct ParsedFeed: Sendable, Hashable {
    public var format: FeedFormat
    public var title: String?
    public var link: String?
    public var subtitle: String?
    public var language: String?
    public var updated: Date?
    /// RSS `<ttl>` in minutes, when given.
    public var ttlMinutes: Int?
    /// RSS `<skipHours>`: hours of the day (0–23, GMT) in which the feed asks not to be read.
    public var skipHours: [Int]
    /// RSS `<skipDays>`: days on which the feed asks not to be read.
    public var skipDays: [FeedWeekday]
    public var entries: [ParsedEntry]
    /// Entries the document has past `ParseLimits.maxEntries`: counted, never built.
    var entriesNotBuilt = 0
    /// Which entries the cap kept, when there were more (`EntryCap`).
    var entriesKept: FeedProblem.EntriesKept = .first
    /// What had to be repaired, cut or ignored to read the document (see `FeedProblem`); empty when it read cleanly.
    public var problems: [FeedProblem] = []

    public init(format: FeedFormat, title: String? = nil, link: String? = nil, subtitle: String? = nil,
                language: String? = nil, updated: Date? = nil, ttlMinutes: Int? = nil, skipHours: [Int] = [],
                skipDays: [FeedWeekday] = [], entries: [ParsedEntry] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.ttlMinutes = ttlMinutes
        self.skipHours = skipHours
        self.skipDays = skipDays
        self.entries = entries
    }
}

public enum FeedFormat: String, Sendable, Hashable, Codable {
    case rss20, rss10, rss09x, atom10, atom03, json
    /// An `<rss>` without a version.
    case rss
}

/// A day of the week, numbered as `Calendar`'s `weekday` (Sunday is 1).
public enum FeedWeekday: Int, Sendable, Hashable, Codable, CaseIterable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// "Monday", "monday", "Mon".
    public init?(name: String) {
        let n = name.trimmed.lowercased()
        guard n.count >= 3, let day = Self.allCases.first(where: { "\($0)".hasPrefix(n) }) else { return nil }
        self = day
    }
}

public struct ParsedEntry: Sendable, Hashable {
    /// guid / atom:id; when absent, the link, then title + date (see `EntryIdentity`).
    public var id: String
    public var title: String?
    public var link: String?
    /// Plain text.
    public var summary: String?
    /// Plain text of the body (content:encoded, atom:content, content_html…);
    /// the summary's when the entry has no separate body. Rendered when read
    /// (see `DeferredText`).
    public var content: String? {
        get { contentText.value }
        set { contentText = DeferredText(newValue) }
    }
    var contentText: DeferredText
    /// The body's HTML, sanitised (only elements and attributes that carry
    /// content; relative links made absolute), for the analysis core.
    public var contentHTML: String?
    public var published: Date?
    public var updated: Date?
    public var authors: [ParsedAuthor]
    public var categories: [String]
    public var enclosures: [ParsedEnclosure]

    public init(id: String, title: String? = nil, link: String? = nil, summary: String? = nil, content: String? = nil,
                contentHTML: String? = nil, published: Date? = nil, updated: Date? = nil, authors: [ParsedAuthor] = [],
                categories: [String] = [], enclosures: [ParsedEnclosure] = []) {
        self.id = id
        self.title = title
        self.link = link
        self.summary = summary
        self.contentText = DeferredText(content)
        self.contentHTML = contentHTML
        self.published = published
        self.updated = updated
        self.authors = authors
        self.categories = categories
        self.enclosures = enclosures
    }
}

public struct ParsedAuthor: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var uri: String?
    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name; self.email = email; self.uri = uri
    }
}

public struct ParsedEnclosure: Sendable, Hashable {
    public var url: String
    public var type: String?
    public var length: Int?
    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url; self.type = type; self.length = length
    }
}

/// What the parser made of a document.
public enum ParseOutcome: Sendable, Hashable {
    case feed(ParsedFeed)
    /// Not a feed: `found` says what it is instead; `feedLinks` are the feeds an HTML page advertises.
    case notAFeed(found: String, feedLinks: [String])

    public var feed: ParsedFeed? {
        if case .feed(let f) = self { return f }
        return nil
    }
}
