import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `opml export` writes each feed's title, and `opml import` keeps ids and titles through a round trip;
/// an outline's relative `xmlUrl` is read against its page's address. Through the CLI, on real files.
@Suite struct OPMLTitlesTests {
    static let feeds = """
        feeds:
          - id: harbour
            url: https://harbour.example/feed.xml
            title: Harbour News & Tides
            tags: [ports]
          - id: customs_desk
            url: https://customs.example/rss
          - id: markup_desk
            url: https://markup.example/rss
            title: Use &#38; in HTML
        """

    static func install(feeds: String) throws -> TestInstall {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try OPMLTests.removeFeeds(install)
        try String(contentsOfFile: install.configPath, encoding: .utf8).replacingOccurrences(of: "feeds: []", with: feeds)
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        return install
    }

    /// Outlines were titled with feed ids ("customs_desk"); a configured title is written, the id only
    /// for a feed without one, and an import of the export gives back the same ids, titles and tags
    /// (a title that shows a character reference keeps it as text: the export escapes its "&").
    @Test func exportWritesTitlesAndARoundTripKeepsIds() async throws {
        let install = try Self.install(feeds: Self.feeds)
        let (status, exported, stderr) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let outlines = try OPMLReader.read(Data(exported.utf8), path: "export.opml").get()
        #expect(outlines.map(\.title) == ["Harbour News & Tides", "customs_desk", "Use &#38; in HTML"], "\(exported)")
        #expect(exported.contains("text=\"Harbour News &amp; Tides\""), "\(exported)")

        let exportPath = install.dir.appendingPathComponent("export.opml").path
        try exported.write(toFile: exportPath, atomically: true, encoding: .utf8)
        let other = try Self.install(feeds: "feeds: []")
        let (imported, _, err) = try await ChildProcess.run(["opml", "import", exportPath, "--config", other.configPath])
        #expect(imported == 0, "\(err)")
        let first = try ConfigLoader.load(path: install.configPath).get().feeds
        let second = try ConfigLoader.load(path: other.configPath).get().feeds
        #expect(second.map(\.id) == first.map(\.id))
        #expect(second.map(\.title) == ["Harbour News & Tides", nil, "Use &#38; in HTML"])
        #expect(second.map(\.url) == first.map(\.url))
        #expect(second.map(\.tags) == first.map(\.tags))
        let (_, again, _) = try await ChildProcess.run(["opml", "export", "--config", other.configPath])
        func body(_ s: String) -> String { String(s[s.range(of: "<body>")!.lowerBound...]) }
        #expect(body(again) == body(exported), "\(again)")
    }

    /// A title's quote, line breaks and tab come back from the export as they were (a CRLF is one
    /// Character, which a newline-only escape missed, and XML reads a bare tab or line break in an
    /// attribute as a space); a control character XML cannot hold is dropped, not written raw.
    @Test func aTitlesQuoteLineBreaksAndTabSurviveTheExport() throws {
        var feed = FeedConfig(id: FeedID("quay"), url: "https://quay.example/rss", interval: nil, tags: [], allowFile: false, headers: [:])
        feed.title = "Quay \"7\"\r\nnight\tshift\nends\u{1}"
        let document = OPMLWriter.document([feed], title: "Desk", created: Date(timeIntervalSince1970: 0))
        let outlines = try OPMLReader.read(Data(document.utf8), path: "export.opml").get()
        #expect(outlines.map(\.title) == ["Quay \"7\"\r\nnight\tshift\nends"], "\(document)")
        #expect(!document.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(document)")
    }

    /// A relative `xmlUrl` is resolved against the outline's absolute `htmlUrl`; without one it is left
    /// out, said with its place in the file, not added as a feed the config would refuse. A host written
    /// without its scheme ("feeds.example.com/rss") is refused as before, not made a path on the page's site.
    @Test func aRelativeFeedURLIsReadAgainstThePage() async throws {
        let fixture = OPMLExportTests.fixture("opml-relative-feed-urls.opml")
        let install = try Self.install(feeds: "feeds: []")
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("added 3 feeds"), "\(stdout)")
        let feeds = try ConfigLoader.load(path: install.configPath).get().feeds
        #expect(feeds.map(\.url) == ["https://harbour.example/feed.xml", "https://harbour.example/tides/tides.rss",
                                     "https://harbour.example/docks/feed.rss"])
        let why = "a relative xmlUrl, and no absolute htmlUrl to read it against; give the feed's full address"
        #expect(stderr == """
            \(fixture):8:45: left out "Customs" (customs.rss): \(why)
            \(fixture):9:77: left out "Pilots" (pilots.rss): \(why)
            \(fixture):11:107: left out "Wire" (feeds.example.com/rss): not an http:// or https:// URL

            """, "\(stderr)")
    }

    /// Which addresses without a scheme are read against the page: paths, not a host's name.
    @Test(arguments: [("/feed.xml", "https://harbour.example/feed.xml"), ("tides.rss", "https://harbour.example/news/tides.rss"),
                      ("./tides.rss", "https://harbour.example/news/tides.rss"), ("../feed.rss", "https://harbour.example/feed.rss"),
                      ("feeds.example.com/rss", "feeds.example.com/rss"), ("feeds.example.com/", "feeds.example.com/"),
                      ("feed.php?u=a/b", "https://harbour.example/news/feed.php?u=a/b")])
    func aRelativeAddressIsAPathNotAHost(_ xmlURL: String, _ read: String) {
        #expect(OPMLReader.resolved(xmlURL, against: "https://harbour.example/news/") == read)
    }
}
