import Foundation

/// A receiver asked a whole sink to wait (a webhook's 429, or its 503/408 with Retry-After): no
/// delivery of the sink starts before `until`, on this daemon, after its restart, or on any other
/// daemon sharing the store. Kept in the store as feed hosts' holds are (`HostHold`).
public struct SinkHold: Sendable, Hashable, Encodable {
    public var sink: String
    public var until: Date
    /// What the receiver answered (`HTTP 429`), for `wirewatch deliver list` and the log.
    public var reason: String
    public init(sink: String, until: Date, reason: String) { self.sink = sink; self.until = until; self.reason = reason }
}
