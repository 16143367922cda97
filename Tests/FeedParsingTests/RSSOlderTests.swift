import FeedParsing
import Foundation
import Testing

/// RSS 0.90–0.94 and RSS 1.0 (RDF).
@Suite struct RSSOlderTests {
    @Test func rss091() throws {
        let feed = try Fixture.feed("rss091-netscape.xml")
        #expect(feed.format == .rss09x)
        #expect(feed.language == "en-us")
        #expect(feed.entries[0].title == "Old item é")
        #expect(feed.entries[0].summary == "Old description")
        #expect(feed.entries[0].id == "http://example.com/old")
    }

    @Test func rss092ItemWithoutTitle() throws {
        let e = try Fixture.entry("rss092-enclosure.xml")
        #expect(e.title == nil)
        #expect(e.summary == "Only a description, no title")
        #expect(e.enclosures.count == 1)
        // No guid, link, title or date: known by its text.
        #expect(e.id.hasPrefix("text:"))
    }

    @Test(arguments: ["rss093.xml", "rss094.xml"])
    func rss093and094(_ name: String) throws {
        let feed = try Fixture.feed(name)
        #expect(feed.format == .rss09x)
        #expect(feed.entries.map(\.title) == ["x"])
    }

    @Test func rss090() throws {
        let feed = try Fixture.feed("rss090-rdf.xml")
        #expect(feed.format == .rss09x)
        #expect(feed.title == "Mozilla Dot Org")
        #expect(feed.entries.map(\.link) == ["http://www.mozilla.org/status/", "http://www.mozilla.org/bugs/"])
    }

    @Test func rss10() throws {
        let feed = try Fixture.feed("rss10-rdf.xml")
        #expect(feed.format == .rss10)
        #expect(feed.title == "RDF site")
        #expect(feed.language == "fr")
        #expect(feed.updated == Date(timeIntervalSince1970: 1_738_137_600))
        let e = feed.entries[0]
        #expect(e.id == "http://example.com/1")
        #expect(e.summary == "Desc")
        #expect(e.content == "Body")
        #expect(e.authors.map(\.name) == ["Marie Curie"])
        #expect(e.categories == ["Science"])
        #expect(e.published == Date(timeIntervalSince1970: 1_738_137_600))
    }

    @Test func rss10ItemWithoutLinkUsesRdfAbout() throws {
        let e = try Fixture.entry("rss10-rdf.xml", 1)
        #expect(e.link == "http://example.com/2")
        #expect(e.id == "http://example.com/2")
    }
}
