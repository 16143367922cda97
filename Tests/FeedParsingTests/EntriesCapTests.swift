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
