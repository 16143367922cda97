import Delivery
import Foundation
import Testing
@testable import Daemon

/// On a shared store a delivery claim outlasts the batch it covers: a slow webhook's batch lengthens it.
@Suite struct DeliveryClaimLeaseTests {
    func webhook(_ id: String, timeout: TimeInterval, concurrency: Int, digest: TimeInterval? = nil) -> SinkConfig {
        SinkConfig(id: id, kind: .webhook(.init(url: .value("http://127.0.0.1:9/hook"), timeout: timeout)),
                   delivery: .init(concurrency: concurrency, digest: digest))
    }

    @Test func theClaimOutlastsTheSlowestSinksBatch() {
        let log = SinkConfig(id: "log", kind: .alertLog(path: "/var/lib/wirewatch/alerts.jsonl"))
        // 100 deliveries one at a time, up to 15 s each: 1500 s, plus the margin.
        let slow = DeliveryClaimLease.lease(configured: 300, sinks: [log, webhook("slow", timeout: 15, concurrency: 1)])
        #expect(slow.lease == 1500 + 30 && slow.raisedBy == "slow")
        // 100 in rounds of 8 (13 rounds), 10 s each.
        #expect(DeliveryClaimLease.lease(configured: 60, sinks: [webhook("w", timeout: 10, concurrency: 8)]).lease == 130 + DeliveryClaimLease.margin)
        // A digest is one message; an alert log alone, or a configured lease long enough, is left as it is.
        #expect(DeliveryClaimLease.lease(configured: 300, sinks: [webhook("d", timeout: 15, concurrency: 1, digest: 600)]) == (300, nil))
        #expect(DeliveryClaimLease.lease(configured: 300, sinks: [log]) == (300, nil))
        #expect(DeliveryClaimLease.lease(configured: 3600, sinks: [webhook("slow", timeout: 15, concurrency: 1)]) == (3600, nil))
    }
}
