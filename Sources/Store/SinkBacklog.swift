import Foundation

/// What one sink's outbox holds now, for `deliver list`: what an operator asks when a receiver has not seen an
/// alert for a while (is anything waiting, since when, is it being tried, what did the receiver say), not the
/// lifetime counts of `SinkDeliveryStats`, which are for metrics.
public struct SinkBacklog: Sendable, Hashable, Codable {
    public var sink: String
    public var pending = 0
    /// When the oldest pending delivery was queued (its alert raised).
    public var oldestQueued: Date?
    /// The earliest next attempt of a pending delivery; one never tried is due from when it was queued.
    public var nextAttempt: Date?
    /// Attempts made of the deliveries still pending: every one of them failed.
    public var failedAttempts = 0
    /// Pending deliveries tried at least once.
    public var tried = 0
    /// The most recent failure of a pending delivery (`HTTP 500`, a transport cause), and when it was
    /// (nil for a failure recorded by a wirewatch that did not keep the time).
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Dead letters kept (until queued again, or pruned with their alert).
    public var dead = 0
    /// Delivered since the window's start (`deliveredSince`).
    public var deliveredRecently = 0

    public init(sink: String) { self.sink = sink }
}

public protocol SinkBacklogStore: Sendable {
    /// Every sink with a delivery in the store, by name; `deliveredRecently` counts those delivered since `deliveredSince`.
    func sinkBacklogs(deliveredSince: Date) throws -> [SinkBacklog]
}
