import Foundation
import Testing
import TestSupport
@testable import Daemon

/// `opml export` of a feed that moved permanently (trial2 finding 5): the list carries the URL the daemon
/// polls now, not the one it stopped using, says beside it what the config says, and an import of it into
/// that config knows the feed.
@Suite struct OPMLMovedFeedTests {
    @Test func aMovedFeedIsExportedAtItsNewURLWithTheConfiguredOneBeside() async throws {
        let site = DemoSite([.init(guid: "a1", title: "Weather", body: "Sunny weekend ahead.")])
        let server = try await LoopbackHTTPServer { request in
            if request.path == "/old.xml" { return .init(status: 301, headers: [("Location", "/new.xml")]) }
            return site.respond(request)
        }
        defer { Task { await server.shutdown() } }
        let old = "\(server.baseURL)/old.xml", new = "\(server.baseURL)/new.xml"
        let install = try TestInstall(feedURL: old, interval: "1h")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("feed moved permanently") && daemon.stderr.contains("feed polled") },
                "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)

        let (status, opml, note) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(status == 0, "\(note)")
        let outline = try #require(opml.split(separator: "\n").first { $0.contains("wirewatchId=\"test-desk\"") }, "\(opml)")
        #expect(outline.contains("xmlUrl=\"\(new)\"") && outline.contains("wirewatchConfiguredUrl=\"\(old)\""), "\(outline)")
        #expect(note == "wirewatch: note: feed 'test-desk' moved permanently to \(new): exported at that URL; "
                + "the config still says \(old): update its url\n", "\(note)")

        // Imported into the config it came from, the feed is known: skipped, not added again at its new URL.
        let export = install.dir.appendingPathComponent("export.opml")
        try opml.write(to: export, atomically: true, encoding: .utf8)
        let (again, json, err) = try await ChildProcess.run(["opml", "import", export.path, "--dry-run", "--json", "--config", install.configPath])
        #expect(again == 0, "\(err)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        #expect((plan["added"] as? [Any])?.isEmpty == true, "\(json)")
        #expect((plan["skipped"] as? [[String: String]])?.map { $0["url"] ?? "" } == [new], "\(json)")

        // Into a new config (a rebuild, or another machine): the feed is added where it is now.
        let fresh = try TestInstall(feedURL: "http://127.0.0.1:9/other.xml")
        let (added, planned, err2) = try await ChildProcess.run(["opml", "import", export.path, "--dry-run", "--json", "--config", fresh.configPath])
        #expect(added == 0, "\(err2)")
        let feeds = try #require((try JSONSerialization.jsonObject(with: Data(planned.utf8)) as? [String: Any])?["added"] as? [[String: Any]])
        #expect(feeds.map { $0["url"] as? String } == [new], "\(planned)")
    }

    /// Without a store (the daemon never ran) every feed goes at its configured URL, with no attribute and no note.
    @Test func withoutAStoreTheConfigsURLsAreExported() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, opml, note) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(status == 0 && note.isEmpty, "\(note)")
        #expect(opml.contains("xmlUrl=\"http://127.0.0.1:9/feed.xml\"") && !opml.contains("wirewatchConfiguredUrl"), "\(opml)")
        #expect(!FileManager.default.fileExists(atPath: install.dir.appendingPathComponent("var/state.sqlite").path))
    }
}
