import Delivery
import Fetching
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The sweep after a poll with alerts, on a real store: it dead-letters only when the poll
/// queued for a sink gone from the config as the crew reads it then, and spares a sink a
/// later reload put back.
@Suite struct RemovedSinkSweepTests {
    static let log = SinkConfig(id: "log", kind: .alertLog(path: "/nonexistent/alerts.jsonl"))
    static let hook = SinkConfig(id: "hook", kind: .alertLog(path: "/nonexistent/hook.jsonl"))

    @Test func theSweepRunsOnlyForAPollThatQueuedForAGoneSinkAndReadsTheConfigOnTheCrew() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("state.sqlite").path)
        let clock = ManualClock()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let crew = DeliveryCrew(store: store, fetcher: fetcher, clock: clock, doorbell: Doorbell(), logger: logger)
        // Pending for both sinks, as a poll on a config with both leaves them.
        let article = Article(key: "k", feed: FeedID("f"), title: "Title")
        let record = AlertRecord(id: "a1", time: clock.now(), rule: "r", severity: .high,
                                 article: .init(id: "k", url: nil, title: "Title", feed: FeedID("f"), published: nil, lang: "en"),
                                 story: "s", why: [], entities: [], topics: [])
        _ = try store.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"),
                                          items: [.init(article: article, alerts: [OutboxAlert(record: record, sinks: ["log", "hook"])])]),
                             now: clock.now())

        // The hook is gone, but this poll queued for the log only: no sweep (the hook's removal is its reload's to settle).
        await crew.deadLetterForRemovedSinks(queuedFor: ["log"]) { [Self.log] }
        #expect(try store.deadLetters(limit: 10).isEmpty)
        // A poll that queued for the hook, while a reload has put it back: its deliveries stay pending.
        await crew.deadLetterForRemovedSinks(queuedFor: ["log", "hook"]) { [Self.log, Self.hook] }
        #expect(try store.deadLetters(limit: 10).isEmpty)
        #expect(try store.deliveryCounts().pending == 2)
        // The same poll with the hook gone: its delivery is dead-lettered, the log's stays pending.
        await crew.deadLetterForRemovedSinks(queuedFor: ["log", "hook"]) { [Self.log] }
        #expect(try store.deadLetters(limit: 10).map(\.sink) == ["hook"])
        #expect(try store.deliveryCounts().pending == 1)
    }
}
