import Foundation
import Synchronization
import Testing
import TestSupport
import WirewatchCore

/// SIGTERM while a poll of thousands of new items is being stored (trial finding 23): the poll stops
/// between chunks, what it committed stays whole, the daemon exits within `daemon.drain_timeout`, and
/// the next start polls the feed again and stores the rest, alerting once per alert.
@Suite struct DrainMidPollTests {
    static let items = 2000

    /// Every tenth item is news for the `per: article` rule: one alert each.
    static func archive() -> String {
        let items = (0..<Self.items).map { n in
            let body = n % 10 == 0
                ? "Report \(n): DeepSeek distilled model number \(n) from the outputs of lab \(n * 7919 % 1000), say researchers in city \(n)."
                : "Weather bulletin \(n): showers over district \(n), clearing by evening \(n % 24)h."
            return "<item><guid>item-\(n)</guid><title>Bulletin \(n)</title><description>\(body)</description></item>"
        }.joined(separator: "\n")
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Archive</title>\n\(items)\n</channel></rss>"
    }

    struct Row: Decodable {
        var articlesSeen: Int
    }

    static func row(_ install: TestInstall) async throws -> Row? {
        let (status, json, _) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        guard status == 0 else { return nil }
        return try JSONDecoder().decode([Row].self, from: Data(json.utf8)).first
    }

    @Test func sigtermDuringALargePollStopsBetweenChunksAndTheNextStartStoresTheRest() async throws {
        let xml = Self.archive()
        let requests = Mutex(0)
        let server = try await LoopbackHTTPServer { _ in
            requests.withLock { $0 += 1 }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: xml)
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/archive.xml", interval: "1h", rules: """
            rules:
              - id: archive-news
                query: 'DeepSeek AND distil*'
                severity: high
                throttle: { per: article }
            """)
        try install.appendConfig("daemon:\n  drain_timeout: 20s\n")

        let first = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { first.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { requests.withLock { $0 } >= 1 }, "\(first.stderr)")
        first.signal(SIGTERM)
        // Within the drain bound. Before, the poll went on storing all of its items past it (and past the unit's stop timeout).
        // Waited past the bound (a loaded machine), the proof being that the bound was never reached: no abandonment.
        #expect(await first.wait(timeout: 60) == 0, "\(first.stderr)")
        #expect(first.stderr.contains("poll stopped for shutdown"), "\(first.stderr)")
        #expect(!first.stderr.contains("drain bound reached"), "\(first.stderr)")
        let stopped = try #require(try await Self.row(install))
        // Whole chunks only, and not the whole feed.
        #expect(stopped.articlesSeen % 100 == 0 && stopped.articlesSeen < Self.items, "\(stopped.articlesSeen)")
        let alertsBefore = install.alertLines().count

        let second = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { second.signal(SIGKILL) }
        #expect(await eventually(timeout: 240) { (try? await Self.row(install))?.articlesSeen == Self.items }, "\(second.stderr)")
        #expect(requests.withLock { $0 } == 2)
        // Every alert once: those the first run committed are not raised again.
        #expect(await eventually(timeout: 60) { install.alertLines().count >= Self.items / 10 }, "\(second.stderr)")
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 30) == 0)
        let ids = install.alertLines().compactMap { try? AlertRecord.decode(line: Data($0.utf8)).id }
        #expect(ids.count == Self.items / 10 && Set(ids).count == ids.count, "\(ids.count) alerts, \(alertsBefore) before the restart")
    }
}
