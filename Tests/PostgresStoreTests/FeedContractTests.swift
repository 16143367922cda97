import Foundation
import Store
import Testing
import WirewatchCore

/// Feed states, seen entries and their edits, schedules and host holds, the same on both stores.
@Suite struct FeedContractTests {
    let t0 = StoreUnderTest.t0

    @Test(arguments: Backend.allCases) func feedStatesAreSavedWithoutResettingTheirCounts(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        #expect(try s.store.feedState(FeedID("f")) == nil)
        try s.poll("f", fresh: ["a", "b"], at: t0)
        var state = FeedState(feed: FeedID("f"), url: "http://moved", etag: "\"1\"", lastModified: "Mon, 30 Nov 2026 07:00:00 GMT",
                              lastFetch: s.hours(1), lastOutcome: "ok", lastError: nil, errorStreak: 2, nextPoll: s.hours(2),
                              unjudgedSince: s.hours(0.5))
        try s.store.save(state)
        #expect(try s.store.feedState(FeedID("f"))?.unjudgedSince == s.hours(0.5))
        state.unjudgedSince = nil
        try s.store.save(state)
        try s.store.save(FeedState(feed: FeedID("b"), url: "http://b", lastOutcome: "timeout", lastError: "took too long"))
        var expected = state
        expected.articlesSeen = 2
        #expect(try s.store.feedState(FeedID("f")) == expected)
        #expect(try s.store.allFeedStates().map(\.feed.rawValue) == ["b", "f"])
        #expect(try s.store.allFeedStates().first?.lastError == "took too long")
    }

    @Test(arguments: Backend.allCases) func anEditKeepsItsSeenRowAndIsCounted(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let feed = FeedID("f")
        let article = Article(key: "k", feed: feed, title: "First")
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"),
                                        items: [.init(article: article, alerts: [], contentHash: "h1", rawHash: "r1")]), now: t0)
        #expect(try s.store.seenEntries(feed: feed, keys: ["k"]) == ["k": SeenEntry(contentHash: "h1", edits: 0, rawHash: "r1", judgedAt: t0)])
        var edited = article
        edited.title = "Second"
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"),
                                        items: [.init(article: edited, alerts: [], contentHash: "h2", edit: 1, rawHash: "r2")],
                                        rehashed: [EntryRehash(key: "old", contentHash: "h9", edited: true, rawHash: nil)]),
                           now: s.hours(1))
        #expect(try s.store.seenEntries(feed: feed, keys: ["k", "old"]) == ["k": SeenEntry(contentHash: "h2", edits: 1, rawHash: "r2", judgedAt: s.hours(1))])
        let state = try #require(try s.store.feedState(feed))
        #expect([state.articlesSeen, state.entriesEdited, state.editsNotJudged] as [Int] == [1, 2, 1])
        #expect(try s.store.seenEntries(feed: feed, keys: []).isEmpty)
        #expect(try s.store.seenEntries(feed: FeedID("other"), keys: ["k"]).isEmpty)

        // An edit past the limit: stored unjudged, its last judgement kept; a markup-only rehash keeps it unjudged.
        try s.store.commit(ArticleBatch(state: state, items: [], rehashed: [EntryRehash(key: "k", contentHash: "h3", edited: true, rawHash: "r3")]),
                           now: s.hours(2))
        try s.store.commit(ArticleBatch(state: state, items: [], rehashed: [EntryRehash(key: "k", contentHash: "h3", edited: false, rawHash: "r4")]),
                           now: s.hours(3))
        #expect(try s.store.seenEntries(feed: feed, keys: ["k"])
                    == ["k": SeenEntry(contentHash: "h3", edits: 1, rawHash: "r4", judgedAt: s.hours(1), unjudged: true)])
        // Judged late: no longer unjudged, judged now.
        try s.store.commit(ArticleBatch(state: state, items: [.init(article: edited, alerts: [], contentHash: "h3", edit: 2, rawHash: "r4")]),
                           now: s.hours(4))
        #expect(try s.store.seenEntries(feed: feed, keys: ["k"]) == ["k": SeenEntry(contentHash: "h3", edits: 2, rawHash: "r4", judgedAt: s.hours(4))])
    }

    /// An entry of a first listing under `backlog: skip` is kept as such; an edit of one elsewhere does not make it one.
    @Test(arguments: Backend.allCases) func aBacklogEntryIsMarked(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let feed = FeedID("f")
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"), items: [
            .init(article: Article(key: "old", feed: feed, title: "Old"), alerts: [], contentHash: "h1", rawHash: "r1", backlog: true),
            .init(article: Article(key: "new", feed: feed, title: "New"), alerts: [], contentHash: "h2", rawHash: "r2"),
        ]), now: t0)
        #expect(try s.store.seenEntries(feed: feed, keys: ["old", "new"]) == [
            "old": SeenEntry(contentHash: "h1", rawHash: "r1", judgedAt: t0, backlog: true),
            "new": SeenEntry(contentHash: "h2", rawHash: "r2", judgedAt: t0),
        ])
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"), items: [], rehashed: [
            EntryRehash(key: "old", contentHash: "h3", edited: false, rawHash: "r3"),
        ]), now: s.hours(1))
        #expect(try s.store.seenEntries(feed: feed, keys: ["old"]) == ["old": SeenEntry(contentHash: "h3", rawHash: "r3", judgedAt: t0, backlog: true)])
    }

    @Test(arguments: Backend.allCases) func seenKeysAreFoundByRawHashAmongTheEntriesSeenSince(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let feed = FeedID("f")
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"), items: [
            .init(article: Article(key: "a", feed: feed, title: "A"), alerts: [], contentHash: "h1", rawHash: "r1"),
            .init(article: Article(key: "b", feed: feed, title: "B"), alerts: [], contentHash: "h2", rawHash: "r2"),
        ]), now: t0)
        #expect(try s.store.seenKeys(feed: feed, rawHashes: ["r1", "r2", "r3"], since: t0) == ["r1": "a", "r2": "b"])
        // Seen before `since`, or by another feed: not found.
        #expect(try s.store.seenKeys(feed: feed, rawHashes: ["r1"], since: s.hours(1)).isEmpty)
        #expect(try s.store.seenKeys(feed: FeedID("other"), rawHashes: ["r1"], since: t0).isEmpty)
        #expect(try s.store.seenKeys(feed: feed, rawHashes: [], since: t0).isEmpty)
    }

    @Test(arguments: Backend.allCases) func schedulesAndHostHoldsComeBackAsSaved(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let schedule = FeedSchedule(feed: FeedID("f"), configuredURL: "http://f", url: "http://moved", interval: 900,
                                    nextPoll: s.hours(1), notBefore: s.hours(0.5), errorStreak: 3, brokenSince: t0, lastSuccess: nil)
        try s.store.save(schedule)
        #expect(try s.store.feedSchedules() == [FeedID("f"): schedule])
        var later = schedule
        later.nextPoll = s.hours(2); later.interval = nil; later.brokenSince = nil; later.lastSuccess = s.hours(1)
        try s.store.save(later)
        #expect(try s.store.feedSchedules() == [FeedID("f"): later])
        // A feed polled but never scheduled: its state stands in.
        try s.store.save(FeedState(feed: FeedID("g"), url: "http://g", lastFetch: t0, lastOutcome: "ok"))
        #expect(try s.store.feedSchedules()[FeedID("g")] == FeedSchedule(feed: FeedID("g"), configuredURL: "http://g", nextPoll: t0,
                                                                          lastSuccess: t0))

        try s.store.save(HostHold(host: "b.test", until: s.hours(3)))
        try s.store.save(HostHold(host: "a.test", until: s.hours(1)))
        try s.store.save(HostHold(host: "a.test", until: s.hours(2)))
        #expect(try s.store.hostHolds(now: s.hours(1.5)) == [HostHold(host: "a.test", until: s.hours(2)), HostHold(host: "b.test", until: s.hours(3))])
        #expect(try s.store.hostHolds(now: s.hours(2.5)).map(\.host) == ["b.test"])
    }

    /// What put the next poll beyond the interval comes back as saved, each kind of it, and is cleared as a
    /// failed poll's plan clears it (review of schedule, finding 6).
    @Test(arguments: Backend.allCases) func aScheduleKeepsItsServerHint(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        var schedule = FeedSchedule(feed: FeedID("f"), configuredURL: "http://f", interval: 900, nextPoll: s.hours(1), lastSuccess: t0)
        for hint in [ServerHint(kind: .ttl, seconds: 3600), ServerHint(kind: .cache, seconds: 1800.5), ServerHint(kind: .skip, seconds: 7 * 3600)] {
            schedule.hint = hint
            try s.store.save(schedule)
            #expect(try s.store.feedSchedules()[FeedID("f")] == schedule)
            #expect(try s.store.feedSchedules()[FeedID("f")]?.hint == hint)
        }
        // A failed poll: backoff, no hint.
        schedule.hint = nil
        schedule.errorStreak = 1
        schedule.nextPoll = s.hours(2)
        try s.store.save(schedule)
        #expect(try s.store.feedSchedules()[FeedID("f")] == schedule)
        #expect(try s.store.feedSchedules()[FeedID("f")]?.hint == nil)
    }
}
