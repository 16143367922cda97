import FeedParsing
import Foundation
import Testing

/// The bundled demo feeds, one per format the skeleton reads.
@Suite struct DemoFeedTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/demo/feeds")

    func parse(_ name: String) throws -> ParsedFeed {
        let data = try Data(contentsOf: Self.demo.appendingPathComponent(name))
        return try #require(FeedParser.parse(data, url: "https://demo.wirewatch.invalid/\(name)").feed)
    }

    @Test func rss20() throws {
        let feed = try parse("world-desk.rss")
        #expect(feed.format == .rss20)
        #expect(feed.entries.count == 7)
        let seed = feed.entries[0]
        #expect(seed.id == "demo-world-01")
        #expect(seed.title == "OpenAI says Chinese rivals using its work for their AI apps")
        #expect(seed.published == Date(timeIntervalSince1970: 1_738_137_600))
        #expect(seed.content?.contains("knowledge distillation") == true)
        #expect(seed.content?.contains("<p>") == false)
        #expect(seed.authors.first?.name == "João da Silva & Graham Fraser")
    }

    @Test func rssItemWithoutGuidFallsBackToLink() throws {
        let feed = try parse("world-desk.rss")
        let spain = try #require(feed.entries.first { $0.title?.hasPrefix("Spain") == true })
        #expect(spain.id == "https://demo.wirewatch.invalid/world/2025/01/25/spain-record-january-warmth")
    }

    @Test func atom10() throws {
        let feed = try parse("tech-desk.atom")
        #expect(feed.format == .atom10)
        #expect(feed.language == "en")
        #expect(feed.entries.count == 7)
        #expect(feed.entries[0].id == "urn:wirewatch:demo:tech:01")
        #expect(feed.entries[0].link == "https://demo.wirewatch.invalid/tech/2025/01/30/deepseek-r1-how-it-was-built")
        #expect(feed.entries[0].content?.contains("&lt;") == false)
        #expect(feed.entries[0].authors.first?.name == "Kelvin Ho")
    }

    @Test func htmlPageIsNotAFeed() {
        let outcome = FeedParser.parse(Data("<!DOCTYPE html><html><head><title>x</title></head></html>".utf8), url: "https://x.test/")
        #expect(outcome.feed == nil)
    }

    @Test func emptyBodyIsNotAFeed() {
        #expect(FeedParser.parse(Data(), url: "https://x.test/") == .notAFeed(found: "an empty document", feedLinks: []))
    }
}
