import FeedParsing
import Foundation
import Testing

@Suite struct JSONFeedTests {
    @Test func version11() throws {
        let feed = try Fixture.feed("jsonfeed11.json")
        #expect(feed.format == .json)
        #expect(feed.title == "JSON Feed")
        #expect(feed.link == "https://example.org/")
        #expect(feed.subtitle == "A feed")
        #expect(feed.language == "en-US")
        let e = feed.entries[0]
        #expect(e.id == "2")
        #expect(e.content == "Hello, world!")
        #expect(e.contentHTML == "<p>Hello, <b>world</b>!</p>")
        #expect(e.summary == "Sum")
        #expect(e.published == Date(timeIntervalSince1970: 1_738_137_600))
        #expect(e.updated == Fixture.date("2025-01-30T13:00:00Z"))
        #expect(e.categories == ["a", "b"])
        #expect(e.authors == [ParsedAuthor(name: "Item Author")])
        #expect(e.enclosures == [ParsedEnclosure(url: "https://example.org/a.m4a", type: "audio/x-m4a", length: 89_970_236)])
    }

    @Test func contentTextAndInheritedAuthorAndRelativeURL() throws {
        let e = try Fixture.entry("jsonfeed11.json", 1)
        #expect(e.link == "https://example.org/first")
        #expect(e.content == "Plain text content.\n\nSecond paragraph.")
        #expect(e.authors == [ParsedAuthor(name: "Feed Author", uri: "https://example.org/me")])
    }

    @Test func version10WithNumericIdAndExternalURL() throws {
        let e = try Fixture.entry("jsonfeed10-author.json")
        #expect(e.id == "42")
        #expect(e.link == "https://example.com/ext")
        #expect(e.authors == [ParsedAuthor(name: "Single Author")])
    }

    @Test func jsonThatIsNotAFeed() throws {
        #expect(try Fixture.outcome("json-not-a-feed.json") == .notAFeed(found: "a JSON document that is not a JSON Feed", feedLinks: []))
    }

    @Test func invalidJSON() throws {
        #expect(try Fixture.outcome("json-invalid.json") == .notAFeed(found: "a document that is neither XML nor valid JSON", feedLinks: []))
    }
}
