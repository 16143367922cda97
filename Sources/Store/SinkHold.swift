import Foundation

/// A receiver asked a whole sink to wait (a webhook's 429, or its 503/408 with Retry-After): no
/// delivery of the sink starts before `until`, on this daemon, after its restart, or on any other
/// daemon sharing the store. Kept in the store as feed hosts' holds are (`HostHold`).
public struct SinkHold: Sendable, Hashable, Encodable {
    public var sink: String
    public var until: Date
    /// What the receiver answered (`HTTP 429`), for `wirewatch deliver list` and the log.
    public var reason: String
    /// Which receiver asked (`ReceiverMark`: a digest of the URL the sink posted to, which may be a
    /// secret), so a daemon that starts the sink pointed elsewhere lifts the pause. Nil in a hold saved
    /// before holds recorded it. Kept out of `deliver list --json`: a digest tells an operator nothing.
    public var receiver: String?
    public init(sink: String, until: Date, reason: String, receiver: String? = nil) {
        self.sink = sink; self.until = until; self.reason = reason; self.receiver = receiver
    }

    private enum CodingKeys: String, CodingKey { case sink, until, reason }
}

/// A hold ended before its time (`wirewatch deliver resume`, or a reload that points the sink at another
/// receiver), and how many of the sink's deliveries that waited for a retry it made due at once.
public struct LiftedSinkHold: Sendable, Hashable, Encodable {
    public var hold: SinkHold
    public var due: Int
    public init(hold: SinkHold, due: Int) { self.hold = hold; self.due = due }
}
