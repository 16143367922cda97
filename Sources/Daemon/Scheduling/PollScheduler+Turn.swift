import Foundation
import WirewatchCore

extension PollScheduler {
    /// The loop's own state between turns.
    struct Turn {
        var schedules: [FeedID: FeedSchedule] = [:]
        var stored: [FeedID: FeedSchedule] = [:]
        /// The feeds configured when the stored schedules could not be read at start: none of them is taken as listed
        /// for the first time (`backlog: skip`). A feed a reload adds later is new to the config, and is.
        var historyUnknown: Set<FeedID> = []
        var holds: [String: Date] = [:]
        var known: [FeedConfig] = []
        var knownPolicy: DaemonConfig.PollDefaults?
        var inFlight: Set<FeedID> = []
        var drainDeadline: Date?
        /// Feeds not in flight, by when they are due: a turn looks at what it starts, not at every feed.
        var queue = PollQueue()
        /// Each configured feed's place in `known`, for ties in the queue and for finding a polled feed.
        var order: [FeedID: Int] = [:]

        /// When a feed may start: its next poll, or its host's hold if later.
        static func effectiveNext(_ s: FeedSchedule, holds: [String: Date]) -> Date {
            guard !holds.isEmpty, let host = s.host, let held = holds[host] else { return s.nextPoll }
            return max(s.nextPoll, held)
        }

        /// Queues a feed that is configured and not in flight at its next poll.
        mutating func enqueue(_ feed: FeedID) {
            guard let schedule = schedules[feed], let order = order[feed], !inFlight.contains(feed) else { return }
            queue.add(feed, order: order, schedule: schedule, due: Self.effectiveNext(schedule, holds: holds))
        }

        /// Queues a feed another daemon prefers at `until`, when this one takes it if still due (`PollShare`);
        /// its schedule is left as it is. A claim the store answers "not now" moves the schedule on, and the
        /// grace is counted again from there: a lease another daemon holds, a busy row or a store that did
        /// not answer delays the feed by that wait plus a grace (bounded; the lease decides who polls).
        mutating func leave(_ feed: FeedID, until: Date) {
            guard let schedule = schedules[feed], let order = order[feed], !inFlight.contains(feed) else { return }
            queue.add(feed, order: order, schedule: schedule, due: max(until, Self.effectiveNext(schedule, holds: holds)))
        }

        /// What the queue reads of this turn's state (a copy: the queue is mutated beside it).
        var lookup: PollQueue.Lookup {
            let schedules = schedules, holds = holds, inFlight = inFlight
            return PollQueue.Lookup(
                schedule: { schedules[$0] },
                effectiveNext: { Self.effectiveNext($0, holds: holds) },
                inFlight: { inFlight.contains($0) })
        }

        /// The configured feed `id` in `feeds` (the setup now, which a reload may have changed since `known`).
        func feed(_ id: FeedID, in feeds: [FeedConfig]) -> FeedConfig? {
            if let i = order[id], i < feeds.count, feeds[i].id == id { return feeds[i] }
            return feeds.first { $0.id == id }
        }
    }
}
