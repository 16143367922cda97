import Fetching
import Foundation
import Testing
import TestSupport

/// `wirewatch_feeds{state="failing"}`: a feed whose last poll failed but that is not broken yet
/// (`poll.broken_after` failures may be hours away) was counted as `ok`, so an alert on
/// "feeds not ok" stayed silent while `wirewatch feeds` showed the failure (trial finding 2).
@Suite struct FailingFeedGaugeTests {
    @Test func aFeedWhoseLastPollFailedCountsAsFailingNotOkUntilItRecovers() async throws {
        let edition = SalvagedFeedTests.Edition()
        edition.publish(Data(SalvagedFeedTests.document(body: "Nothing to see.").utf8), etag: "\"e1\"")
        edition.fail(.max)
        let server = try await LoopbackHTTPServer { edition.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "1s")
        try install.appendConfig("admin:\n  listen: 127.0.0.1:0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        let admin = try #require(await eventually { LifecycleTests.adminAddress(daemon.stderr) != nil }
                                 ? LifecycleTests.adminAddress(daemon.stderr) : nil, "\(daemon.stderr)")
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        func feeds() async -> [String: Double] {
            let all = (try? await LifecycleTests.scrape(fetcher, admin)) ?? [:]
            return all.filter { $0.key.hasPrefix("wirewatch_feeds{") }
        }

        #expect(await eventually { await feeds()["wirewatch_feeds{state=\"failing\"}"] == 1 }, "\(daemon.stderr)")
        let during = await feeds()
        #expect(during["wirewatch_feeds{state=\"ok\"}"] == 0, "\(during)")
        #expect(during["wirewatch_feeds{state=\"broken\"}"] == 0, "\(during)")

        edition.fail(0)
        #expect(await eventually { await feeds()["wirewatch_feeds{state=\"ok\"}"] == 1 }, "\(daemon.stderr)")
        #expect(await feeds()["wirewatch_feeds{state=\"failing\"}"] == 0)
    }
}
