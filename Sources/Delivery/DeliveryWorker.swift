import Foundation
import Logging
import Store
import WirewatchCore

/// Drains one sink's queue in the outbox: sends what is due, records each
/// outcome, and schedules retries. Each sink has its own worker, so a slow or
/// failing sink never delays another.
public struct DeliveryWorker: Sendable {
    public let sink: any AlertSink
    public let store: any WirewatchStore
    public let policy: RetryPolicy
    public let clock: any WirewatchClock
    public let doorbell: Doorbell
    let logger: Logger

    public init(sink: any AlertSink, store: any WirewatchStore, policy: RetryPolicy, clock: any WirewatchClock,
                doorbell: Doorbell, logger: Logger) {
        self.sink = sink
        self.store = store
        self.policy = policy
        self.clock = clock
        self.doorbell = doorbell
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async {
        while !Task.isCancelled {
            let sent = (try? await drainOnce()) ?? 0
            if sent == 0 { await doorbell.wait(seconds: 1) }
        }
    }

    /// Delivers what is due now; returns how many attempts were made.
    @discardableResult
    public func drainOnce(limit: Int = 100) async throws -> Int {
        let now = clock.now()
        let due = try store.dueDeliveries(sink: sink.id, now: now, limit: limit)
        for d in due {
            if Task.isCancelled { break }
            let outcome = await sink.deliver(d.record)
            let at = clock.now()
            switch outcome {
            case .delivered:
                try store.markDelivered(alert: d.record.id, sink: sink.id, now: at)
                logger.info("alert delivered", metadata: ["sink": "\(sink.id)", "alert": "\(d.record.id)", "rule": "\(d.record.rule)"])
            case .retry(let reason, let after):
                let next = policy.nextAttempt(after: d.attempts + 1, firstAttempt: d.firstAttempt ?? at, now: at,
                                              retryAfter: after, random: Double.random(in: 0..<1))
                try store.markFailed(alert: d.record.id, sink: sink.id, error: reason, retryAt: next, now: at)
                logger.warning(next == nil ? "delivery dead-lettered" : "delivery failed, will retry",
                               metadata: ["sink": "\(sink.id)", "alert": "\(d.record.id)", "error": "\(reason)"])
            case .reject(let reason):
                try store.markFailed(alert: d.record.id, sink: sink.id, error: reason, retryAt: nil, now: at)
                logger.error("delivery rejected, dead-lettered", metadata: ["sink": "\(sink.id)", "alert": "\(d.record.id)", "error": "\(reason)"])
            }
        }
        return due.count
    }
}
