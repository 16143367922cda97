import Delivery
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore

/// A sink that holds every delivery until the test opens the gate, and
/// counts how many it held at once. It stands in for a slow receiver; the
/// worker is what is under test.
actor GateSink: AlertSink {
    nonisolated let id: String
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var delivered: [String] = []
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(id: String) { self.id = id }

    func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if !open { await withCheckedContinuation { waiting.append($0) } }
        inFlight -= 1
        delivered.append(record.id)
        return .delivered
    }

    func release() {
        open = true
        waiting.forEach { $0.resume() }
        waiting.removeAll()
    }
}

@Suite struct WorkerConcurrencyTests {
    @Test func aSinkHasAtMostItsConcurrencyInFlightAndNeverHoldsAnother() async throws {
        let store = try OutboxFixture.store()
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let slow = GateSink(id: "slow"), other = GateSink(id: "other")
        await other.release()
        let records = (1...10).map { OutboxFixture.record("GATE\($0)") }
        try OutboxFixture.enqueue(records, sinks: ["slow", "other"], into: store, now: Date())
        let doorbell = Doorbell()
        let workers = [
            DeliveryWorker(sink: slow, store: store, policy: RetryPolicy(), clock: SystemClock(), doorbell: doorbell,
                           logger: quiet, options: .init(concurrency: 3)),
            DeliveryWorker(sink: other, store: store, policy: RetryPolicy(), clock: SystemClock(), doorbell: doorbell,
                           logger: quiet, options: .init(concurrency: 3)),
        ]
        await withTaskGroup(of: Void.self) { group in
            for w in workers { group.addTask { await w.run() } }
            #expect(await eventually { await slow.inFlight == 3 })
            #expect(await eventually { await other.delivered.count == 10 })
            #expect(await slow.inFlight == 3)
            #expect(await slow.delivered.isEmpty)
            await slow.release()
            #expect(await eventually { (try? store.deliveryCounts()) == DeliveryCounts(delivered: 20) })
            group.cancelAll()
        }
        #expect(await slow.maxInFlight == 3)
        #expect(await Set(slow.delivered) == Set(records.map(\.id)))
    }
}
