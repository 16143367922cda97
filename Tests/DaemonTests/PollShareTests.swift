import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// Which daemon prefers which feed (rendezvous hashing over the live daemons), how the share moves when
/// one joins or leaves, and when a daemon takes a feed another prefers.
@Suite struct PollShareTests {
    static let feeds = (0..<40).map { FeedID("f\($0)") }
    static let eastsFeeds: Set<FeedID> = Set([5, 6, 8, 10, 12, 13, 16, 17, 18, 19, 21, 23, 25, 26, 27, 31, 33, 34, 35, 37].map { FeedID("f\($0)") })

    @Test func theWeightIsTheSameInEveryProcessAndBuild() {
        // Pinned: a per-process seeded hash (Swift's Hasher) would give another value each run, and two
        // daemons would disagree about who prefers what.
        #expect(PollShare.weight(FeedID("f0"), "east") == 0x51fb_bee0_e439_0291)
        #expect(PollShare.weight(FeedID("f0"), "east") != PollShare.weight(FeedID("f0"), "west"))
        #expect(PollShare.weight(FeedID("f0"), "east") != PollShare.weight(FeedID("f1"), "east"))
    }

    @Test func twoDaemonsAgreeWhichOfThemEachFeedPrefers() {
        let east = PollShare(me: "east", live: ["west", "east"])
        let west = PollShare(me: "west", live: ["east"])  // a live set without itself still counts itself
        #expect(east.live == ["east", "west"] && west.live == ["east", "west"])
        for feed in Self.feeds {
            #expect(east.preferred(feed) == west.preferred(feed))
            #expect(east.prefers(feed) != west.prefers(feed), "\(feed): exactly one of them")
        }
        #expect(Set(Self.feeds.filter(east.prefers)) == Self.eastsFeeds)
        #expect(east.preferredCount(Self.feeds) == 20 && west.preferredCount(Self.feeds) == 20)
    }

    @Test func aDaemonAloneOrUnawareOfOthersPrefersEveryFeed() {
        let alone = PollShare(me: "east", live: [])
        #expect(alone.live == ["east"])
        #expect(Self.feeds.allSatisfy(alone.prefers))
        #expect(alone.preferredCount(Self.feeds) == 40)
    }

    @Test func aDaemonThatJoinsTakesOnlyFeedsFromTheOthers() {
        let two = PollShare(me: "east", live: ["east", "west"])
        let three = PollShare(me: "east", live: ["east", "west", "north"])
        let moved = Self.feeds.filter { two.preferred($0) != three.preferred($0) }
        // Every feed that moved went to the newcomer; none moved between the two that were there.
        #expect(moved.allSatisfy { three.preferred($0) == "north" })
        #expect(moved.count == 13)
    }

    @Test func aDaemonThatLeavesHandsOnlyItsFeedsEachToTheNextHighestWeight() {
        let three = PollShare(me: "north", live: ["east", "west", "north"])
        let eastGone = PollShare(me: "north", live: ["west", "north"])
        let moved = Self.feeds.filter { three.preferred($0) != eastGone.preferred($0) }
        // Only East's feeds moved, all of them, and each to whichever of West and North weighs more for it.
        #expect(Set(moved) == Set(Self.feeds.filter { three.preferred($0) == "east" }))
        #expect(!moved.isEmpty)
        for feed in moved {
            let next = PollShare.weight(feed, "west") > PollShare.weight(feed, "north") ? "west" : "north"
            #expect(eastGone.preferred(feed) == next, "\(feed)")
        }
        #expect(Set(moved.map(eastGone.preferred)) == ["west", "north"], "East's feeds are spread, not handed to one")
    }

    @Test func aThousandFeedsSplitNearlyEvenlyAndAFifthDaemonMovesAFifth() {
        let feeds = (0..<1000).map { FeedID("f\($0)") }
        let four = ["a", "b", "c", "d"], five = four + ["e"]
        let counts = four.map { me in PollShare(me: me, live: four).preferredCount(feeds) }
        #expect(counts.reduce(0, +) == 1000)
        #expect(counts.allSatisfy { (200...300).contains($0) }, "\(counts)")
        let before = PollShare(me: "a", live: four), after = PollShare(me: "a", live: five)
        let moved = feeds.filter { before.preferred($0) != after.preferred($0) }
        #expect(moved.allSatisfy { after.preferred($0) == "e" })
        #expect((150...250).contains(moved.count), "\(moved.count)")
    }

    @Test func theGraceIsAQuarterOfTheIntervalAndAtMostAMinute() {
        #expect(PollShare.grace(interval: 3) == 0.75)
        #expect(PollShare.grace(interval: 60) == 15)
        #expect(PollShare.grace(interval: 240) == 60)
        #expect(PollShare.grace(interval: 3600) == 60)
    }

    @Test func thePreferredDaemonClaimsWhenDueAndAnotherOnlyAfterTheGrace() {
        let clock = ManualClock()
        let due = clock.now()
        let feed = Self.eastsFeeds.first!
        let east = PollShare(me: "east", live: ["east", "west"]), west = PollShare(me: "west", live: ["east", "west"])
        #expect(east.turn(feed, due: due, interval: 60, now: clock.now()) == .claim)
        #expect(west.turn(feed, due: due, interval: 60, now: clock.now()) == .wait(until: due.addingTimeInterval(15)))
        clock.advance(by: 14)
        #expect(west.turn(feed, due: due, interval: 60, now: clock.now()) == .wait(until: due.addingTimeInterval(15)))
        // East is dead, or slow: fifteen seconds after the feed fell due, West takes it.
        clock.advance(by: 1)
        #expect(west.turn(feed, due: due, interval: 60, now: clock.now()) == .claim)
        // An hourly feed waits a minute at most.
        #expect(west.turn(feed, due: due, interval: 3600, now: due) == .wait(until: due.addingTimeInterval(60)))
    }

    /// A preferred daemon whose last poll of the feed failed leaves the next one open to any daemon: with a
    /// broken egress it would otherwise fail the same feeds every interval while a healthy daemon idles.
    @Test func aFeedFailingOnItsPreferredDaemonIsOpenToAnyAfterTheGrace() {
        let due = ManualClock().now()
        let feed = Self.eastsFeeds.first!
        let east = PollShare(me: "east", live: ["east", "west"]), west = PollShare(me: "west", live: ["east", "west"])
        #expect(east.turn(feed, due: due, interval: 60, now: due, failing: true) == .wait(until: due.addingTimeInterval(15)))
        #expect(east.turn(feed, due: due, interval: 60, now: due.addingTimeInterval(15), failing: true) == .claim)
        #expect(west.turn(feed, due: due, interval: 60, now: due.addingTimeInterval(15)) == .claim)
        // Alone, a failing daemon polls at once: there is nobody to leave it to.
        #expect(PollShare(me: "east", live: []).turn(feed, due: due, interval: 60, now: due, failing: true) == .claim)
    }

    @Test func aDaemonNobodyKnowsYetClaimsItsFeedsAndSoDoTheOthers() {
        // North has just started: it knows East, East has not heard of it yet.
        let north = PollShare(me: "north", live: ["east", "north"]), east = PollShare(me: "east", live: ["east"])
        let due = ManualClock().now()
        let northsFeed = Self.feeds.first { north.prefers($0) }!
        // Both ask for the lease when it falls due; the lease decides, as without sharing.
        #expect(north.turn(northsFeed, due: due, interval: 60, now: due) == .claim)
        #expect(east.turn(northsFeed, due: due, interval: 60, now: due) == .claim)
        // Once East hears of North, it leaves North that feed for the grace.
        let told = PollShare(me: "east", live: ["east", "north"])
        #expect(told.turn(northsFeed, due: due, interval: 60, now: due) == .wait(until: due.addingTimeInterval(15)))
    }

    @Test func theLiveSetSaysWhoJoinedAndWhoLeft() {
        let live = LiveDaemons(me: "east")
        #expect(live.heard(["east"]) == nil, "alone, as it started")
        let joined = live.heard(["east", "west", "north"])
        #expect(joined?.joined == ["north", "west"] && joined?.left == [])
        #expect(live.heard(["north", "east", "west"]) == nil, "the same set, in another order")
        let left = live.heard(["east", "north"])
        #expect(left?.joined == [] && left?.left == ["west"])
        #expect(live.share.live == ["east", "north"])
        // A roll call that did not list this daemon (its own row was just written; a race in the store) still counts it.
        #expect(live.heard(["north"]) == nil)
    }
}
