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
/// others read the hold before they claim a batch, and (`holdRecheck`) before each delivery they start
/// in a batch already claimed. A batch a pause stops hands back what it did not start.
@Suite struct SharedSinkHoldTests {
    /// Two daemons' stores on one database (claims that last an hour unless handed back), a receiver, and six alerts for `hook`.
    final class TwoDaemons: Sendable {
        static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let first: PostgresStore
        let second: PostgresStore
        let clock: ManualClock
        let receiver: WebhookReceiver
        let server: LoopbackHTTPServer
        let fetcher = Fetcher()
        let ids = (1...6).map { "SHARED\($0)" }

        init(_ mode: WebhookReceiver.Mode) async throws {
            let url = try PostgresServer.shared().makeDatabase("sinkhold")
            let first = try PostgresStore(url: url, owner: "daemon-a", logger: TwoDaemons.quiet, claimLease: 3600)
            self.first = first
            second = try PostgresStore(url: url, owner: "daemon-b", logger: TwoDaemons.quiet, claimLease: 3600)
            let receiver = WebhookReceiver(mode)
            self.receiver = receiver
            server = try await receiver.start()
            let clock = ManualClock()
            self.clock = clock
            let now = clock.now()
            let items = (1...6).map { "SHARED\($0)" }.map { id in
                ArticleBatch.Item(article: Article(key: id, feed: FeedID("f"), title: "Title \(id)"), alerts: [OutboxAlert(
                    record: AlertRecord(id: id, time: now, rule: "r", severity: .high,
                                        article: .init(id: id, url: nil, title: "Title \(id)", feed: FeedID("f"), published: nil, lang: "en"),
                                        story: "s-\(id)", why: [], entities: [], topics: []),
                    sinks: ["hook"])])
            }
            try first.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"), items: items), now: now)
        }

        /// A daemon's worker for `hook`, one delivery at a time, looking again for holds as a daemon on a shared store does.
        func worker(_ store: PostgresStore) -> DeliveryWorker {
            DeliveryWorker(sink: WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock),
                           store: store, policy: RetryPolicy(), clock: clock, doorbell: Doorbell(), logger: Self.quiet,
                           holdRecheck: DeliveryWorker.sharedHoldRecheck)
        }

        func shutdown() async {
            await server.shutdown()
            fetcher.shutdown()
        }
    }

    @Test func aSecondDaemonHonoursThePauseTheFirstWasAskedForAndSendsWhatTheFirstHeldBackWhenItEnds() async throws {
        let two = try await TwoDaemons(.failOnce(429, retryAfter: "600"))
        let clock = two.clock
        #expect(try await two.worker(two.first).drainOnce() == 1)
        #expect(try two.second.sinkHolds(now: clock.now()) == [SinkHold(sink: "hook", until: clock.now().addingTimeInterval(600), reason: "HTTP 429",
                                                                         receiver: ReceiverMark.of("\(two.server.baseURL)/hook"))])
        clock.advance(by: 100)
        let other = two.worker(two.second)
        #expect(try await other.drainOnce() == 0)
        #expect(two.receiver.requests.count == 1)

        // The first daemon handed back its claims on the five it did not start: they go as soon as the pause
        // ends, not when its claims would have run out (an hour).
        clock.advance(by: 500)
        #expect(try await other.drainOnce() == 6)
        #expect(two.receiver.processed.sorted() == two.ids.sorted())
        #expect(try two.second.deliveryCounts() == DeliveryCounts(delivered: 6))
        await two.shutdown()
    }

    /// The first daemon is inside a batch when the second is told to wait: it starts nothing more of the
    /// sink, and hands back what it had claimed, so when the pause ends any daemon sends it.
    @Test func aHoldSavedByAnotherDaemonStopsABatchInFlightAndItsUnstartedDeliveriesAreHandedBack() async throws {
        let two = try await TwoDaemons(.holdUntilReleased)
        let clock = two.clock
        let worker = two.worker(two.first)
        async let started = worker.drainOnce()
        #expect(await eventually { two.receiver.requests.count == 1 })
        clock.advance(by: 1)
        try two.second.save(SinkHold(sink: "hook", until: clock.now().addingTimeInterval(600), reason: "HTTP 429"))
        two.receiver.release()
        #expect(try await started == 1)
        #expect(two.receiver.requests.count == 1)

        clock.advance(by: 600)
        #expect(try await two.worker(two.second).drainOnce() == 5)
        #expect(two.receiver.processed.sorted() == two.ids.sorted())
        await two.shutdown()
    }
}
