import Foundation
import Testing
@testable import FeedParsing

/// Entries past `poll.max_entries` are counted, not built: a document of 100,000
/// items costs the parser the elements it reads, not 100,000 entries' text,
/// dates and links, 90,000 of them thrown away. (RSS and JSON Feed: FeedProblemTests'
/// theEntriesCapIsConfigurableAndKeepsTheFirst and theEntriesCapHoldsForJSONFeeds.)
@Suite struct EntriesCapTests {
    static func parse(_ document: String, cap: Int) throws -> ParsedFeed {
        try #require(FeedParser.parse(Data(document.utf8), url: "https://example.com/feed.xml", limits: ParseLimits(maxEntries: cap)).feed)
    }

    @Test func atomEntriesPastTheCapAreCountedNotBuilt() throws {
        let entries = (1...4).map { "<entry><id>a\($0)</id><title>n\($0)</title></entry>" }.joined()
        let feed = try Self.parse(#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>"# + entries + "</feed>", cap: 3)
        #expect(feed.entries.map(\.id) == ["a1", "a2", "a3"])
        #expect(feed.entriesNotBuilt == 1)
        #expect(feed.problems == [.tooManyEntries(found: 4, limit: 3, atLeast: false)])
    }
}

/// Past the cap, the newest entries by date are kept, not the first in document order: a feed listed
/// oldest first (an archive, a podcast, a changelog) kept to its first entries never showed one it
/// added, all of them at its end (trial2 finding 18). Ties and entries without a date go by document
/// order; the salvage note says which were kept.
@Suite struct NewestEntriesCapTests {
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    static func rfc822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    static func rss(_ items: [(guid: String, date: Date?)]) -> String {
        "<rss version=\"2.0\"><channel><title>t</title>" + items.map { i in
            "<item><guid>\(i.guid)</guid><title>\(i.guid)</title>" + (i.date.map { "<pubDate>\(rfc822($0))</pubDate>" } ?? "") + "</item>"
        }.joined() + "</channel></rss>"
    }

    @Test func anOldestFirstFeedKeepsItsNewestEntries() throws {
        let items = (1...30).map { (guid: "g\($0)", date: Optional(Self.start.addingTimeInterval(Double($0) * Self.day))) }
        let feed = try EntriesCapTests.parse(Self.rss(items), cap: 25)
        #expect(feed.entries.map(\.id) == (6...30).map { "g\($0)" })
        #expect(feed.entriesNotBuilt == 5)
        let since = Self.start.addingTimeInterval(6 * Self.day)
        #expect(feed.problems == [.tooManyEntries(found: 30, limit: 25, atLeast: false, kept: .newest(since: since))])
        #expect(feed.problems.summary == "30 entries, only the newest 25 by date read (dated 2025-12-07T00:00:00Z or later)")
        // Newest first, the same entries: the cap keeps what the document's order had always kept.
        #expect(try EntriesCapTests.parse(Self.rss(items.reversed()), cap: 25).entries.map(\.id) == (6...30).reversed().map { "g\($0)" })
    }

    @Test func tiesGoByDocumentOrderAndUndatedEntriesComeLast() throws {
        let same = Self.start
        let items: [(guid: String, date: Date?)] = [("u1", nil), ("old", same.addingTimeInterval(-Self.day)), ("t1", same), ("u2", nil),
                                                    ("t2", same), ("t3", same), ("new", same.addingTimeInterval(Self.day))]
        #expect(try EntriesCapTests.parse(Self.rss(items), cap: 3).entries.map(\.id) == ["t1", "t2", "new"])
        #expect(try EntriesCapTests.parse(Self.rss(items), cap: 6).entries.map(\.id) == ["u1", "old", "t1", "t2", "t3", "new"])
        // No dates at all: the first in document order, as before.
        let undated = (1...4).map { (guid: "u\($0)", date: Date?.none) }
        let feed = try EntriesCapTests.parse(Self.rss(undated), cap: 3)
        #expect(feed.entries.map(\.id) == ["u1", "u2", "u3"])
        #expect(feed.problems.summary == "4 entries, only the first 3 read")
    }

    @Test func atomAndJSONFeedsKeepTheirNewestToo() throws {
        let atom = #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>"# + (1...4).map {
            "<entry><id>a\($0)</id><title>n\($0)</title><updated>2025-12-0\($0)T00:00:00Z</updated></entry>"
        }.joined() + "</feed>"
        #expect(try EntriesCapTests.parse(atom, cap: 3).entries.map(\.id) == ["a2", "a3", "a4"])
        let items = (1...4).map { #"{"id":"j\#($0)","content_text":"x","date_published":"2025-12-0\#($0)T00:00:00Z"}"# }.joined(separator: ",")
        let json = #"{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[\#(items)]}"#
        let feed = try EntriesCapTests.parse(json, cap: 2)
        #expect(feed.entries.map(\.id) == ["j3", "j4"])
        #expect(feed.problems.summary == "4 entries, only the newest 2 by date read (dated 2025-12-03T00:00:00Z or later)")
    }
}
