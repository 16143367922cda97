import FeedParsing
import Foundation
import Testing

@Suite struct AtomTests {
    @Test func minimal() throws {
        let feed = try Fixture.feed("atom10-minimal.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Atom")
        #expect(feed.updated == Date(timeIntervalSince1970: 1_738_137_600))
        #expect(feed.entries[0].id == "urn:e1")
        #expect(feed.entries[0].link == "https://example.com/e1")
        #expect(feed.entries[0].updated == Date(timeIntervalSince1970: 1_738_137_600))
    }

    @Test func textConstructTypes() throws {
        let e = try Fixture.entry("atom10-text-types.xml")
        #expect(e.title == "1 < 2 & <b>not bold</b>")
        #expect(e.summary == "HTML & summary")
        #expect(e.content == "XHTML content here\n\nand more")
        #expect(e.contentHTML == "<p>XHTML <b>content</b> here</p><p>and more</p>")
    }

    @Test func xhtmlMixedContentKeepsItsOrder() throws {
        let e = try Fixture.entry("atom10-xhtml-mixed-content-order.xml")
        #expect(e.title == "Before middle after")
        #expect(e.content == "One two three\nfour")
    }

    @Test func alternateLinkPrefersHTML() throws {
        let e = try Fixture.entry("atom10-link-rels.xml")
        #expect(e.link == "https://example.com/html")
        #expect(e.enclosures == [ParsedEnclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: 42)])
    }

    @Test func ampersandsInLinkQueriesAreDecodedOnce() throws {
        let e = try Fixture.entry("atom10-link-query-with-ampersands.xml")
        #expect(e.link == "https://news.example.com/read?id=7&src=rss&q=a%26b")
        #expect(e.enclosures.map(\.url) == ["https://example.com/a.mp3?x=1&y=2"])
        #expect(e.contentHTML == #"<a href="https://example.com/p?a=1&amp;b=2">more</a>"#)
    }

    @Test func linkWithoutRelIsAlternate() throws {
        #expect(try Fixture.entry("atom10-link-without-rel.xml").link == "https://example.com/norel")
    }

    @Test func xmlBaseAtEveryLevel() throws {
        let feed = try Fixture.feed("atom10-xml-base.xml")
        #expect(feed.link == "https://example.com/")
        #expect(feed.entries[0].link == "https://example.com/articles/one.html")
        #expect(feed.entries[0].contentHTML == #"<img src="https://cdn.example.org/img/pic.png"><a href="https://cdn.example.org/page">p</a>"#)
        #expect(feed.entries[1].link == "https://links.example.net/two.html")
    }

    @Test func authorsAndInheritance() throws {
        let feed = try Fixture.feed("atom10-authors.xml")
        #expect(feed.entries[0].authors == [
            ParsedAuthor(name: "Ana", email: "ana@example.com", uri: "https://ana.example.com"), ParsedAuthor(name: "Bo"),
        ])
        #expect(feed.entries[1].authors == [ParsedAuthor(name: "Feed Author")])
    }

    @Test func categoriesUseLabelThenTerm() throws {
        #expect(try Fixture.entry("atom10-categories.xml").categories == ["tech", "Artificial intelligence"])
    }

    @Test func publishedAndUpdated() throws {
        let e = try Fixture.entry("atom10-published-updated.xml")
        #expect(e.published == Date(timeIntervalSince1970: 1_738_137_600))
        #expect(e.updated == Fixture.date("2025-01-30T08:30:00Z"))
    }

    @Test func summaryOnlyIsAlsoTheContent() throws {
        let e = try Fixture.entry("atom10-summary-only.xml")
        #expect(e.summary == "Plain summary & more")
        #expect(e.content == "Plain summary & more")
    }

    @Test func outOfLineContent() throws {
        let e = try Fixture.entry("atom10-content-src.xml")
        #expect(e.content == nil)
        #expect(e.link == "https://example.com/out-of-line")
    }

    @Test func languageFromXmlLang() throws {
        #expect(try Fixture.feed("atom10-xml-lang.xml").language == "pt-BR")
    }

    @Test func feedSubtitleAndLink() throws {
        let feed = try Fixture.feed("atom10-subtitle.xml")
        #expect(feed.subtitle == "News that matters")
        #expect(feed.link == "https://example.com/")
    }

    @Test func noIdUsesLink() throws {
        #expect(try Fixture.entry("atom10-no-id-uses-link.xml").id == "https://example.com/linked")
    }

    @Test func mediaGroup() throws {
        let e = try Fixture.entry("atom10-media-thumbnail-and-group.xml")
        #expect(e.summary == "Video description")
        #expect(e.enclosures.map(\.url) == ["https://cdn.example.com/v.mp4"])
    }

    @Test func htmlEntitiesInsideEscapedHTML() throws {
        let e = try Fixture.entry("atom10-html-entities-in-html-content.xml")
        #expect(e.title == "Café & bar")
        #expect(e.content == "café au lait — “quoted”")
    }

    @Test func atom03() throws {
        let feed = try Fixture.feed("atom03.xml")
        #expect(feed.format == .atom03)
        #expect(feed.subtitle == "Old tagline")
        #expect(feed.updated == Fixture.date("2005-01-29T08:00:00Z"))
        let e = feed.entries[0]
        #expect(e.published == Fixture.date("2005-01-29T08:00:00Z"))
        #expect(e.updated == Fixture.date("2005-01-30T08:00:00Z"))
        #expect(e.content == "Escaped HTML")
        #expect(e.authors == [ParsedAuthor(name: "Mark", uri: "http://example.com/mark")])
        #expect(feed.entries[1].content == "Base64 body")
        #expect(feed.entries[2].content == "Inline xml")
    }

    @Test func atomWithoutNamespace() throws {
        let feed = try Fixture.feed("atom10-without-namespace.xml")
        #expect(feed.format == .atom10)
        #expect(feed.entries.map(\.title) == ["e"])
    }
}
