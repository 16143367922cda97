import FeedParsing
import Foundation
import Testing

@Suite struct RSS2Tests {
    @Test func minimal() throws {
        let feed = try Fixture.feed("rss2-minimal.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "T")
        #expect(feed.link == "https://example.com/")
        #expect(feed.subtitle == "D")
        let e = try #require(feed.entries.first)
        #expect(e.id == "g1")
        #expect(e.title == "One")
        #expect(e.link == "https://example.com/1")
        #expect(e.published == Date(timeIntervalSince1970: 1_738_137_600))
    }

    @Test func cdataInTitleIsTextAfterMarkupIsRemoved() throws {
        #expect(try Fixture.entry("rss2-cdata-in-title.xml").title == "Q&A: Tariffs & trade")
    }

    @Test func aTitleWithATagNoHTMLHasIsText() throws {
        func title(_ escaped: String) throws -> String? {
            let doc = "<rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid><title>\(escaped)</title></item></channel></rss>"
            return FeedParser.parse(Data(doc.utf8), url: "https://example.com/feed").feed?.entries.first?.title
        }
        // Escaped once by someone who wrote it as text: the word was dropped as an unknown tag.
        #expect(try title("Why std::vector&lt;bool&gt; is not a container") == "Why std::vector<bool> is not a container")
        #expect(try title("The &lt;dialog&gt; element ships") == "The <dialog> element ships")
        // Markup of real HTML elements is still markup, and "<3" was never a tag.
        #expect(try title("HTML &lt;i&gt;Nature&lt;/i&gt; paper: &lt;3 for science") == "HTML Nature paper: <3 for science")
    }

    @Test func escapedHTMLDescriptionBecomesText() throws {
        let e = try Fixture.entry("rss2-escaped-html-description.xml")
        #expect(e.summary == "First & best\n\nSecond")
        #expect(e.content == e.summary)
    }

    @Test func cdataDescriptionDropsScripts() throws {
        let e = try Fixture.entry("rss2-cdata-description.xml")
        #expect(e.summary == "Hello world")
        #expect(e.contentHTML == #"<p>Hello <a href="https://example.com/a">world</a></p>"#)
    }

    @Test func contentEncodedIsTheBody() throws {
        let e = try Fixture.entry("rss2-content-encoded.xml")
        #expect(e.summary == "Short summary")
        #expect(e.content == "The full body.\n\nSecond paragraph.")
        #expect(e.contentHTML == "<p>The <em>full</em> body.</p><p>Second paragraph.</p>")
    }

    @Test func emptyContentEncodedFallsBackToDescription() throws {
        let e = try Fixture.entry("rss2-empty-content-encoded-falls-back.xml")
        #expect(e.content == "The description")
        #expect(e.contentHTML == "<p>The description</p>" || e.contentHTML == "The description")
    }

    @Test func permalinkGuidIsTheLink() throws {
        let e = try Fixture.entry("rss2-guid-permalink-as-link.xml")
        #expect(e.id == "https://example.com/perma")
        #expect(e.link == "https://example.com/perma")
    }

    @Test func guidThatIsNotAPermalinkIsNotTheLink() throws {
        let e = try Fixture.entry("rss2-guid-not-permalink.xml")
        #expect(e.id == "https://example.com/not-a-link")
        #expect(e.link == nil)
    }

    @Test func noGuidUsesLink() throws {
        #expect(try Fixture.entry("rss2-no-guid-uses-link.xml").id == "https://example.com/only-link")
    }

    @Test func noGuidNoLinkUsesTitleAndDateStably() throws {
        let feed = try Fixture.feed("rss2-no-guid-no-link-uses-title-date.xml")
        let again = try Fixture.feed("rss2-no-guid-no-link-uses-title-date.xml")
        #expect(feed.entries[0].id.hasPrefix("title:"))
        #expect(feed.entries[0].id != feed.entries[1].id)
        #expect(feed.entries.map(\.id) == again.entries.map(\.id))
    }

    @Test(arguments: [
        ("rss2-author-email-name.xml", ParsedAuthor(name: "Jo Bloggs", email: "jo@example.com")),
        ("rss2-author-name-angle-email.xml", ParsedAuthor(name: "Jo Bloggs", email: "jo@example.com")),
        ("rss2-author-email-only.xml", ParsedAuthor(email: "jo@example.com")),
        ("rss2-author-name-only.xml", ParsedAuthor(name: "Jo Bloggs")),
    ])
    func authorForms(_ fixture: String, _ expected: ParsedAuthor) throws {
        #expect(try Fixture.entry(fixture).authors == [expected])
    }

    @Test func aMailtoPrefixInAnyCaseIsDropped() throws {
        let feed = try Fixture.feed("rss2-author-mailto-any-case.xml")
        #expect(feed.entries.map(\.authors) == [[ParsedAuthor(name: "Jo Bloggs", email: "jo@example.com")], [ParsedAuthor(email: "jo@example.com")]])
    }

    @Test func dcCreatorsAreAuthors() throws {
        #expect(try Fixture.entry("rss2-dc-creator.xml").authors.map(\.name) == ["Ana Lima", "Bo Chen"])
    }

    @Test func categoriesInOrderOnce() throws {
        #expect(try Fixture.entry("rss2-categories.xml").categories == ["Politics", "Trade", "Tariffs"])
    }

    @Test func enclosure() throws {
        #expect(try Fixture.entry("rss2-enclosure.xml").enclosures == [
            ParsedEnclosure(url: "https://cdn.example.com/a.mp3", type: "audio/mpeg", length: 12345),
        ])
    }

    @Test func enclosureWithEmptyLengthAndRelativeURL() throws {
        #expect(try Fixture.entry("rss2-enclosure-bad-length.xml").enclosures == [
            ParsedEnclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: nil),
        ])
    }

    @Test func relativeLinkResolvesAgainstTheFeedURL() throws {
        #expect(try Fixture.entry("rss2-relative-link-resolved.xml").link == "https://example.com/2025/01/story")
    }

    @Test func relativeLinkFromAFileResolvesAgainstTheChannelLink() throws {
        let feed = try Fixture.feed("rss2-relative-link-resolved.xml", url: "file:///tmp/feed.xml")
        #expect(feed.entries[0].link == "https://example.com/2025/01/story")
    }

    @Test func schedulingHints() throws {
        let feed = try Fixture.feed("rss2-ttl-skiphours-skipdays.xml")
        #expect(feed.ttlMinutes == 45)
        #expect(feed.skipHours == [0, 1, 0])
        #expect(feed.skipDays == [.saturday, .sunday])
    }

    @Test func channelFields() throws {
        let feed = try Fixture.feed("rss2-channel-fields.xml")
        #expect(feed.language == "en-gb")
        #expect(feed.updated == Date(timeIntervalSince1970: 1_738_137_600))
        #expect(feed.entries.isEmpty)
    }

    @Test func rssWithoutVersion() throws {
        #expect(try Fixture.feed("rss-without-version.xml").format == .rss)
    }

    @Test func entriesInDocumentOrder() throws {
        #expect(try Fixture.feed("rss2-entries-in-document-order.xml").entries.map(\.id) == ["g1", "g2", "g3", "g4", "g5"])
    }

    @Test func undeclaredDublinCorePrefixStillReads() throws {
        let e = try Fixture.entry("rss2-undeclared-dc-prefix.xml")
        #expect(e.authors.first?.name == "Undeclared Prefix")
        #expect(e.published == Date(timeIntervalSince1970: 1_738_137_600))
    }

    @Test func dcDateWhenNoPubDate() throws {
        #expect(try Fixture.entry("rss2-dc-date-fallback.xml").published == Date(timeIntervalSince1970: 1_738_137_600))
    }

    @Test func unreadableDateIsNullNotNow() throws {
        #expect(try Fixture.entry("rss2-unparseable-date-is-null.xml").published == nil)
    }

    @Test func mediaContentFillsEnclosuresTitleAndSummary() throws {
        let feed = try Fixture.feed("rss2-media-content-enclosure.xml")
        let a = feed.entries[0], b = feed.entries[1]
        #expect(a.title == "x")
        #expect(a.summary == "Media description")
        #expect(a.enclosures == [ParsedEnclosure(url: "https://cdn.example.com/v.mp4", type: "video/mp4", length: 999)])
        #expect(b.title == "Only media title")
        #expect(b.enclosures == [ParsedEnclosure(url: "https://cdn.example.com/g.jpg", type: "image", length: nil)])
    }

    @Test func itunesFillsAuthorSummaryAndKeywords() throws {
        let e = try Fixture.entry("rss2-itunes-fallbacks.xml")
        #expect(e.authors == [ParsedAuthor(name: "Pod Host")])
        #expect(e.summary == "Episode summary")
        #expect(e.categories == ["news", "politics", "trade"])
    }

    @Test func atomLinkInRSSItem() throws {
        #expect(try Fixture.entry("rss2-atom-link-in-channel.xml").link == "https://example.com/from-atom")
    }

    @Test func unescapedHTMLInDescriptionIsKept() throws {
        let e = try Fixture.entry("rss2-unescaped-html-in-description.xml")
        #expect(e.summary == "Raw markup left unescaped\n\nand text")
        #expect(e.contentHTML?.contains("<b>markup</b>") == true)
    }

    @Test func xhtmlBody() throws {
        #expect(try Fixture.entry("rss2-xhtml-body.xml").content == "XHTML body text")
    }

    @Test func htmlInTitleIsRemoved() throws {
        #expect(try Fixture.entry("rss2-html-in-title.xml").title == "Bold move & more")
    }

    @Test func whitespaceIsTrimmedAndCollapsed() throws {
        let e = try Fixture.entry("rss2-whitespace-in-fields.xml")
        #expect(e.title == "Spaced out title")
        #expect(e.link == "https://example.com/ws")
        #expect(e.id == "ws-guid")
    }

    @Test func rss2WithADefaultNamespace() throws {
        #expect(try Fixture.entry("rss2-default-namespace.xml").title == "Namespaced")
    }

    @Test func itemsAfterTheChannelAreRead() throws {
        #expect(try Fixture.feed("rss2-items-outside-channel.xml").entries.map(\.title) == ["Stray item"])
    }

    @Test func dcLanguage() throws {
        #expect(try Fixture.feed("rss2-dc-language.xml").language == "de")
    }

    @Test func xmlBaseOnItem() throws {
        let e = try Fixture.entry("rss2-xml-base-on-item.xml")
        #expect(e.link == "https://other.example.org/section/story.html")
        #expect(e.contentHTML?.contains(#"href="https://other.example.org/section/rel.html""#) == true)
    }

    @Test func relativeLinksInContentAreResolved() throws {
        #expect(try Fixture.entry("rss2-content-relative-links-resolved.xml").contentHTML
            == #"<p><a href="https://example.com/c">c</a><img src="https://example.com/i.png"></p>"#)
    }

    @Test func updatedFromDublinCoreTermsAndAtom() throws {
        #expect(try Fixture.entry("rss2-dcterms-modified.xml").updated == Fixture.date("2025-01-30T08:00:00Z"))
        #expect(try Fixture.entry("rss2-atom-updated.xml").updated == Fixture.date("2025-01-30T08:00:00Z"))
    }
}
