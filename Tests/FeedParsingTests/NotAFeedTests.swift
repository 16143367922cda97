import FeedParsing
import Foundation
import Testing

@Suite struct NotAFeedTests {
    @Test func htmlPageListsItsFeeds() throws {
        let outcome = try Fixture.outcome("html-page-with-feed-links.html", url: "https://example.com/news/")
        #expect(outcome == .notAFeed(found: "an HTML page (“Example News”)", feedLinks: [
            "https://example.com/feeds/all.rss", "https://example.com/atom.xml", "https://example.com/news/feed.json",
        ]))
    }

    @Test func htmlPageWithoutFeeds() throws {
        #expect(try Fixture.outcome("html-page-without-feed-links.html") == .notAFeed(found: "an HTML page (“Plain page”)", feedLinks: []))
    }

    @Test func xhtmlPage() throws {
        #expect(try Fixture.outcome("xhtml-page.xhtml") == .notAFeed(found: "an HTML page (“XHTML page”)", feedLinks: ["https://example.com/a.atom"]))
    }

    @Test func otherXML() throws {
        #expect(try Fixture.outcome("xml-not-a-feed.xml") == .notAFeed(found: "an XML document whose root is <catalog>", feedLinks: []))
    }

    @Test func rdfWithoutChannel() throws {
        #expect(try Fixture.outcome("rdf-without-channel.xml") == .notAFeed(found: "an RDF document without an RSS channel", feedLinks: []))
    }

    @Test func plainText() throws {
        #expect(try Fixture.outcome("plain-text.txt") == .notAFeed(found: "a document that is neither XML nor JSON (it starts with “This is not a feed at all.”)", feedLinks: []))
    }

    /// A binary file's start is said with its control bytes escaped, not echoed to the terminal.
    @Test func aBinaryFilesStartIsSaidWithItsControlBytesEscaped() throws {
        let elf = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0x09])
        guard case .notAFeed(let found, _) = FeedParser.parse(elf, url: Fixture.url) else { Issue.record("parsed as a feed"); return }
        #expect(!found.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(found.debugDescription)")
        #expect(found.contains("“\\u{7F}ELF"), "\(found)")
        #expect(found.contains("\\0\\u{1B}[2J\\t”"), "\(found)")
    }

    @Test(arguments: ["empty.xml", "whitespace-only.xml"])
    func empty(_ name: String) throws {
        #expect(try Fixture.outcome(name) == .notAFeed(found: "an empty document", feedLinks: []))
    }
}

@Suite struct HTMLPageEncodingTests {
    /// The page is decoded once (UTF-8 here: the HTTP charset says so); its
    /// `<meta charset>` must not make libxml2 decode it a second time.
    @Test func metaCharsetDoesNotDecodeTwice() throws {
        let outcome = try Fixture.outcome("html-page-meta-charset-after-decoding.html", contentType: "text/html; charset=utf-8")
        #expect(outcome == .notAFeed(found: "an HTML page (“Café — x”)", feedLinks: ["https://example.com/f"]))
    }
}
