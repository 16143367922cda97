import Fetching
import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The scheduler service on a manual clock against a real HTTP server:
/// time moves only when the test says, so "not yet" is observable without
/// sleeping — the scheduler is parked on the clock until its next deadline.
@Suite struct PollSchedulerTests {
    static let rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://news.test/</link>
        <item><guid>g1</guid><title>Sunny weekend</title><description>Warm and dry.</description></item>
        </channel></rss>
        """

    /// A running scheduler and what it needs, torn down by `stop()`.
    struct Harness {
        let clock = ManualClock()
        let store: SQLiteStore
        let task: Task<Void, Never>
        let fetcher: Fetcher
        let monitor = PipelineMonitor()
        let current: CurrentSetup
        let scheduler: PollScheduler
        let configPath: String
        let start: Date

        /// `leases`: as on a store several daemons share. `scheduleStore`: what the scheduler reads and saves through.
        init(config: String, rules: String = "rules: []\n", leases: (any FeedLeases)? = nil,
             scheduleStore: (SQLiteStore) -> any PollScheduler.ScheduleStore = { $0 },
             onPolled: @escaping @Sendable (FeedPoll.Report) -> Void = { _ in }) throws {
            let dir = try makeTemporaryDirectory()
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
            try rules.write(to: dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
            let path = dir.appendingPathComponent("wirewatch.yaml").path
            try (config + """

                store: var/state.sqlite
                data: \(repositoryRoot.appendingPathComponent("Config").path)
                rules: rules.d
                sinks:
                  - id: alert-log
                    type: alert-log
                    path: var/alerts.jsonl
                """).write(toFile: path, atomically: true, encoding: .utf8)
            configPath = path
            let setup = try WatchSetup.load(configPath: path).get()
            let current = CurrentSetup(setup)
            self.current = current
            store = try SQLiteStore(path: setup.config.storePath)
            fetcher = Fetcher()
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let drain = DrainState()
            let poller = FeedPoll(fetcher: fetcher, store: store, clock: clock, permits: WorkPermits(limit: 2), drain: drain, logger: logger)
            let scheduler = PollScheduler(poller: poller, setup: { current.setup }, store: scheduleStore(store), clock: clock, random: { 0.5 },
                                          monitor: monitor, drain: drain, logger: logger, leases: leases,
                                          onPolled: onPolled, onAbandon: { [fetcher] in fetcher.shutdown() })
            self.scheduler = scheduler
            start = clock.now()
            task = Task { try? await scheduler.run() }
        }

        /// Waits until `polls` polls have been planned and the scheduler is parked on the clock
        /// until `next` (seconds from the start): proof that it looked at the time and chose to wait.
        func settled(polls: Int, next: TimeInterval) async -> Bool {
            // Generous: the whole suite runs in parallel on a shared machine; this is a deadline, not a speed check.
            await eventually(timeout: 90) {
                monitor.snapshot.pollsSinceStart == polls && clock.nextDeadline == start.addingTimeInterval(next)
            }
        }

        func advance(to seconds: TimeInterval) { clock.advance(to: start.addingTimeInterval(seconds)) }

        /// Rewrites the config's feeds and swaps the new setup in, as a reload does.
        func reload(feeds: String) throws {
            var text = try String(contentsOfFile: configPath, encoding: .utf8)
            let start = text.range(of: "feeds:")!.lowerBound, end = text.range(of: "\nstore:")!.lowerBound
            text.replaceSubrange(start..<end, with: feeds)
            try text.write(toFile: configPath, atomically: true, encoding: .utf8)
            current.replace(with: try WatchSetup.load(configPath: configPath).get())
            scheduler.wakeup.ring()
        }

        func stop() async {
            task.cancel()
            await task.value
            fetcher.shutdown()
        }
    }

    @Test func retryAfterForTheHostHoldsEveryFeedOnIt() async throws {
        let throttled = Atomic<Bool>(true)
        let server = try await LoopbackHTTPServer { request in
            if request.path == "/a", throttled.load(ordering: .relaxed) {
                return .init(status: 429, headers: [("Retry-After", "600")], text: "slow down")
            }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.rss)
        }
        defer { Task { await server.shutdown() } }
        let h = try Harness(config: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 60s }
              - { id: b, url: "\(server.baseURL)/b", interval: 60s }
            """)
        func count(_ path: String) -> Int { server.requests.filter { $0.path == path }.count }

        #expect(await h.settled(polls: 2, next: 60))
        #expect(count("/a") == 1 && count("/b") == 1)
        // b is due after 60 s, but its host asked for 600 s: the scheduler only looks again a minute later.
        h.advance(to: 61)
        #expect(await h.settled(polls: 2, next: 121))
        #expect(count("/b") == 1)
        #expect(try h.store.hostHolds(now: h.clock.now()).map(\.host) == [FeedSchedule.host(of: server.baseURL)])
        throttled.store(false, ordering: .relaxed)
        h.advance(to: 601)
        #expect(await h.settled(polls: 4, next: 661))
        #expect(count("/a") == 2 && count("/b") == 2)
        #expect(try h.store.feedSchedules()[FeedID("a")]?.errorStreak == 0)
        await h.stop()
    }

    /// A `Retry-After` is one server's: a feed of another server on the same machine (another port) keeps
    /// its schedule. Keyed by host name alone, a 429 from one service held every other on 127.0.0.1 for up
    /// to `max_retry_after` (trial finding 22).
    @Test func retryAfterFromOneServerDoesNotHoldAnotherOnTheSameHost() async throws {
        let busy = try await LoopbackHTTPServer { _ in .init(status: 429, headers: [("Retry-After", "600")], text: "slow down") }
        defer { Task { await busy.shutdown() } }
        let other = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.rss) }
        defer { Task { await other.shutdown() } }
        let h = try Harness(config: """
            feeds:
              - { id: a, url: "\(busy.baseURL)/a", interval: 60s }
              - { id: b, url: "\(other.baseURL)/b", interval: 60s }
            """)
        #expect(await h.settled(polls: 2, next: 60))
        #expect(try h.store.hostHolds(now: h.clock.now()).map(\.host) == [FeedSchedule.host(of: busy.baseURL)])
        h.advance(to: 61)
        #expect(await h.settled(polls: 3, next: 121))
        #expect(other.requests.count == 2 && busy.requests.count == 1)
        await h.stop()
    }

    /// Leases that are always granted: this daemon's feeds are its own, but the store is shared.
    struct EveryLeaseGranted: FeedLeases {
        func claimFeed(_ feed: FeedID, until: Date, now: Date) throws -> FeedClaim { .claimed(shared: nil) }
        func releaseFeed(_ feed: FeedID) throws {}
    }

    /// On a shared store, a host's pause that another daemon was asked for and saved holds this daemon's
    /// feeds on that host while it runs, not only from its next start.
    @Test func aHoldAnotherDaemonSavedHoldsTheFeedsOnItsHost() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.rss) }
        defer { Task { await server.shutdown() } }
        let h = try Harness(config: """
            feeds:
              - { id: b, url: "\(server.baseURL)/b", interval: 60s }
            """, leases: EveryLeaseGranted())
        #expect(await h.settled(polls: 1, next: 60))
        // The other daemon polled a feed on this host, was told 429 with Retry-After: 600, and saved the hold.
        try h.store.save(HostHold(host: try #require(FeedSchedule.host(of: server.baseURL)), until: h.start.addingTimeInterval(600)))
        h.advance(to: 61)
        #expect(await h.settled(polls: 1, next: 121))
        #expect(server.requests.count == 1)
        h.advance(to: 601)
        #expect(await h.settled(polls: 2, next: 661))
        #expect(server.requests.count == 2)
        await h.stop()
    }

    /// The SQLite store, whose host-holds read waits while `closed`, as a PostgreSQL server that accepts and does not answer.
    struct HoldsReadWaits: PollScheduler.ScheduleStore {
        let store: SQLiteStore
        let closed = Gate()
        final class Gate: Sendable {
            private let shut = Mutex(false)
            var isShut: Bool { shut.withLock { $0 } }
            func set(_ value: Bool) { shut.withLock { $0 = value } }
        }
        func feedSchedules() throws -> [FeedID: FeedSchedule] { try store.feedSchedules() }
        func save(_ schedule: FeedSchedule) throws { try store.save(schedule) }
        func advance(_ polls: [PollAdvance]) throws { try store.advance(polls) }
        func hostHolds(now: Date) throws -> [HostHold] {
            while closed.isShut { usleep(10_000) }
            return try store.hostHolds(now: now)
        }
        func save(_ hold: HostHold) throws { try store.save(hold) }
        func raise(_ alert: OutboxAlert, now: Date) throws -> Bool { try store.raise(alert, now: now) }
    }

    /// A shared store that does not answer the host-holds read never stops the scheduler's loop: the read
    /// is made by the poll's task, and the loop still turns and sets its next deadline (the watchdog hears from it).
    @Test func aHoldsReadThatWaitsLeavesTheLoopTurning() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.rss) }
        defer { Task { await server.shutdown() } }
        let gated = Mutex<HoldsReadWaits?>(nil)
        let h = try Harness(config: """
            feeds:
              - { id: b, url: "\(server.baseURL)/b", interval: 60s }
            """, leases: EveryLeaseGranted(), scheduleStore: { store in
                let wrapped = HoldsReadWaits(store: store)
                gated.withLock { $0 = wrapped }
                return wrapped
            })
        let store = try #require(gated.withLock { $0 })
        #expect(await h.settled(polls: 1, next: 60))
        store.closed.set(true)
        h.advance(to: 61)
        // The poll due at 61 waits on the read; the loop has turned and waits for its next minute.
        let turned = await eventually(timeout: 30) { h.clock.nextDeadline == h.start.addingTimeInterval(121) }
        #expect(turned)
        #expect(server.requests.count == 1)
        store.closed.set(false)
        #expect(await h.settled(polls: 2, next: 121))
        #expect(server.requests.count == 2)
        await h.stop()
    }

    @Test func reloadedFeedsTakeEffectWithoutARestart() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.rss) }
        defer { Task { await server.shutdown() } }
        let h = try Harness(config: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 600s }
            """)
        #expect(await h.settled(polls: 1, next: 60))
        // Added feed: polled at once, with no time passing. Changed interval: the long wait is cut.
        try h.reload(feeds: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 30s }
              - { id: b, url: "\(server.baseURL)/b", interval: 600s }
            """)
        // Re-planned from the last poll (at 0) under the new interval, at the top of the default jitter.
        #expect(await h.settled(polls: 2, next: 30 * (1 + 0.1)))
        #expect(server.requests.map(\.path) == ["/a", "/b"])
        // Removed feed: no longer polled.
        try h.reload(feeds: """
            feeds:
              - { id: b, url: "\(server.baseURL)/b", interval: 600s }
            """)
        #expect(await h.settled(polls: 2, next: 60))
        h.advance(to: 600)
        #expect(await h.settled(polls: 3, next: 660))
        #expect(server.requests.map(\.path) == ["/a", "/b", "/b"])
        await h.stop()
    }

    @Test func permanentRedirectIsSavedAsTheFeedsURL() async throws {
        let server = try await LoopbackHTTPServer { request in
            if request.path == "/old" { return .init(status: 301, headers: [("Location", "/new")]) }
            return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"1\"")], text: Self.rss)
        }
        defer { Task { await server.shutdown() } }
        let h = try Harness(config: """
            feeds:
              - { id: moving, url: "\(server.baseURL)/old", interval: 60s }
            """)
        #expect(await h.settled(polls: 1, next: 60))
        #expect(server.requests.map(\.path) == ["/old", "/new"])
        let schedule = try #require(try h.store.feedSchedules()[FeedID("moving")])
        #expect(schedule.url == "\(server.baseURL)/new")
        #expect(schedule.configuredURL == "\(server.baseURL)/old")
        h.advance(to: 60)
        #expect(await h.settled(polls: 2, next: 120))
        #expect(server.requests.last?.path == "/new")
        #expect(server.requests.last?.header("If-None-Match") == "\"1\"")
        await h.stop()
    }

    @Test func failingFeedBacksOffThenIsBrokenWithAnAlert() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 500, text: "down") }
        defer { Task { await server.shutdown() } }
        let h = try Harness(config: """
            poll:
              broken_after: 3
              broken_alert: { severity: high }
            feeds:
              - { id: dead, url: "\(server.baseURL)/feed", interval: 60s }
            """)
        #expect(await h.settled(polls: 1, next: 60))
        // Backoff doubles: 60 s, then 120 s, then 240 s after each failure (the loop looks at least once a minute).
        for (at, polls, next) in [(60.0, 2, 120.0), (179.0, 2, 180.0), (180.0, 3, 240.0)] {
            h.advance(to: at)
            #expect(await h.settled(polls: polls, next: next), "at \(at) s")
        }
        #expect(server.requests.count == 3)
        let schedule = try #require(try h.store.feedSchedules()[FeedID("dead")])
        #expect(schedule.errorStreak == 3)
        #expect(schedule.brokenSince == h.start.addingTimeInterval(180))
        #expect(schedule.nextPoll == h.start.addingTimeInterval(420))
        let pending = try h.store.dueDeliveries(sink: "alert-log", now: h.clock.now(), limit: 10)
        #expect(pending.map(\.record.rule) == ["wirewatch/feed-broken"])
        #expect(pending.first?.record.severity == .high)
        #expect(pending.first?.record.article.title.contains("HTTP 500") == true)
        // A story as alert-record.md documents every story, 16 hex digits (trial finding 18: "feed-broken:dead:…").
        let story = try #require(pending.first?.record.story)
        #expect(story.count == 16 && story.allSatisfy(\.isHexDigit), "\(story)")
        await h.stop()
    }
}
