import Delivery
import Foundation

/// On a shared store a daemon claims a batch of deliveries before sending them, and records their
/// outcomes only after the whole batch: a claim that ran out meanwhile lets another daemon send them
/// again. So the claim lasts at least as long as the slowest sink's batch can take: a webhook's
/// `batchLimit` deliveries, `concurrency` at a time, each up to its timeout (a digest is one message),
/// plus a margin for the flush and the store's writes (half a minute). An alert log writes locally: the margin covers it.
enum DeliveryClaimLease {
    static let margin: TimeInterval = 30

    /// The longest a batch of this sink can take.
    static func batchTime(_ sink: SinkConfig) -> TimeInterval {
        guard case .webhook(let options) = sink.kind else { return 0 }
        if sink.delivery.digest != nil { return options.timeout }
        let rounds = (DeliveryWorker.batchLimit + sink.delivery.concurrency - 1) / sink.delivery.concurrency
        return Double(rounds) * options.timeout
    }

    /// The claim lease in force: the configured one, or longer when a sink's batch needs it.
    static func lease(configured: TimeInterval, sinks: [SinkConfig]) -> (lease: TimeInterval, raisedBy: String?) {
        guard let slowest = sinks.max(by: { batchTime($0) < batchTime($1) }) else { return (configured, nil) }
        let needed = batchTime(slowest) + margin
        return needed > configured ? (needed, slowest.id) : (configured, nil)
    }
}
