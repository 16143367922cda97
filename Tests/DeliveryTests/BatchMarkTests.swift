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
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        refuse.contains(record.id) ? .retry(reason: "HTTP 503", after: nil) : .delivered
    }
    func deliver(digest records: [AlertRecord]) async -> DeliveryOutcome { .delivered }
}

/// A worker marks what a batch delivered in one store transaction, a digest's alerts included.
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
        let clock = ManualClock(now: OutboxFixture.start)
        let store = try OutboxFixture.store()
        try OutboxFixture.enqueue(records, sinks: [sink.id], into: store, now: clock.now())
        clock.advance(by: 60)
        let commits = Commits()
        store.db.add(transactionObserver: commits)
        let worker = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(), clock: clock, doorbell: Doorbell(),
                                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                    options: .init(concurrency: 2, digest: digest))
        let attempted = try await worker.drainOnce()
        return (store, commits.count.withLock { $0 }, attempted)
    }

    @Test func aBatchMarksItsDeliveredInOneTransactionAndEachFailureInItsOwn() async throws {
        let (store, commits, attempted) = try await drain(ScriptedSink(id: "hook", refuse: ["ALERT3"]))
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
