import Foundation
import WirewatchCore

/// Whether the pipeline is making progress: the scheduler loop turns over
/// when it said it would, and no poll hangs past its deadline. The watchdog
/// pings systemd and /healthz answers 200 only while this holds. Plain value.
struct PipelineHealth: Sendable, Hashable {
    /// A poll in flight: when it began, and when it counts as stalled.
    struct Poll: Sendable, Hashable {
        var started: Date
        var deadline: Date
    }

    /// How late the loop may be before it counts as stuck.
    var grace: TimeInterval = 60
    /// Beyond its fetch timeout, the time a healthy poll may take to analyse and commit what it fetched
    /// (waiting for a CPU permit included). A feed's lease on a shared store lasts as long.
    static let analysisAllowance: TimeInterval = 300
    private(set) var loopDue: Date?
    private(set) var inFlight: [FeedID: Poll] = [:]
    /// When the daemon started: its scheduler has `grace` from then for its first turn. Nil: none.
    let started: Date?

    init(grace: TimeInterval = 60, started: Date? = nil) {
        self.grace = grace
        self.started = started
    }

    /// The loop ran and will run again by `nextTurn`.
    mutating func loopTurned(nextTurn: Date) { loopDue = nextTurn }

    /// `timeout` is the fetch timeout this poll uses (its feed's own, or `poll.timeout` as it is now):
    /// a reload that changes either later does not move the deadline of a poll already running.
    mutating func pollStarted(_ feed: FeedID, at: Date, timeout: TimeInterval) {
        inFlight[feed] = Poll(started: at, deadline: at.addingTimeInterval(timeout + Self.analysisAllowance))
    }

    mutating func pollFinished(_ feed: FeedID) { inFlight[feed] = nil }

    /// Nil when healthy, else why not.
    func problem(now: Date) -> String? {
        // The watchdog's first look comes as READY=1 is sent, often before the scheduler's first turn: that was
        // logged as a stall, while /healthz said ok a moment later (exploratory finding of stop 33).
        guard let loopDue else {
            if let started, now <= started.addingTimeInterval(grace) { return nil }
            return "the scheduler has not started" + (started.map { " \(Int(now.timeIntervalSince($0)))s after the daemon did" } ?? "")
        }
        if now > loopDue.addingTimeInterval(grace) {
            return "the scheduler loop is \(Int(now.timeIntervalSince(loopDue)))s overdue"
        }
        if let (feed, poll) = inFlight.filter({ now > $0.value.deadline }).min(by: { $0.value.started < $1.value.started }) {
            return "the poll of feed '\(feed)' has run for \(Int(now.timeIntervalSince(poll.started)))s"
        }
        return nil
    }
}
