import Delivery
import Fetching
import Foundation
import Logging
import PostgresStore
import Testing
import TestSupport
@testable import Daemon

/// On a shared store a delivery claim outlasts the batch it covers: each sink's claims are as long as its own batch needs.
@Suite struct DeliveryClaimLeaseTests {
    let log = SinkConfig(id: "log", kind: .alertLog(path: "/var/lib/wirewatch/alerts.jsonl"))

    func webhook(_ id: String, timeout: TimeInterval, concurrency: Int, digest: TimeInterval? = nil) -> SinkConfig {
        SinkConfig(id: id, kind: .webhook(.init(url: .value("http://127.0.0.1:9/hook"), timeout: timeout)),
                   delivery: .init(concurrency: concurrency, digest: digest))
    }

    @Test func eachSinksClaimOutlastsItsOwnBatch() {
        // 100 deliveries one at a time, up to 15 s each: 1500 s, plus the margin. The alert log keeps the configured lease.
        let slow = DeliveryClaimLease.leases(configured: 300, timeLimit: 0, sinks: [log, webhook("slow", timeout: 15, concurrency: 1)])
        #expect(slow == ["log": 300, "slow": 1500 + 30])
        // 100 in rounds of 8 (13 rounds), 10 s each.
        #expect(DeliveryClaimLease.leases(configured: 60, timeLimit: 0, sinks: [webhook("w", timeout: 10, concurrency: 8)]) == ["w": 130 + 30])
        // A digest is one message; an alert log alone, or a configured lease long enough, is left as it is.
        #expect(DeliveryClaimLease.leases(configured: 300, timeLimit: 0, sinks: [webhook("d", timeout: 15, concurrency: 1, digest: 600)]) == ["d": 300])
        #expect(DeliveryClaimLease.leases(configured: 300, timeLimit: 0, sinks: [log]) == ["log": 300])
        #expect(DeliveryClaimLease.leases(configured: 3600, timeLimit: 0, sinks: [webhook("slow", timeout: 15, concurrency: 1)]) == ["slow": 3600])
    }

    /// The delivery fetcher runs at most 32 requests to one host at a time: more in flight wait in its queue.
    @Test func theFetchersHostCapLengthensABatch() {
        // 64 at a time to one host run 32 at a time: 100 take ceil(100/32) = 4 timeouts, not 2.
        #expect(DeliveryClaimLease.leases(configured: 0, timeLimit: 0, sinks: [webhook("w", timeout: 10, concurrency: 64)]) == ["w": 40 + 30])
        // Two webhooks of 32 (their hosts counted as one): each request may wait behind the other's 32,
        // which may take the longer timeout (10 s), so 4 rounds of up to 10 s waiting plus its own timeout.
        let two = DeliveryClaimLease.leases(configured: 0, timeLimit: 0, sinks: [webhook("a", timeout: 10, concurrency: 32),
                                                                                  webhook("b", timeout: 5, concurrency: 32)])
        #expect(two == ["a": 80 + 30, "b": 60 + 30])
        // A digest is one request, which may wait behind another webhook's 64 (3 timeouts); that webhook's 2 rounds too.
        let digest = DeliveryClaimLease.leases(configured: 0, timeLimit: 0, sinks: [webhook("d", timeout: 10, concurrency: 1, digest: 60),
                                                                      webhook("w", timeout: 10, concurrency: 64)])
        #expect(digest == ["d": 30 + 30, "w": 60 + 30])
    }

    /// A short-timeout webhook beside one whose receiver hangs for its long timeout: each of the short
    /// one's requests waits for the long one's 32 to time out before it is sent.
    @Test func aShortTimeoutWaitsBehindALongOne() {
        let leases = DeliveryClaimLease.leases(configured: 300, timeLimit: 0, sinks: [webhook("a", timeout: 60, concurrency: 32),
                                                                                      webhook("b", timeout: 5, concurrency: 8)])
        // b: 40 in flight, one turn of 60 s ahead, then its own 5 s; 100 in 13 rounds of 8: 13 × 65 s + 30 s.
        // a: 4 rounds of 32, each 60 s waiting and 60 s sending: 4 × 120 s + 30 s.
        #expect(leases == ["a": 510, "b": 875])
    }

    /// The claim's end is set before the store gives a connection for it, and the outcomes wait for one
    /// again: the margin counts two of the store's waits (`store.time_limit`), for every sink.
    @Test func theMarginCoversTheStoresWaits() {
        let leases = DeliveryClaimLease.leases(configured: 60, timeLimit: 90, sinks: [log, webhook("w", timeout: 10, concurrency: 8)])
        #expect(leases == ["log": 30 + 180, "w": 130 + 30 + 180])
        #expect(DeliveryClaimLease.leases(configured: 600, timeLimit: 90, sinks: [log]) == ["log": 600])
    }

    /// The crew on a shared store gives each sink its lease: a slow webhook's leaves the alert log's claims short.
    @Test func aSlowWebhookLeavesTheAlertLogsClaimsShort() async throws {
        let url = try PostgresServer.shared().makeDatabase("sinkleases")
        let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger, claimLease: 60, timeLimit: 10)
        let dir = try makeTemporaryDirectory("sinkleases")
        let log = SinkConfig(id: "log", kind: .alertLog(path: dir.appendingPathComponent("alerts.jsonl").path))
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let crew = DeliveryCrew(store: store, fetcher: fetcher, clock: ManualClock(), doorbell: Doorbell(), logger: quietLogger,
                                states: SinkStates(store: store, logger: quietLogger))
        try await crew.start([log, webhook("slow", timeout: 15, concurrency: 1)])
        await crew.launchStarted()
        #expect(store.claimLease(for: "log") == 60)
        #expect(store.claimLease(for: "slow") == 1500 + 30 + 2 * 10)  // the margin counts two of the store's 10 s waits
        // A reload that speeds the webhook up shortens its claims.
        await crew.follow { [log, webhook("slow", timeout: 15, concurrency: 50)] }
        #expect(store.claimLease(for: "slow") == 60 + 50)  // 2 rounds of 50, each up to 2 timeouts
        #expect(store.claimLease(for: "log") == 60)
        await crew.stopAll()
    }
}
