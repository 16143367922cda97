import Delivery
import Fetching
import Foundation

/// On a shared store a daemon claims a batch of deliveries before sending them, and records their
/// outcomes only after the whole batch: a claim that ran out meanwhile lets another daemon send them
/// again. So each sink's claims last at least as long as that sink's batch can take, plus a margin for
/// the flush and the store's writes (half a minute); a sink's lease is its own, so a slow webhook does
/// not hold back an alert log's deliveries after its daemon died. An alert log writes locally: the
/// margin covers it.
enum DeliveryClaimLease {
    static let margin: TimeInterval = 30

    /// The delivery fetcher's caps, which the daemon gives it (`WirewatchDaemon`): requests beyond
    /// them wait in its queue, and that wait is part of a batch's time.
    static let fetcherLimits = Fetcher.Limits(maxConnectionsPerHost: 32, maxConnections: 128)

    /// The longest a batch of `sink` can take when `sinks` are the daemon's sinks. A webhook sends
    /// `batchLimit` deliveries, `concurrency` at a time (a digest is one message). Each request may
    /// wait in the fetcher's queue behind the requests of every webhook in flight, 32 at a time to one
    /// host, before its own `timeout`: with `s` requests in flight to its host, it ends within
    /// ceil(s / 32) timeouts. All webhooks are counted as one host's (a URL may be a secret, its host
    /// unknown here), which also covers the cap on all hosts together (128, four times the host cap).
    static func batchTime(_ sink: SinkConfig, among sinks: [SinkConfig]) -> TimeInterval {
        guard case .webhook(let options) = sink.kind else { return 0 }
        let inFlight = max(sinks.map(requestsInFlight).reduce(0, +), requestsInFlight(sink))
        let perRequest = Double(ceilDiv(inFlight, fetcherLimits.maxConnectionsPerHost)) * options.timeout
        if sink.delivery.digest != nil { return perRequest }
        return Double(ceilDiv(DeliveryWorker.batchLimit, requestsInFlight(sink))) * perRequest
    }

    /// Each sink's claim lease: the configured one, or longer when that sink's batch needs it.
    static func leases(configured: TimeInterval, sinks: [SinkConfig]) -> [String: TimeInterval] {
        Dictionary(sinks.map { ($0.id, max(configured, batchTime($0, among: sinks) + margin)) }, uniquingKeysWith: max)
    }

    /// The most requests a sink's worker has in the fetcher at once.
    private static func requestsInFlight(_ sink: SinkConfig) -> Int {
        guard case .webhook = sink.kind else { return 0 }
        return sink.delivery.digest != nil ? 1 : min(max(1, sink.delivery.concurrency), DeliveryWorker.batchLimit)
    }

    private static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / max(1, b) }
}
