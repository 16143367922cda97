import Foundation
import Store
import Testing
import WirewatchCore
@testable import Daemon

/// Delivery attempts are counted as the workers record them: read from the outbox, the counters stood
/// still once retention pruned delivered rows (trial2 finding 27: 2,355 for ~1,800 attempts more).
@Suite struct AttemptCountTests {
    @Test func aPruneOfTheOutboxDoesNotStopTheAttemptCounters() {
        let metrics = DaemonMetrics()
        var outbox = SinkDeliveryStats(sink: "hook")
        outbox.delivered = 3; outbox.attempts = 4; outbox.failures = 1
        metrics.recordAttempts(sink: "hook", count: 3, failed: false)
        metrics.recordAttempts(sink: "hook", count: 1, failed: true)
        metrics.refresh(deliveries: [outbox], feeds: 0, broken: 0)
        // Retention pruned the delivered rows; two more attempts were made since, one failed.
        outbox.delivered = 1; outbox.attempts = 2; outbox.failures = 1
        metrics.recordAttempts(sink: "hook", count: 1, failed: false)
        metrics.recordAttempts(sink: "hook", count: 1, failed: true)
        metrics.refresh(deliveries: [outbox], feeds: 0, broken: 0)
        let samples = metrics.exposition().split(separator: "\n")
        #expect(samples.contains("wirewatch_delivery_attempts_total{sink=\"hook\"} 6"), "\(samples)")
        #expect(samples.contains("wirewatch_delivery_failures_total{sink=\"hook\"} 2"), "\(samples)")
        // A sink with no attempt yet has its counters, at 0.
        metrics.refresh(deliveries: [SinkDeliveryStats(sink: "quiet")], feeds: 0, broken: 0)
        #expect(metrics.exposition().split(separator: "\n").contains("wirewatch_delivery_attempts_total{sink=\"quiet\"} 0"))
    }
}
