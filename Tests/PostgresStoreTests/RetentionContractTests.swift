import Foundation
import Store
import Testing
import WirewatchCore

/// The retention sweep, the same on both stores: what goes, what stays, and in how many batches.
@Suite struct RetentionContractTests {
    let t0 = StoreUnderTest.t0

    @Test(arguments: Backend.allCases) func articlesGoByAgeInBatches(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        try s.poll("f", fresh: (0..<25).map { "old\($0)" }, at: t0)
        try s.poll("f", fresh: ["new"], at: s.hours(5))
        let result = try s.sweep(PruneCutoffs(articles: s.hours(1)), batchSize: 10)
        #expect(result.deleted[.articles] == 25)
        #expect(result.batches == 3)  // 10 + 10 + 5: a short batch ends the table
        #expect(try s.store.recentArticles(since: .distantPast, limit: 100).map(\.article.key) == ["new"])
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["old0", "new"]).keys.sorted() == ["new", "old0"])
    }

    @Test(arguments: Backend.allCases) func deliveredAlertsGoWithTheirDeliveriesPendingAndDeadStay(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let ids = try s.poll("f", fresh: ["a", "b", "c", "d"], alerts: true, sinks: ["log", "hook"], at: t0)
        #expect(ids.count == 4)
        let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3])
        for sink in ["log", "hook"] { try s.store.markDelivered(alert: a, sink: sink, now: t0) }
        try s.store.markDelivered(alert: b, sink: "log", now: t0)
        try s.store.markDelivered(alert: c, sink: "log", now: t0)
        try s.store.markFailed(alert: c, sink: "hook", error: "410 Gone", retryAt: nil, now: t0)
        for sink in ["log", "hook"] { try s.store.markDelivered(alert: d, sink: sink, now: t0) }
        let late = try s.poll("f", fresh: ["e"], alerts: true, at: s.hours(10))
        try s.store.markDelivered(alert: late[0], sink: "log", now: s.hours(10))

        let result = try s.sweep(PruneCutoffs(alerts: s.hours(1)), batchSize: 2)
        #expect(result.deleted[.alerts] == 2)
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 1, delivered: 3, dead: 1))
        #expect(try s.store.deadLetters(limit: 10).map(\.alert) == [c])
        #expect(try s.store.dueDeliveries(sink: "hook", now: s.hours(10), limit: 10).map(\.record.id) == [b])
        try s.store.markDelivered(alert: b, sink: "hook", now: s.hours(11))
        #expect(try s.sweep(PruneCutoffs(alerts: s.hours(1))).deleted[.alerts] == 1)
    }

    @Test(arguments: Backend.allCases) func aSeenItemStaysWhileItsFeedListsIt(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        try s.poll("f", fresh: ["evergreen", "dropped"], at: t0)
        for h in 1...48 { try s.poll("f", fresh: ["n\(h)"], listed: ["evergreen"] + (1...h).map { "n\($0)" }, at: s.hours(Double(h))) }
        try s.sweep(PruneCutoffs(seen: s.hours(48 - 24), configuredFeeds: [FeedID("f")]))
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["evergreen", "dropped", "n1"]).keys.sorted() == ["evergreen", "n1"])
        // A feed gone from the config keeps nothing past the retention.
        try s.sweep(PruneCutoffs(seen: s.hours(24 * 29), configuredFeeds: []))
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["evergreen", "n1", "n48"]).isEmpty)
    }

    @Test(arguments: Backend.allCases) func storiesThrottlesAndHoldsGoByTheirOwnClocks(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let admission = StoryOnceAdmission()
        func alert(_ key: String, _ fingerprint: UInt64, at now: Date) throws -> [String] {
            try s.store.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"), items: [
                ArticleBatch.Item(article: Article(key: key, feed: FeedID("f"), title: key), alerts: [
                    OutboxAlert(record: StoreUnderTest.record("alert-\(key)"), sinks: ["log"],
                                claim: StoryClaim(fingerprint: fingerprint, per: "story", window: 0)),
                ]),
            ]), now: now, admission: admission)
        }
        #expect(try alert("old", 0x0001_0001_0001_0001, at: t0) == ["alert-old"])
        #expect(try alert("new", 0x0002_0002_0002_0002, at: s.hours(200)) == ["alert-new"])
        try s.store.save(HostHold(host: "a.test", until: t0))
        try s.store.save(HostHold(host: "b.test", until: s.hours(300)))
        let result = try s.sweep(PruneCutoffs(stories: s.hours(100), throttles: s.hours(100), hostHolds: s.hours(200)))
        #expect(result.deleted[.stories] == 1 && result.deleted[.throttles] == 1 && result.deleted[.hostHolds] == 1)
        #expect(try s.store.hostHolds(now: s.hours(200)).map(\.host) == ["b.test"])
        // The new story's memory stays: a copy of it is still throttled. The old one's went with its fingerprint.
        #expect(try alert("new-copy", 0x0002_0002_0002_0002, at: s.hours(201)).isEmpty)
        #expect(try alert("old-copy", 0x0001_0001_0001_0001, at: s.hours(201)) == ["alert-old-copy"])
    }

    @Test(arguments: Backend.allCases) func noCutoffDeletesNothing(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        try s.poll("f", fresh: ["a"], alerts: true, at: t0)
        #expect(try s.sweep(PruneCutoffs()).batches == 0)
        #expect(try s.store.recentArticles(since: .distantPast, limit: 10).count == 1)
    }
}
