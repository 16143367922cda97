import Foundation
import HeapModule
import WirewatchCore

/// The feeds waiting for their next poll, earliest first, so that a turn of the
/// scheduler looks only at the feeds it starts and at the one it waits for, not
/// at every configured feed: with 20,000 feeds a turn comes after nearly every
/// poll, and a scan and sort of all of them at each was quadratic in a cycle.
///
/// Entries are never updated in place. A feed's entry carries the `nextPoll` it
/// was queued for; one whose feed has since been planned again, removed or started
/// is dropped when it comes up. A feed held by its host (Retry-After) comes up at
/// its own time and is queued again at the hold's end.
struct PollQueue {
    private struct Entry: Comparable {
        /// When the feed may start: its next poll, or its host's hold if later.
        var due: Date
        /// Ties go in config order, as a list of feeds due at once is started.
        var order: Int
        var feed: FeedID
        /// The schedule's `nextPoll` this entry was queued for.
        var nextPoll: Date

        static func < (a: Entry, b: Entry) -> Bool { (a.due, a.order) < (b.due, b.order) }
        static func == (a: Entry, b: Entry) -> Bool { a.due == b.due && a.order == b.order }
    }

    /// What the queue reads of the scheduler's state about one feed.
    struct Lookup {
        /// The feed's schedule; nil when it is no longer configured.
        var schedule: (FeedID) -> FeedSchedule?
        /// When the feed may start (its next poll, or its host's hold).
        var effectiveNext: (FeedSchedule) -> Date
        var inFlight: (FeedID) -> Bool
    }

    private var heap = Heap<Entry>()
    /// Entries taken out or looked at, since the queue was made; tests count the work of a turn with it.
    private(set) var examined = 0

    var count: Int { heap.count }

    /// Queues `feed` for `schedule.nextPoll` (or later, `due`, when its host holds it).
    mutating func add(_ feed: FeedID, order: Int, schedule: FeedSchedule, due: Date) {
        heap.insert(Entry(due: due, order: order, feed: feed, nextPoll: schedule.nextPoll))
    }

    /// The feeds due at `now`, earliest first, at most `limit`; they leave the queue.
    mutating func takeDue(now: Date, limit: Int, _ lookup: Lookup) -> [FeedID] {
        var due: [FeedID] = []
        while due.count < limit, let top = settledTop(lookup), top.due <= now {
            due.append(heap.removeMin().feed)
        }
        return due
    }

    /// When the earliest queued feed may start; nil when none waits.
    mutating func earliest(_ lookup: Lookup) -> Date? { settledTop(lookup)?.due }

    /// Drops stale entries from the top and moves a held one to its hold's end, until the top is current.
    private mutating func settledTop(_ lookup: Lookup) -> Entry? {
        while let top = heap.min {
            examined += 1
            guard let schedule = lookup.schedule(top.feed), schedule.nextPoll == top.nextPoll, !lookup.inFlight(top.feed) else {
                heap.removeMin()
                continue
            }
            let due = lookup.effectiveNext(schedule)
            if due > top.due {
                var held = heap.removeMin()
                held.due = due
                heap.insert(held)
                continue
            }
            return top
        }
        return nil
    }
}
