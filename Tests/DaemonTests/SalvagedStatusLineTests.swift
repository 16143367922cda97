import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// systemd's STATUS= line counts salvaged feeds beside broken ones; a broken feed is counted once, as broken.
@Suite struct SalvagedStatusLineTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_403_200)

    static func report(_ feed: String, salvage: String?) -> FeedPoll.Report {
        FeedPoll.Report(feed: FeedID(feed), outcome: .fetched(FeedSignals()), label: salvage == nil ? "ok" : "salvaged", salvage: salvage)
    }

    @Test func salvagedFeedsAreCountedUntilTheyReadCleanly() {
        let monitor = PipelineMonitor()
        monitor.update { s in
            for id in ["a", "b", "c"] { s.setSchedule(FeedSchedule(feed: FeedID(id), configuredURL: "http://x/\(id)", nextPoll: Self.t0)) }
            var broken = s.schedules[FeedID("c")]!
            broken.brokenSince = Self.t0
            s.setSchedule(broken)
        }
        #expect(monitor.statusLine(feeds: 3, pendingDeliveries: nil) == "3 feeds (1 broken), 0 new articles and 0 alerts since start")
        monitor.note(Self.report("a", salvage: "4 NUL bytes dropped (first at byte 155)"))
        monitor.note(Self.report("c", salvage: "4 NUL bytes dropped (first at byte 155)"))
        #expect(monitor.statusLine(feeds: 3, pendingDeliveries: nil) == "3 feeds (1 broken, 1 salvaged), 0 new articles and 0 alerts since start")
        monitor.note(Self.report("a", salvage: nil))
        #expect(monitor.snapshot.salvagedFeeds.isEmpty)
        // A feed salvaged before a restart, as the store remembers it.
        monitor.seedSalvaged([FeedState(feed: FeedID("b"), url: "http://x/b", lastOutcome: "salvaged", lastError: "1 word … cut")])
        #expect(monitor.snapshot.salvagedFeeds == [FeedID("b")])
    }

    /// The broken count is kept as schedules change (the line is made after every poll; a pass over
    /// 20,000 schedules each time was quadratic in a cycle): a feed that recovers leaves it, a reload recounts.
    @Test func theBrokenCountFollowsEachScheduleAndAReload() {
        let monitor = PipelineMonitor()
        var a = FeedSchedule(feed: FeedID("a"), configuredURL: "http://x/a", nextPoll: Self.t0)
        a.brokenSince = Self.t0
        monitor.update { $0.setSchedule(a) }
        #expect(monitor.snapshot.brokenFeeds == [FeedID("a")])
        a.brokenSince = nil
        monitor.update { $0.setSchedule(a) }
        #expect(monitor.snapshot.brokenFeeds.isEmpty)
        var b = FeedSchedule(feed: FeedID("b"), configuredURL: "http://x/b", nextPoll: Self.t0)
        b.brokenSince = Self.t0
        monitor.update { $0.replaceSchedules([FeedID("a"): a, FeedID("b"): b]) }
        #expect(monitor.statusLine(feeds: 2, pendingDeliveries: 0) == "2 feeds (1 broken), 0 new articles and 0 alerts since start, 0 deliveries pending")
        monitor.update { $0.replaceSchedules([FeedID("a"): a]) }
        #expect(monitor.snapshot.brokenFeeds.isEmpty)
    }
}
