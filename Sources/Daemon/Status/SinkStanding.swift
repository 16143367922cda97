import Foundation
import Store

/// One sink as `deliver list` shows it: whether it runs, and what waits for it now. The counts are the
/// present (pending now, dead letters kept) and the last 24 hours' deliveries, not lifetime totals: at
/// 3 a.m. the question is what is stuck and since when, not how much went out since the store was made.
public struct SinkStanding: Sendable, Encodable {
    public var sink: String
    public var inConfig: Bool
    public var state: State
    /// What each running daemon said of the sink.
    public var daemons: [SinkRunState]
    public var pending: Int
    public var oldestQueued: Date?
    public var nextAttempt: Date?
    /// Pending deliveries daemons' claims hold now (PostgreSQL).
    public var claims: [SinkClaim]
    public var failedAttempts: Int
    /// Pending deliveries of a digest sent, most likely, before a daemon stopped, its answer not recorded.
    public var begunUnrecorded: Int = 0
    public var lastError: String?
    public var lastErrorAt: Date?
    public var dead: Int
    public var deliveredLast24h: Int
    public var pausedUntil: Date?
    /// The sink's digest window, when it sends digests.
    public var digest: TimeInterval?

    /// Written in `--json` as the raw values.
    public enum State: String, Sendable, Encodable {
        /// Every running daemon that said anything of the sink runs it.
        case running
        /// At least one running daemon could not start it.
        case notStarted = "not-started"
        /// No daemon runs on the store.
        case noDaemon = "no-daemon"
        /// No running daemon has said anything of it: their configs lack the sink, or have it since their last reload.
        case unknown
    }
}
