import Foundation
import Store
import Testing
import WirewatchCore

/// `FeedScheduleStore.advance`, the same on both stores: a start's or reload's re-plan moves a stored next poll
/// earlier, never later, and only while the stored schedule is the one it was counted from.
@Suite struct PollAdvanceContractTests {
    let t0 = StoreUnderTest.t0

    func schedule(_ feed: String, next: Date, lastSuccess: Date?) -> FeedSchedule {
        FeedSchedule(feed: FeedID(feed), configuredURL: "http://\(feed)", nextPoll: next, lastSuccess: lastSuccess)
    }

    func nextPolls(_ s: StoreUnderTest) throws -> [String: Date] {
        Dictionary(uniqueKeysWithValues: try s.store.feedSchedules().map { ($0.key.rawValue, $0.value.nextPoll) })
    }

    @Test(arguments: Backend.allCases) func aReplanMovesAStoredNextPollEarlierOnly(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        // Times as a daemon holds them, finer than either store keeps.
        let polled = t0.addingTimeInterval(0.000_123_4)
        for feed in ["soon", "later", "never", "other"] {
            try s.store.save(schedule(feed, next: s.hours(1).addingTimeInterval(0.000_567_8), lastSuccess: feed == "never" ? nil : polled))
        }
        let planned = s.hours(1).addingTimeInterval(0.000_567_8)
        try s.store.advance([
            PollAdvance(feed: FeedID("soon"), from: planned, to: s.hours(0.5), basis: polled),
            // Later than stored: never moved back.
            PollAdvance(feed: FeedID("later"), from: planned, to: s.hours(2), basis: polled),
            PollAdvance(feed: FeedID("never"), from: planned, to: s.hours(0.25), basis: nil),
            // No row: nothing written.
            PollAdvance(feed: FeedID("unknown"), from: planned, to: s.hours(0.25), basis: nil),
        ])
        let next = try nextPolls(s)
        #expect(abs(next["soon"]!.timeIntervalSince(s.hours(0.5))) < 0.002)
        #expect(abs(next["later"]!.timeIntervalSince(planned)) < 0.002)
        #expect(abs(next["never"]!.timeIntervalSince(s.hours(0.25))) < 0.002)
        #expect(abs(next["other"]!.timeIntervalSince(planned)) < 0.002)
        #expect(next["unknown"] == nil)
    }

    /// On a shared store another daemon polled the feed since this one last saw it: its schedule stands, whether
    /// it saved a new next poll or the one this daemon copied from a refused claim (the same time, another last poll).
    @Test(arguments: Backend.allCases) func aScheduleAnotherDaemonSavedSinceStays(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let mine = t0, theirs = s.hours(4)
        try s.store.save(schedule("moved", next: s.hours(5), lastSuccess: theirs))
        try s.store.save(schedule("copied", next: s.hours(5), lastSuccess: theirs))
        try s.store.advance([
            // Planned from this daemon's own poll at t0, to a next poll an hour later.
            PollAdvance(feed: FeedID("moved"), from: s.hours(1), to: s.hours(1.1), basis: mine),
            PollAdvance(feed: FeedID("copied"), from: s.hours(5), to: s.hours(1.1), basis: mine),
        ])
        let next = try nextPolls(s)
        #expect(abs(next["moved"]!.timeIntervalSince(s.hours(5))) < 0.002)
        #expect(abs(next["copied"]!.timeIntervalSince(s.hours(5))) < 0.002)
        // Counted from the feed's last poll as stored, it is taken.
        try s.store.advance([PollAdvance(feed: FeedID("copied"), from: s.hours(5), to: s.hours(4.5), basis: theirs)])
        #expect(abs(try nextPolls(s)["copied"]!.timeIntervalSince(s.hours(4.5))) < 0.002)
    }
}
