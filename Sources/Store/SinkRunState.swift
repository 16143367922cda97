import Foundation

/// Whether a daemon's sink runs, as the daemon said it last: a sink that cannot start (its `credential:`
/// file missing after a reload) leaves its alerts in the outbox, and only the daemon knows why. Kept in the
/// store so that `deliver list` can say it; the reader judges whether the daemon that wrote it still runs
/// (`CurrentSinkStates` in Daemon), since a daemon that died cannot take its word back.
public struct SinkRunState: Sendable, Hashable, Codable {
    public var sink: String
    /// The daemon that said it: its roll-call name on a shared store, `pid N` on a file store.
    public var daemon: String
    public var running: Bool
    /// Why it did not start (the error the daemon logged), nil while running.
    public var reason: String?
    /// Since when the sink has been in this state (a reload that leaves it so keeps the time).
    public var since: Date

    public init(sink: String, daemon: String, running: Bool, reason: String? = nil, since: Date) {
        self.sink = sink
        self.daemon = daemon
        self.running = running
        self.reason = reason
        self.since = since
    }
}

public protocol SinkStateStore: Sendable {
    /// Replaces what `daemon` said of its sinks with `states` (at start and after each reload). On a file
    /// store, which one daemon uses, every earlier row goes; on a shared one, those of daemons no longer
    /// in the roll call too.
    func recordSinkStates(_ states: [SinkRunState], daemon: String) throws
    /// Every row, current or not, by sink then daemon.
    func sinkStates() throws -> [SinkRunState]
}
