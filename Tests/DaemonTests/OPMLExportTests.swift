import Foundation
import Testing
import TestSupport
@testable import Daemon

/// OPML files as other readers export them, through `wirewatch opml import`.
@Suite struct OPMLExportTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    static func dryRun(_ fixture: String) async throws -> [String: Any] {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, json, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture(fixture), "--dry-run", "--json",
                                                                 "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
    }

    /// A list saved in Latin-1, as its XML declaration says, reads as Latin-1: "Café", not "Caf".
    @Test func theDeclaredEncodingIsRead() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("opml-latin1-declared.opml")))
        let outlines = try OPMLReader.read(data, path: "latin1.opml").get()
        #expect(outlines.map(\.title) == ["Café Le Monde"])
        #expect(outlines.first?.tags == ["Actualités"])
        let added = try await Self.dryRun("opml-latin1-declared.opml")["added"] as? [[String: Any]]
        #expect(added?.first?["id"] as? String == "cafe-le-monde")
    }

    /// One feed added is said in the singular ("added 1 feeds" was printed).
    @Test func oneFeedAddedIsSaidSo() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture("opml-latin1-declared.opml"),
                                                                   "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains(": added 1 feed, skipped 0 already configured"), "\(stdout)")
    }

    /// An outline that says it is a feed (a `type`, a web page) but gives no `xmlUrl` is said as left
    /// out, not taken for a folder in silence; a URL that differs only in its host's case is the same feed.
    @Test func aFeedWithoutAnAddressIsLeftOutAndSaid() async throws {
        let planned = try await Self.dryRun("opml-outlines-without-a-feed-url.opml")
        let added = try #require(planned["added"] as? [[String: Any]])
        try #require(added.compactMap { $0["id"] as? String } == ["harbour-news", "harbour-tides", "customs"])
        let refused = try #require(planned["refused"] as? [[String: String]])
        #expect(refused.map { $0["title"] ?? "" } == ["Only a web page", "Empty address"])
        #expect(refused.allSatisfy { $0["reason"] == "no xmlUrl: the outline does not say where the feed is" })
        // The same feed as one this list adds: folded into it, not "already configured" (trial finding 4).
        #expect((planned["skipped"] as? [[String: String]])?.isEmpty == true)
        #expect((planned["listedAgain"] as? [[String: String]])?.map { $0["title"] ?? "" } == ["Harbour News, host in capitals"])
        // A refused outline is no folder: the feed after it, in the same folder, has that folder's tag alone.
        #expect(added[1]["tags"] as? [String] == ["News"])
        #expect(added[2]["tags"] as? [String] == ["A folder"])
    }

    /// Feedly and Inoreader list a feed once per folder it is in: the feed is added once, with every
    /// folder as a tag (the second folder was lost).
    @Test func aFeedListedInTwoFoldersHasBothAsTags() async throws {
        let planned = try await Self.dryRun("opml-folders-and-categories.opml")
        let added = try #require(planned["added"] as? [[String: Any]])
        #expect(added.first { $0["id"] as? String == "bbc-business" }?["tags"] as? [String] == ["Business", "Tech"])
        // Folded into the feed added, not "already configured" (trial finding 4: the count said one more than the config had).
        #expect((planned["skipped"] as? [[String: String]])?.isEmpty == true, "\(planned)")
        #expect((planned["listedAgain"] as? [[String: String]])?.map { $0["title"] ?? "" } == ["BBC Business (again)"])
    }
}
