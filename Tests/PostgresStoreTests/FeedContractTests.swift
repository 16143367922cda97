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
        let state = FeedState(feed: FeedID("f"), url: "http://moved", etag: "\"1\"", lastModified: "Mon, 30 Nov 2026 07:00:00 GMT",
                              lastFetch: s.hours(1), lastOutcome: "ok", lastError: nil, errorStreak: 2, nextPoll: s.hours(2))
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
        #expect(try (s.store.seenEntries(feed: feed, keys: ["k"]).mapValues(\.hashesAndEdits)) == ["k": SeenEntry(contentHash: "h1", edits: 0, rawHash: "r1")])
        var edited = article
        edited.title = "Second"
        try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"),
                                        items: [.init(article: edited, alerts: [], contentHash: "h2", edit: 1, rawHash: "r2")],
                                        rehashed: [EntryRehash(key: "old", contentHash: "h9", edited: true, rawHash: nil)]),
                           now: s.hours(1))
        #expect(try (s.store.seenEntries(feed: feed, keys: ["k", "old"]).mapValues(\.hashesAndEdits)) == ["k": SeenEntry(contentHash: "h2", edits: 1, rawHash: "r2")])
        let state = try #require(try s.store.feedState(feed))
        #expect([state.articlesSeen, state.entriesEdited, state.editsNotJudged] as [Int] == [1, 2, 1])
        #expect(try (s.store.seenEntries(feed: feed, keys: []).mapValues(\.hashesAndEdits)).isEmpty)
        #expect(try s.store.seenEntries(feed: FeedID("other"), keys: ["k"]).isEmpty)
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
}

extension SeenEntry {
    /// What the store kept of the entry's content and edits, without when it was last judged (a time the test does not set).
    fileprivate var hashesAndEdits: SeenEntry { SeenEntry(contentHash: contentHash, edits: edits, rawHash: rawHash) }
}
