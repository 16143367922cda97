import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// The scheduler's queue of feeds by due time. A turn of the scheduler comes after
/// nearly every poll; it used to filter and sort every configured feed, so a cycle
/// over n feeds cost n² (at 20,000 feeds, 400 million looks at a feed a cycle).
/// The work of a turn is counted in entries looked at, never timed.
@Suite struct PollQueueTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// n feeds, feed i due at start + i seconds, and the lookups the scheduler gives the queue.
    struct Feeds {
        var schedules: [FeedID: FeedSchedule] = [:]
        var holds: [String: Date] = [:]
        var inFlight: Set<FeedID> = []
        var lookup: PollQueue.Lookup {
            let schedules = schedules, holds = holds, inFlight = inFlight
            return PollQueue.Lookup(
                schedule: { schedules[$0] },
                effectiveNext: { s in s.host.flatMap { holds[$0] }.map { max($0, s.nextPoll) } ?? s.nextPoll },
                inFlight: { inFlight.contains($0) })
        }
    }

    func feeds(_ n: Int, host: (Int) -> String = { "news\($0).test" }) -> (Feeds, PollQueue) {
        var feeds = Feeds()
        var queue = PollQueue()
        for i in 0..<n {
            let id = FeedID("f\(i)")
            let s = FeedSchedule(feed: id, configuredURL: "https://\(host(i))/\(i).xml", nextPoll: start.addingTimeInterval(Double(i)))
            feeds.schedules[id] = s
            queue.add(id, order: i, schedule: s, due: s.nextPoll)
        }
        return (feeds, queue)
    }

    @Test func aTurnLooksAtTheFeedsItStartsNotAtEveryFeed() {
        let n = 2_000
        var (feeds, queue) = feeds(n)
        // A whole cycle, one poll a turn as the scheduler runs at scale: take what is due, plan it an interval on.
        var now = start
        for _ in 0..<n {
            let before = queue.examined
            let due = queue.takeDue(now: now, limit: 64, feeds.lookup)
            #expect(due.count == 1)
            for id in due {
                var s = feeds.schedules[id]!
                s.nextPoll = s.nextPoll.addingTimeInterval(Double(n))
                feeds.schedules[id] = s
                queue.add(id, order: 0, schedule: s, due: s.nextPoll)
            }
            #expect(queue.earliest(feeds.lookup) == now.addingTimeInterval(1))
            // The feed started, the one after it (which stops the turn), and the earliest again: not n.
            #expect(queue.examined - before <= 3)
            now = now.addingTimeInterval(1)
        }
        #expect(queue.examined <= 3 * n)
        #expect(queue.count == n)
    }

    @Test func feedsDueAtOnceStartEarliestFirstThenInConfigOrder() {
        var (feeds, queue) = feeds(5)
        let all = queue.takeDue(now: start.addingTimeInterval(10), limit: 3, feeds.lookup)
        #expect(all == ["f0", "f1", "f2"].map { FeedID($0) })
        // Two feeds due at the same time go in config order.
        let tied = FeedSchedule(feed: FeedID("f9"), configuredURL: "https://a.test/9.xml", nextPoll: start)
        feeds.schedules[FeedID("f9")] = tied
        queue.add(FeedID("f9"), order: 9, schedule: tied, due: start)
        let s8 = FeedSchedule(feed: FeedID("f8"), configuredURL: "https://a.test/8.xml", nextPoll: start)
        feeds.schedules[FeedID("f8")] = s8
        queue.add(FeedID("f8"), order: 8, schedule: s8, due: start)
        #expect(queue.takeDue(now: start.addingTimeInterval(10), limit: 10, feeds.lookup) == ["f8", "f9", "f3", "f4"].map { FeedID($0) })
        #expect(queue.takeDue(now: start.addingTimeInterval(10), limit: 10, feeds.lookup).isEmpty)
    }

    @Test func replannedRemovedAndInFlightFeedsAreDroppedWhenTheyComeUp() {
        var (feeds, queue) = feeds(4)
        // f0 planned again (an earlier entry for it is stale), f1 removed from the config, f2 in flight.
        var s0 = feeds.schedules[FeedID("f0")]!
        s0.nextPoll = start.addingTimeInterval(100)
        feeds.schedules[FeedID("f0")] = s0
        queue.add(FeedID("f0"), order: 0, schedule: s0, due: s0.nextPoll)
        feeds.schedules[FeedID("f1")] = nil
        feeds.inFlight.insert(FeedID("f2"))
        #expect(queue.takeDue(now: start.addingTimeInterval(10), limit: 10, feeds.lookup) == [FeedID("f3")])
        #expect(queue.earliest(feeds.lookup) == start.addingTimeInterval(100))
        #expect(queue.takeDue(now: start.addingTimeInterval(100), limit: 10, feeds.lookup) == [FeedID("f0")])
        #expect(queue.count == 0)
    }

    @Test func aFeedHeldByItsHostComesUpAtTheHoldsEnd() {
        var (feeds, queue) = feeds(3, host: { $0 == 1 ? "busy.test" : "news\($0).test" })
        feeds.holds["busy.test"] = start.addingTimeInterval(50)
        #expect(queue.takeDue(now: start.addingTimeInterval(10), limit: 10, feeds.lookup) == ["f0", "f2"].map { FeedID($0) })
        #expect(queue.earliest(feeds.lookup) == start.addingTimeInterval(50))
        #expect(queue.takeDue(now: start.addingTimeInterval(50), limit: 10, feeds.lookup) == [FeedID("f1")])
    }
}
