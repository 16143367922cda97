import FeedParsing
import Foundation
import Testing

/// Input written to hurt: each is read without expanding, fetching or
/// holding more than the document itself.
@Suite struct HostileInputTests {
    @Test func billionLaughsIsNotExpanded() throws {
        let feed = try Fixture.feed("hostile-billion-laughs.xml")
        #expect(feed.title == "&lol9;")
        #expect(feed.entries.first?.title == "&lol9;")
    }

    @Test(arguments: ["hostile-xxe-file-passwd.xml", "hostile-xxe-parameter-entity.xml", "hostile-external-dtd.xml"])
    func localFilesAreNotRead(_ name: String) throws {
        let feed = try Fixture.feed(name)
        let json = String(decoding: try feed.jsonData(), as: UTF8.self)
        #expect(!json.contains("root:"))
        #expect(feed.entries.count == 1)
    }

    @Test func externalEntityIsLiteralText() throws {
        #expect(try Fixture.entry("hostile-xxe-file-passwd.xml").title == "&xxe;")
    }

    @Test func networkEntityIsNotFetched() throws {
        #expect(try Fixture.entry("hostile-network-entity.xml").title == "&net;")
    }

    @Test func fiftyMegabyteTitleIsCut() throws {
        var doc = Data(#"<rss version="2.0"><channel><title>"#.utf8)
        doc.append(Data(repeating: UInt8(ascii: "A"), count: 50 << 20))
        doc.append(Data("</title><item><title>after</title></item></channel></rss>".utf8))
        let feed = try #require(FeedParser.parse(doc, url: Fixture.url).feed)
        let title = try #require(feed.title)
        #expect(title.utf8.count <= 64 << 10)
        // Cut twice: to 8 MiB as it is read, and as a "word" of 50 MB without a space.
        #expect(title.allSatisfy { $0 == "A" || $0 == "…" })
        #expect(feed.entries.map(\.title) == ["after"])
        #expect(feed.problems.map(\.kind) == ["text-cut", "words-cut"])
    }

    @Test func tenThousandDeepNestingStopsQuietly() throws {
        var doc = #"<rss version="2.0"><channel><title>deep</title><item><title>ok</title><description>"#
        doc += String(repeating: "<div>", count: 10_000) + "x" + String(repeating: "</div>", count: 10_000)
        doc += "</description></item></channel></rss>"
        let outcome = FeedParser.parse(Data(doc.utf8), url: Fixture.url)
        let feed = try #require(outcome.feed)
        #expect(feed.title == "deep")
        #expect(feed.entries.first?.title == "ok")
    }

    @Test func tenThousandDeepEscapedHTMLInContent() throws {
        var html = String(repeating: "<div>", count: 10_000) + "deep text" + String(repeating: "</div>", count: 10_000)
        html = html.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        let doc = #"<rss version="2.0"><channel><item><title>t</title><description>"# + html + "</description></item></channel></rss>"
        let e = try #require(FeedParser.parse(Data(doc.utf8), url: Fixture.url).feed?.entries.first)
        #expect(e.content == "deep text")
    }

    @Test func manyEntitiesInATitle() throws {
        let doc = #"<rss version="2.0"><channel><item><title>"# + String(repeating: "&amp;&nbsp;&#8212;", count: 200_000)
            + "</title></item></channel></rss>"
        let title = try #require(FeedParser.parse(Data(doc.utf8), url: Fixture.url).feed?.entries.first?.title)
        #expect(title.utf8.count <= 64 << 10)
        #expect(title.hasPrefix("& —&"))
    }

    @Test func noiseIsNotAFeed() {
        // Deterministic noise (a multiplicative hash of the index), so a failure replays.
        let bytes = Data((0..<100_000).map { (i: Int) in UInt8(truncatingIfNeeded: (UInt64(i) &* 0x9E37_79B9_7F4A_7C15) >> 56) })
        #expect(FeedParser.parse(bytes, url: Fixture.url).feed == nil)
    }
}
