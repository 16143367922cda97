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

    /// An outline that says it is a feed (a `type`, a web page) but gives no `xmlUrl` is said as left
    /// out, not taken for a folder in silence; a URL that differs only in its host's case is the same feed.
    @Test func aFeedWithoutAnAddressIsLeftOutAndSaid() async throws {
        let planned = try await Self.dryRun("opml-outlines-without-a-feed-url.opml")
        #expect((planned["added"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["harbour-news", "customs"])
        let refused = try #require(planned["refused"] as? [[String: String]])
        #expect(refused.map { $0["title"] ?? "" } == ["Only a web page", "Empty address"])
        #expect(refused.allSatisfy { $0["reason"] == "no xmlUrl: the outline does not say where the feed is" })
        #expect((planned["skipped"] as? [[String: String]])?.map { $0["title"] ?? "" } == ["Harbour News, host in capitals"])
        // The folder of the refused outlines is no tag of the feed after them.
        #expect((planned["added"] as? [[String: Any]])?.last?["tags"] as? [String] == ["A folder"])
    }

    /// Feedly and Inoreader list a feed once per folder it is in: the feed is added once, with every
    /// folder as a tag (the second folder was lost).
    @Test func aFeedListedInTwoFoldersHasBothAsTags() async throws {
        let planned = try await Self.dryRun("opml-folders-and-categories.opml")
        let added = try #require(planned["added"] as? [[String: Any]])
        #expect(added.first { $0["id"] as? String == "bbc-business" }?["tags"] as? [String] == ["Business", "Tech"])
        #expect((planned["skipped"] as? [[String: String]])?.map { $0["title"] ?? "" } == ["BBC Business (again)"])
    }
}
