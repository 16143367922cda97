import Foundation
import WirewatchCore

/// A place alerts go: the alert log, a webhook. One sink never waits on another.
public protocol AlertSink: Sendable {
    var id: String { get }
    /// Called once before the first delivery (open files, check templates).
    func start() async throws
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome
    /// Called once at shutdown.
    func stop() async
}

extension AlertSink {
    public func start() async throws {}
    public func stop() async {}
}

/// What a sink says about one attempt; the retry policy decides what follows.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    /// Worth trying again, no sooner than `after` seconds if the receiver said so.
    case retry(reason: String, after: TimeInterval?)
    /// Will never succeed (a 4xx other than 408/429): dead-letter at once.
    case reject(reason: String)
}
