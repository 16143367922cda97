import Fetching
import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// Retention in the daemon: polls of a real feed over HTTP and the maintenance service's
/// runs, on a manual clock, against the real store.
@Suite struct RetentionTests {
    static let retention = "{ path: var/state.sqlite, retention: { articles: 1h, alerts: 1h, seen: 1h }, prune_every: 10m }"

    /// The case retention must not get wrong: an entry that stays in its feed for far longer
    /// than the seen retention alerts once, through 200 and 304 answers alike; once it leaves
    /// the feed and the retention passes, it is forgotten (so the test can see pruning work).
    @Test func anEntryThatStaysInTheFeedLongerThanTheRetentionAlertsOnce() async throws {
        let evergreen = DemoSite.Item(guid: "evergreen", title: "DeepSeek and distillation",
                                      body: "OpenAI says DeepSeek used knowledge distillation on its models.")
        let site = DemoSite([evergreen])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        // A throttle window shorter than the run: only the seen item stands between the entry and a second alert.
        let rules = """
            rules:
              - id: deepseek-distillation
                query: 'DeepSeek AND distil*'
                throttle: { per: article, window: 30m }
            """
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: rules, store: Self.retention)
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        #expect(setup.config.retention.seen == 3600)
        let store = try SQLiteStore(path: setup.config.storePath)
        let clock = ManualClock()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let poll = FeedPoll(fetcher: fetcher, store: store, clock: clock, permits: WorkPermits(limit: 2), drain: DrainState(),
                            logger: logger)
        let maintenance = StoreMaintenance(store: store, setup: { setup }, clock: clock, logger: logger)
        let feed = setup.config.feeds[0]

        #expect(await poll.poll(feed, url: feed.url, setup: setup).alerts.count == 1)
        // Five hours of polls every 20 minutes, the feed gaining a quiet item each time, with maintenance after each.
        for step in 1...15 {
            clock.advance(by: 1200)
            site.add(.init(guid: "quiet-\(step)", title: "Weather \(step)", body: "Rain later."))
            let report = await poll.poll(feed, url: feed.url, setup: setup)
            #expect(report.label == "ok")
            _ = try await maintenance.maintain(now: clock.now())
        }
        // Then three hours in which the feed answers only 304.
        for _ in 1...9 {
            clock.advance(by: 1200)
            #expect(await poll.poll(feed, url: feed.url, setup: setup).label == "not-modified")
            _ = try await maintenance.maintain(now: clock.now())
        }
        site.add(.init(guid: "quiet-last", title: "Weather", body: "Sun."))
        _ = await poll.poll(feed, url: feed.url, setup: setup)
        // One alert in the outbox (one sink, nothing delivers here: pending alerts are kept).
        #expect(try store.deliveryCounts().pending == 1)
        // Articles older than an hour went; the entries stay seen.
        #expect(try store.recentArticles(since: .distantPast, limit: 100).map(\.article.key) == ["quiet-last"])
        #expect(try store.seenEntries(feed: feed.id, keys: ["evergreen", "quiet-1"]).keys.sorted() == ["evergreen", "quiet-1"])

        // The entry leaves the feed; an hour on, a listing without it lets it go.
        site.remove(guid: "evergreen")
        _ = await poll.poll(feed, url: feed.url, setup: setup)
        clock.advance(by: 3601)
        site.add(.init(guid: "quiet-later", title: "Weather", body: "Wind."))
        _ = await poll.poll(feed, url: feed.url, setup: setup)
        #expect(try store.deliveryCounts().pending == 1)
        let report = try await maintenance.maintain(now: clock.now())
        #expect(report.deleted[.seenItems] == 1)
        #expect(try store.seenEntries(feed: feed.id, keys: ["evergreen", "quiet-1"]).keys.sorted() == ["quiet-1"])
    }

    @Test func theServiceRunsShortlyAfterStartThenEveryPruneInterval() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", store: Self.retention)
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let store = try SQLiteStore(path: setup.config.storePath)
        let clock = ManualClock()
        let start = clock.now()
        let runs = RunLog()
        let service = StoreMaintenance(store: store, setup: { setup }, clock: clock, logger: Logger(label: "test"),
                                       firstRunAfter: 120, onReport: { _ in runs.add(clock.now()) })
        let task = Task { try await service.run() }
        defer { task.cancel() }
        #expect(await eventually { clock.nextDeadline == start.addingTimeInterval(120) })
        clock.advance(by: 120)
        #expect(await eventually { runs.count == 1 && clock.nextDeadline == start.addingTimeInterval(120 + 600) })
        clock.advance(by: 600)
        #expect(await eventually { runs.count == 2 })
    }

    final class RunLog: Sendable {
        private let times = Mutex<[Date]>([])
        func add(_ t: Date) { times.withLock { $0.append(t) } }
        var count: Int { times.withLock { $0.count } }
    }
}
