import Foundation
import Synchronization
import WirewatchCore

/// What the running pipeline reports about itself, read by the watchdog,
/// the status line, /healthz and /metrics.
final class PipelineMonitor: Sendable {
    struct Snapshot: Sendable {
        var health = PipelineHealth()
        /// Set through `replaceSchedules` and `setSchedule`, which keep `brokenFeeds` with them.
        private(set) var schedules: [FeedID: FeedSchedule] = [:]
        /// The feeds whose schedule says broken, kept as schedules change: the status line is
        /// made after every poll, and counting them there was a pass over every feed each time.
        private(set) var brokenFeeds: Set<FeedID> = []
        /// The feeds whose last poll failed and that are not broken yet (`poll.broken_after` may be
        /// hours of failures away): kept as `brokenFeeds` is, for /metrics.
        private(set) var failingFeeds: Set<FeedID> = []
        var articlesSinceStart = 0
        var alertsSinceStart = 0
        var pollsSinceStart = 0
        /// Feeds whose document was read with repairs, with the message (see `note(_:)`).
        var salvaged: [FeedID: String] = [:]

        mutating func replaceSchedules(_ all: [FeedID: FeedSchedule]) {
            schedules = all
            brokenFeeds = Set(all.values.lazy.filter(\.isBroken).map(\.feed))
            failingFeeds = Set(all.values.lazy.filter(\.isFailing).map(\.feed))
        }

        mutating func setSchedule(_ schedule: FeedSchedule) {
            schedules[schedule.feed] = schedule
            if schedule.isBroken { brokenFeeds.insert(schedule.feed) } else { brokenFeeds.remove(schedule.feed) }
            if schedule.isFailing { failingFeeds.insert(schedule.feed) } else { failingFeeds.remove(schedule.feed) }
        }
    }

    private let state: Mutex<Snapshot>

    /// `started`: when the daemon started (`PipelineHealth.started`).
    init(started: Date? = nil) {
        var snapshot = Snapshot()
        snapshot.health = PipelineHealth(started: started)
        state = Mutex(snapshot)
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0) } }

    func problem(now: Date) -> String? { state.withLock { $0.health.problem(now: now) } }

    /// One line for systemd's STATUS=: feeds, broken feeds, what happened since start.
    func statusLine(feeds: Int, pendingDeliveries: Int?) -> String {
        let s = snapshot
        let broken = s.brokenFeeds.count
        var line = "\(feeds) feeds"
        let salvaged = s.salvagedFeeds.count
        if broken > 0 || salvaged > 0 {
            line += " (" + [broken > 0 ? "\(broken) broken" : nil, salvaged > 0 ? "\(salvaged) salvaged" : nil]
                .compactMap { $0 }.joined(separator: ", ") + ")"
        }
        line += ", \(s.articlesSinceStart) new articles and \(s.alertsSinceStart) alerts since start"
        if let pendingDeliveries { line += ", \(pendingDeliveries) deliveries pending" }
        return line
    }
}
