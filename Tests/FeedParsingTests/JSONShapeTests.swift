import FeedParsing
import Foundation
import Testing

/// `wirewatch parse --json`: the documented shape (docs/parse-json.md).
@Suite struct JSONShapeTests {
    @Test func exactKeysAndTypes() throws {
        let feed = try Fixture.feed("jsonfeed11.json")
        let object = try #require(try JSONSerialization.jsonObject(with: feed.jsonData()) as? [String: Any])
        #expect(Set(object.keys) == ["format", "title", "link", "subtitle", "language", "updated", "entries"])
        #expect(object["updated"] is NSNull)
        let entry = try #require((object["entries"] as? [[String: Any]])?.first)
        #expect(Set(entry.keys) == ["id", "title", "link", "summary", "content", "published", "updated", "authors", "categories", "enclosures"])
        #expect(entry["published"] as? String == "2025-01-29T08:00:00+00:00")
        #expect(Set(try #require((entry["authors"] as? [[String: Any]])?.first).keys) == ["name", "email", "uri"])
        #expect(Set(try #require((entry["enclosures"] as? [[String: Any]])?.first).keys) == ["url", "type", "length"])
        #expect((entry["enclosures"] as? [[String: Any]])?.first?["length"] as? Int == 89_970_236)
    }

    @Test func datesKeepAnOffsetAndOldDatesWork() {
        #expect(ParsedFeed.isoDate(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00+00:00")
        #expect(ParsedFeed.isoDate(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59+00:00")
        #expect(ParsedFeed.isoDate(Date(timeIntervalSince1970: 1_709_208_000)) == "2024-02-29T12:00:00+00:00")
    }

    @Test func formatNames() throws {
        #expect(try Fixture.feed("rss-without-version.xml").jsonObject["format"] as? String == "rss")
        #expect(try Fixture.feed("rss10-rdf.xml").jsonObject["format"] as? String == "rss10")
        #expect(try Fixture.feed("rss091-netscape.xml").jsonObject["format"] as? String == "rss09x")
        #expect(try Fixture.feed("atom03.xml").jsonObject["format"] as? String == "atom03")
    }
}
