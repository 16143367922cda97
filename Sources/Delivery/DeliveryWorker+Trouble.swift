import Fetching
import Logging
import Store
import Synchronization

extension DeliveryWorker {
    /// Says what one batch changed of whether the sink is failing (`SinkTrouble`): each failed attempt
    /// is logged at debug only, as the cause is the sink's, not the delivery's.
    func sayTrouble(_ settled: [(PendingDelivery, DeliveryOutcome)]) {
        var delivered = 0
        var failures: [String] = []
        for (_, outcome) in settled {
            switch outcome {
            case .delivered: delivered += 1
            // A request the daemon's own stop cut short says nothing of the sink: it is sent again at the next start.
            // It was warned of as a failure at every orderly stop (exploratory finding of stop 33).
            case .retry(let reason, _) where reason.hasPrefix(FetchErrorCategory.cancelled.rawValue + ":"): break
            case .retry(let reason, _): failures.append(reason)
            // A pause has its own two lines (`say`), and a rejection its error line per delivery.
            case .pauseSink, .reject: break
            }
        }
        guard let news = trouble.state.withLock({ $0.settle(delivered: delivered, failures: failures) }) else { return }
        let sink = "\(sink.id)"
        switch news {
        case .failing(let reason):
            logger.warning("sink failing: its deliveries are retried; one line when it delivers again, not one per attempt",
                           metadata: ["sink": "\(sink)", "error": "\(reason)"])
        case .failingForAnotherCause(let reason, let was, let failed):
            logger.warning("sink failing for another cause: its deliveries are retried",
                           metadata: ["sink": "\(sink)", "error": "\(reason)", "was": "\(was)", "failed_attempts": "\(failed)"])
        case .deliversAgain(let failed):
            logger.notice("sink delivers again", metadata: ["sink": "\(sink)", "failed_attempts": "\(failed)"])
        case .failedOnce(let reason):
            logger.warning("a delivery failed and is retried; the sink is said failing if the next attempt fails too",
                           metadata: ["sink": "\(sink)", "error": "\(reason)"])
        }
    }
}

/// A worker's `SinkTrouble`, kept across its batches: the worker is a value, copied into the task that runs it.
public final class SinkTroubleLog: Sendable {
    let state = Mutex(SinkTrouble(failingAfter: 2))
    public init() {}
}
