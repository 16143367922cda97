import Delivery
import Fetching
import Foundation
import Logging
import PostgresStore
import Store
import Testing
import TestSupport
import WirewatchCore

/// On a shared PostgreSQL store a receiver's request to wait holds its sink for every daemon: the
/// others read the hold before they claim a batch.
@Suite struct SharedSinkHoldTests {
    @Test func aSecondDaemonHonoursThePauseTheFirstWasAskedFor() async throws {
        let url = try PostgresServer.shared().makeDatabase("sinkhold")
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let first = try PostgresStore(url: url, owner: "daemon-a", logger: quiet, claimLease: 60)
        let second = try PostgresStore(url: url, owner: "daemon-b", logger: quiet, claimLease: 60)
        let clock = ManualClock()
        let receiver = WebhookReceiver(.failOnce(429, retryAfter: "600"))
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        func worker(_ store: PostgresStore) -> DeliveryWorker {
            DeliveryWorker(sink: WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock),
                           store: store, policy: RetryPolicy(), clock: clock, doorbell: Doorbell(), logger: quiet)
        }
        let ids = (1...6).map { "SHARED\($0)" }
        let items = ids.map { id in
            ArticleBatch.Item(article: Article(key: id, feed: FeedID("f"), title: "Title \(id)"), alerts: [OutboxAlert(
                record: AlertRecord(id: id, time: clock.now(), rule: "r", severity: .high,
                                    article: .init(id: id, url: nil, title: "Title \(id)", feed: FeedID("f"), published: nil, lang: "en"),
                                    story: "s-\(id)", why: [], entities: [], topics: []),
                sinks: ["hook"])])
        }
        try first.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"), items: items), now: clock.now())

        #expect(try await worker(first).drainOnce() == 1)
        #expect(try second.sinkHolds(now: clock.now()) == [SinkHold(sink: "hook", until: clock.now().addingTimeInterval(600), reason: "HTTP 429")])
        // The first daemon's claims on the five it did not start have run out: only the hold keeps the second from them.
        clock.advance(by: 100)
        let other = worker(second)
        #expect(try await other.drainOnce() == 0)
        #expect(receiver.requests.count == 1)

        clock.advance(by: 500)
        #expect(try await other.drainOnce() == 6)
        #expect(receiver.processed.sorted() == ids.sorted())
        #expect(try second.deliveryCounts() == DeliveryCounts(delivered: 6))
    }
}
