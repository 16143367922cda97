import Delivery
import Foundation
import GRDB
import Logging
@testable import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore

/// A sink that answers as the test says, per alert, and takes a digest whole. It stands in for a
/// receiver; the worker and the store are what is under test.
struct ScriptedSink: AlertSink {
    let id: String
    var refuse: Set<String> = []
    var answerIsFinal = false
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        refuse.contains(record.id) ? .retry(reason: "HTTP 503", after: nil) : .delivered
    }
    func deliver(digest records: [AlertRecord]) async -> DeliveryOutcome { .delivered }
}

/// A receiver that takes a second to answer (on the test's clock), and notes how many of the batch's
/// alerts the store counted delivered as each request went out, as a kill at that moment would find them.
final class SlowReceiver: AlertSink {
    let id: String
    let answerIsFinal: Bool
    let clock: ManualClock
    let store: SQLiteStore
    let deliveredAtSend = Mutex<[Int]>([])
    init(id: String, answerIsFinal: Bool, clock: ManualClock, store: SQLiteStore) {
        self.id = id; self.answerIsFinal = answerIsFinal; self.clock = clock; self.store = store
    }
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        let delivered = (try? store.deliveryCounts().delivered) ?? -1
        deliveredAtSend.withLock { $0.append(delivered) }
        clock.advance(by: 1)
        return .delivered
    }
}

/// A worker marks what a batch delivered in one store transaction, a digest's alerts included; a sink
/// whose answer is final (a webhook) has its answers recorded as they come, at most every quarter second.
@Suite struct BatchMarkTests {
    let records = (1...4).map { OutboxFixture.record("ALERT\($0)") }

    /// Counts the transactions committed on the store's writer.
    final class Commits: TransactionObserver, Sendable {
        let count = Mutex(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { count.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    func drain(_ sink: ScriptedSink, digest: TimeInterval? = nil) async throws -> (SQLiteStore, commits: Int, attempted: Int) {
        try await drain(concurrency: 2, digest: digest) { _, _ in sink }
    }

    func drain<Sink: AlertSink>(concurrency: Int, digest: TimeInterval? = nil, _ makeSink: (ManualClock, SQLiteStore) -> Sink)
        async throws -> (SQLiteStore, commits: Int, attempted: Int) {
        let clock = ManualClock(now: OutboxFixture.start)
        let store = try OutboxFixture.store()
        let sink = makeSink(clock, store)
        try OutboxFixture.enqueue(records, sinks: [sink.id], into: store, now: clock.now())
        clock.advance(by: 60)
        let commits = Commits()
        store.db.add(transactionObserver: commits)
        let worker = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(), clock: clock, doorbell: Doorbell(),
                                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                    options: .init(concurrency: concurrency, digest: digest))
        let attempted = try await worker.drainOnce()
        return (store, commits.count.withLock { $0 }, attempted)
    }

    /// A kill before the fourth request would send again only the third: not the batch's first three.
    @Test func aFinalAnswerIsRecordedAsItComesWhenAnswersAreSlow() async throws {
        var receiver: SlowReceiver?
        let (store, commits, attempted) = try await drain(concurrency: 1) { clock, store in
            receiver = SlowReceiver(id: "hook", answerIsFinal: true, clock: clock, store: store)
            return receiver!
        }
        #expect(attempted == 4)
        #expect(receiver?.deliveredAtSend.withLock { $0 } == [0, 1, 2, 3])
        #expect(try store.deliveryCounts() == DeliveryCounts(delivered: 4))
        #expect(commits == 4)
    }

    /// The alert log's line is durable only at the batch's flush (fsync): nothing is recorded before it.
    @Test func anAnswerThatNeedsAFlushWaitsForTheBatch() async throws {
        var receiver: SlowReceiver?
        let (store, commits, _) = try await drain(concurrency: 1) { clock, store in
            receiver = SlowReceiver(id: "log", answerIsFinal: false, clock: clock, store: store)
            return receiver!
        }
        #expect(receiver?.deliveredAtSend.withLock { $0 } == [0, 0, 0, 0])
        #expect(try store.deliveryCounts() == DeliveryCounts(delivered: 4))
        #expect(commits == 1)
    }

    /// Answers that come within a quarter second of the batch's start share its transaction, final or not.
    @Test(arguments: [false, true])
    func aBatchMarksItsDeliveredInOneTransactionAndEachFailureInItsOwn(final: Bool) async throws {
        let (store, commits, attempted) = try await drain(ScriptedSink(id: "hook", refuse: ["ALERT3"], answerIsFinal: final))
        #expect(attempted == 4)
        #expect(try store.deliveryCounts() == DeliveryCounts(pending: 1, delivered: 3))
        #expect(commits == 2)
    }

    /// One transaction to stamp the digest begun before it goes (`markDigestBegun`), one to mark it delivered.
    @Test func aDigestMarksAllItsAlertsInOneTransaction() async throws {
        let (store, commits, attempted) = try await drain(ScriptedSink(id: "digest"), digest: 30)
        #expect(attempted == 4)
        #expect(try store.deliveryCounts() == DeliveryCounts(delivered: 4))
        #expect(commits == 2)
    }
}
