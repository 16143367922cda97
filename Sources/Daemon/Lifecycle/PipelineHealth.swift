import Foundation
import WirewatchCore

/// Whether the pipeline is making progress: the scheduler loop turns over
/// when it said it would, and no poll hangs past its budget. The watchdog
/// pings systemd and /healthz answers 200 only while this holds. Plain value.
struct PipelineHealth: Sendable, Hashable {
    /// How late the loop or a poll may be before it counts as stuck.
    var grace: TimeInterval = 60
    /// The longest a poll may take: the fetch timeout plus time to analyse and commit.
    var pollBudget: TimeInterval = 360
    private(set) var loopDue: Date?
    private(set) var inFlight: [FeedID: Date] = [:]

    init(pollTimeout: TimeInterval = 60, grace: TimeInterval = 60) {
        self.grace = grace
        pollBudget = pollTimeout + 300
    }

    /// The loop ran and will run again by `nextTurn`.
    mutating func loopTurned(nextTurn: Date) { loopDue = nextTurn }
    mutating func pollStarted(_ feed: FeedID, at: Date) { inFlight[feed] = at }
    mutating func pollFinished(_ feed: FeedID) { inFlight[feed] = nil }

    /// Nil when healthy, else why not.
    func problem(now: Date) -> String? {
        guard let loopDue else { return "the scheduler has not started" }
        if now > loopDue.addingTimeInterval(grace) {
            return "the scheduler loop is \(Int(now.timeIntervalSince(loopDue)))s overdue"
        }
        if let (feed, since) = inFlight.min(by: { $0.value < $1.value }), now.timeIntervalSince(since) > pollBudget {
            return "the poll of feed '\(feed)' has run for \(Int(now.timeIntervalSince(since)))s"
        }
        return nil
    }
}
