import Foundation

/// What one sink's outbox holds now, for `deliver list`: what an operator asks when a receiver has not seen an
/// alert for a while (is anything waiting, since when, is it being tried, what did the receiver say), not the
/// lifetime counts of `SinkDeliveryStats`, which are for metrics.
public struct SinkBacklog: Sendable, Hashable, Codable {
    public var sink: String
    public var pending = 0
    /// When the oldest pending delivery was queued (its alert raised).
    public var oldestQueued: Date?
    /// The earliest next attempt of a pending delivery no daemon's claim holds; one never tried is due from when it
    /// was queued. Nil when every pending one is claimed (`claims`).
    public var nextAttempt: Date?
    /// Pending deliveries a daemon's delivery crew has claimed (PostgreSQL), by daemon: no other daemon sends them
    /// until the claim ends, also when the daemon that took them was killed (trial3 finding 11: `deliver list` said
    /// "due now" for ten minutes).
    public var claims: [SinkClaim] = []
    /// Attempts made of the deliveries still pending: every one of them failed.
    public var failedAttempts = 0
    /// Pending deliveries tried at least once.
    public var tried = 0
    /// Pending deliveries of a digest stamped as begun, whose outcome no attempt recorded: sent, most likely, by a
    /// daemon that stopped before its answer was saved; the digest goes again alone under the same Idempotency-Key.
    public var begunUnrecorded = 0
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

/// Pending deliveries of a sink one daemon's claim holds at the time asked.
public struct SinkClaim: Sendable, Hashable, Codable {
    public var daemon: String
    public var count: Int
    /// When the last of them is free for another daemon.
    public var until: Date

    public init(daemon: String, count: Int, until: Date) {
        self.daemon = daemon
        self.count = count
        self.until = until
    }
}

public protocol SinkBacklogStore: Sendable {
    /// Every sink with a delivery in the store, by name; `deliveredRecently` counts those delivered since `deliveredSince`;
    /// claims are those that still hold at `now`.
    func sinkBacklogs(deliveredSince: Date, now: Date) throws -> [SinkBacklog]
}
