import Foundation
import WirewatchCore

/// A place alerts go: the alert log, a webhook. One sink never waits on another.
public protocol AlertSink: Sendable {
    var id: String { get }
    /// Called once before the first delivery (open files, read secrets).
    func start() async throws
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome
    /// One message for several alerts (digest mode). Sinks without a digest
    /// form deliver them one by one.
    func deliver(digest records: [AlertRecord]) async -> DeliveryOutcome
    /// Makes what this batch delivered durable (the alert log's fsync). The
    /// worker marks a batch delivered only after this says `.delivered`.
    func flush() async -> DeliveryOutcome
    /// Whether a `.delivered` answer is already final, with nothing for `flush()` to make durable (a
    /// webhook's 2xx): the worker then records it as it comes instead of at the end of the batch, so a
    /// daemon killed mid-batch sends again only the last moment's answers (`DeliveryWorker.answerRecordInterval`).
    var answerIsFinal: Bool { get }
    /// Called once at shutdown.
    func stop() async
    /// Whether a secret read at `start()` now reads differently (an operator edited its
    /// credential file): a reload asks, and restarts the sink with the new one. Throws,
    /// naming the reference and never the value, when a secret cannot be read now.
    func secretsChanged() async throws -> Bool
    /// Where it sends, to tell whether a reload pointed the sink at another receiver (which lifts a pause
    /// the old one asked for): a webhook's URL as read at `start()`. It may be a secret: compared, never
    /// said. Nil for a sink no receiver can pause.
    func receiver() async -> String?
}

extension AlertSink {
    public func start() async throws {}
    public func stop() async {}
    public func flush() async -> DeliveryOutcome { .delivered }
    public var answerIsFinal: Bool { false }
    public func secretsChanged() async throws -> Bool { false }
    public func receiver() async -> String? { nil }

    public func deliver(digest records: [AlertRecord]) async -> DeliveryOutcome {
        for r in records {
            let outcome = await deliver(r)
            if outcome != .delivered { return outcome }
        }
        return .delivered
    }
}

/// What a sink says about one attempt; the retry policy decides what follows.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    /// Worth trying again, no sooner than `after` seconds if the receiver said so.
    case retry(reason: String, after: TimeInterval?)
    /// Worth trying again, and the receiver asks the whole sink to wait (a 429, or a 503/408 with
    /// Retry-After): `after` seconds if it said, else the retry policy's backoff (`SinkPause`).
    case pauseSink(reason: String, after: TimeInterval?)
    /// Will never succeed (a 4xx other than 408/429): dead-letter at once.
    case reject(reason: String)
}
