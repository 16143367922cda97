import Foundation
@testable import PostgresStore
import Store
import TestSupport
import Testing
import WirewatchCore

/// Two daemons (two stores, two owners) on one database: a feed is polled by one of them at a time,
/// and only when the schedule either of them saved is due.
@Suite struct FeedLeaseTests {
    let t0 = StoreUnderTest.t0
    let feed = FeedID("f")

    func twoDaemons() throws -> (PostgresStore, PostgresStore) {
        let url = try PostgresServer.shared().makeDatabase("leases")
        return (try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger),
                try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger))
    }

    @Test func aLeaseIsExclusiveUntilReleased() throws {
        let (a, b) = try twoDaemons()
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0) == .claimed(shared: nil))
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0.addingTimeInterval(1))
                == .notNow(askAgainAt: t0.addingTimeInterval(60)))
        // The holder may claim again (a poll retried); releasing by the other daemon changes nothing.
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(90), now: t0.addingTimeInterval(2)) == .claimed(shared: nil))
        try b.releaseFeed(feed)
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0.addingTimeInterval(3))
                == .notNow(askAgainAt: t0.addingTimeInterval(90)))
        try a.releaseFeed(feed)
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0.addingTimeInterval(4)) == .claimed(shared: nil))
        // Another feed is another lease.
        #expect(try a.claimFeed(FeedID("g"), until: t0.addingTimeInterval(60), now: t0.addingTimeInterval(4)) == .claimed(shared: nil))
    }

    @Test func aFeedTheOtherDaemonScheduledLaterIsNotDue() throws {
        let (a, b) = try twoDaemons()
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0) == .claimed(shared: nil))
        let polled = FeedSchedule(feed: feed, configuredURL: "http://f", interval: 600, nextPoll: t0.addingTimeInterval(600),
                                  lastSuccess: t0)
        try a.save(polled)
        try a.releaseFeed(feed)
        // b's own plan said now; the shared schedule says in ten minutes.
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(70), now: t0.addingTimeInterval(10))
                == .notNow(askAgainAt: t0.addingTimeInterval(600)))
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(660), now: t0.addingTimeInterval(600)) == .claimed(shared: polled))
        #expect(try b.feedSchedules()[feed] == polled)
        // A server's Retry-After (notBefore) holds the feed for every daemon.
        var held = polled
        held.nextPoll = t0.addingTimeInterval(1200); held.notBefore = t0.addingTimeInterval(1800)
        try b.save(held)
        try b.releaseFeed(feed)
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(1300), now: t0.addingTimeInterval(1200))
                == .notNow(askAgainAt: t0.addingTimeInterval(1800)))
    }

    @Test func anExpiredLeaseIsClaimable() throws {
        let (a, b) = try twoDaemons()
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0) == .claimed(shared: nil))
        // a died holding it: nobody releases.
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(120), now: t0.addingTimeInterval(59))
                == .notNow(askAgainAt: t0.addingTimeInterval(60)))
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(120), now: t0.addingTimeInterval(60)) == .claimed(shared: nil))
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(180), now: t0.addingTimeInterval(61))
                == .notNow(askAgainAt: t0.addingTimeInterval(120)))
    }

    /// While another daemon's transaction holds the lease row (claiming it this instant), a claim
    /// does not wait for it: SKIP LOCKED passes the row over, and the answer is to ask again shortly.
    /// (Without SKIP LOCKED the claim would wait for a transaction that waits for it: the time limit fails it.
    /// The limit also counts the private server's start when this test is the first to ask, tens of seconds at load 18.)
    @Test(.timeLimit(.minutes(3))) func aFeedBeingClaimedThisInstantIsAskedAgainSoon() throws {
        let (a, b) = try twoDaemons()
        #expect(try a.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0) == .claimed(shared: nil))
        try a.releaseFeed(feed)
        let answer = try a.connections.transaction { s in
            try s.run("SELECT feed FROM feed_lease WHERE feed = \(feed.rawValue) FOR UPDATE")
            return try b.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0)
        }
        #expect(answer == .notNow(askAgainAt: t0.addingTimeInterval(PostgresStore.busyRetry)))
        #expect(try b.claimFeed(feed, until: t0.addingTimeInterval(60), now: t0) == .claimed(shared: nil))
    }
}
