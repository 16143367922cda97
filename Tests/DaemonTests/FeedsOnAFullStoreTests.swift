import Fetching
import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `wirewatch feeds` while the store's disk is full: the store keeps the last poll saved, and its rows
/// read as if all were well ("polling", or an old last fetch). It says the filesystem is full, and that a
/// poll "under way" for longer than any poll takes is not being saved; `wirewatch_store_writes_failing` reads 1
/// meanwhile (/readyz's check writes nothing, so it stays 200).
@Suite struct FeedsOnAFullStoreTests {
    @Test func feedsSaysTheStoresFilesystemHasNoRoom() async throws {
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 8 << 20) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        let site = DemoSite([DemoSite.Item(guid: "a1", title: "Quiet day", body: "Nothing much happened.")])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let store = disk.path + "/state.sqlite"
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", store: store)
        try install.appendConfig("admin:\n  listen: 127.0.0.1:0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        // Polled and stored: "ok", or "not-modified" from the second poll on (the feed is polled every second, and a
        // slow `feeds` run missed the first poll's "ok" in CI of stop 33).
        #expect(await eventually { ["ok", "not-modified"].contains((try? await FeedsDuringAPollTests.row(install))?.lastResult) },
                "\(daemon.stderr)")
        let admin = try #require(LifecycleTests.adminAddress(daemon.stderr))
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        func failing() async -> Double? { (try? await LifecycleTests.scrape(fetcher, admin))?["wirewatch_store_writes_failing"] }
        #expect(await failing() == 0)
        let (_, _, roomy) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(!roomy.contains("filesystem"), "\(roomy)")

        try disk.fill()
        for i in 0..<40 { site.add(DemoSite.Item(guid: "b\(i)", title: "Story \(i)", body: String(repeating: "A long paragraph of news. ", count: 200))) }
        #expect(await eventually { daemon.stderr.contains("the store refuses the daemon's writes") }, "\(daemon.stderr)")
        let (status, table, full) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(status == 0 && table.contains("test-desk"), "\(table)")
        #expect(full.hasPrefix("wirewatch: warning: \(store): its filesystem has ")
                && full.hasSuffix("KB free: the daemon cannot save its polls there, so each feed shows the last poll saved; free some space and the daemon catches up\n"),
                "\(full)")
        let (_, _, fullJSON) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(fullJSON == full)
        // check says it too, at the store's line, without refusing: room may be freed (exploratory finding of stop 33).
        let (checked, _, said) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(checked == 0 && said.contains("\(install.configPath):1:8: 'store': \(store)'s filesystem has ")
                && said.contains("KB free: the daemon cannot save its polls there until some is freed"), "\(said)")
        #expect(await eventually { await failing() == 1 })

        disk.free()
        #expect(await eventually { (try? await FeedsDuringAPollTests.row(install))?.articlesSeen == 41 }, "\(daemon.stderr)")
        let (_, _, freed) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(!freed.contains("filesystem"), "\(freed)")
        #expect(await eventually { await failing() == 0 })
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }

    @Test func aPollUnderWayLongerThanAnyPollTakesIsSaidNotSaved() {
        let now = Date(timeIntervalSince1970: 1_764_403_200)
        func note(fetchedAgo: TimeInterval) -> String? {
            let row = FeedStatus(id: "desk", url: "https://news.test/feed.xml", tags: [], lastFetch: now.addingTimeInterval(-fetchedAgo),
                                 lastResult: FeedStatus.polling, interval: 600, intervalSource: "default", errorStreak: 0, articlesSeen: 3)
            return FeedStatusTable.render([row], now: now).split(separator: "\n").last.map(String.init)
        }
        #expect(note(fetchedAgo: 30) == "desk: fetched 30s ago, its entries are being stored and judged; the result and the next poll come when that is done")
        #expect(note(fetchedAgo: 14 * 60) == "desk: fetched 14m ago, its entries are being stored and judged; the result and the next poll come when that is done")
        #expect(note(fetchedAgo: 2 * 3600) == "desk: fetched 2h ago and its poll has not ended, which takes minutes at most: the daemon cannot save it "
                + "(its log says why: 'the store refuses the daemon's writes'?)")
    }
}
