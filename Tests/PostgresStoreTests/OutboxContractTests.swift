import Foundation
import Store
import Testing
import WirewatchCore

/// The outbox, the same on both stores: commit, dedup, deliveries due, retried, dead and queued again.
@Suite struct OutboxContractTests {
    let t0 = StoreUnderTest.t0

    @Test(arguments: Backend.allCases) func commitIsIdempotentPerAlertID(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let batch = ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://x"),
                                 items: [.init(article: Article(key: "k1", feed: FeedID("f"), title: "t"),
                                               alerts: [OutboxAlert(record: StoreUnderTest.record("A"), sinks: ["log", "hook"])])])
        #expect(try s.store.commit(batch, now: t0) == ["A"])
        #expect(try s.store.commit(batch, now: t0) == [])
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["k1", "k2"]).keys.sorted() == ["k1"])
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 2))
        #expect(try s.store.pendingDeliveries() == 2)
        #expect(try s.store.feedState(FeedID("f"))?.articlesSeen == 2)
        #expect(try s.store.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == ["A"])
        #expect(try s.store.dueDeliveries(sink: "log", now: t0, limit: 10).first?.queuedAt == t0)
    }

    @Test(arguments: Backend.allCases) func dueDeliveriesComeOldestFirstUpToTheLimit(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        // Committed newest first: the order is by when each entered the outbox, then by id.
        try s.poll("f", fresh: ["c"], alerts: true, at: s.hours(2))
        try s.poll("f", fresh: ["b", "a"], alerts: true, at: s.hours(1))
        try s.poll("g", fresh: ["z"], alerts: true, sinks: ["hook"], at: s.hours(0))
        #expect(try s.store.dueDeliveries(sink: "log", now: s.hours(3), limit: 10).map(\.record.id)
                == ["alert-f-a", "alert-f-b", "alert-f-c"])
        #expect(try s.store.dueDeliveries(sink: "log", now: s.hours(3), limit: 2).map(\.record.id) == ["alert-f-a", "alert-f-b"])
        #expect(try s.store.dueDeliveries(sink: "log", now: s.hours(1.5), limit: 10).map(\.record.id) == ["alert-f-a", "alert-f-b"])
        #expect(try s.store.dueDeliveries(sink: "hook", now: s.hours(3), limit: 10).map(\.record.id) == ["alert-g-z"])
    }

    @Test(arguments: Backend.allCases) func deliveriesAreRetriedDeadLetteredAndQueuedAgain(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        try s.store.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://x"),
                                        items: [.init(article: Article(key: "k", feed: FeedID("f"), title: "t"),
                                                      alerts: [OutboxAlert(record: StoreUnderTest.record("A"), sinks: ["log"])])]), now: t0)
        #expect(try s.store.dueDeliveries(sink: "log", now: t0, limit: 10).map(\.record.id) == ["A"])
        try s.store.markFailed(alert: "A", sink: "log", error: "disk full", retryAt: t0.addingTimeInterval(5), now: t0)
        #expect(try s.store.dueDeliveries(sink: "log", now: t0, limit: 10).isEmpty)
        let due = try s.store.dueDeliveries(sink: "log", now: t0.addingTimeInterval(5), limit: 10)
        #expect(due.first?.attempts == 1)
        #expect(due.first?.firstAttempt == t0)
        try s.store.markFailed(alert: "A", sink: "log", error: "gone", retryAt: nil, now: t0.addingTimeInterval(6))
        #expect(try s.store.deliveryCounts() == DeliveryCounts(dead: 1))
        let letters = try s.store.deadLetters(limit: 10)
        #expect(letters == [DeadLetter(alert: "A", sink: "log", rule: "r", title: "Title A", attempts: 2, lastError: "gone",
                                       firstAttempt: t0, deadAt: t0.addingTimeInterval(6))])
        #expect(try s.store.deliveryStats().map { [$0.sink: [$0.dead, $0.attempts, $0.failures]] } == [["log": [1, 2, 2]]])

        #expect(try s.store.requeueDead(alert: nil, sink: "hook", now: t0) == 0)
        #expect(try s.store.requeueDead(alert: "A", sink: nil, now: t0.addingTimeInterval(10)) == 1)
        let again = try s.store.dueDeliveries(sink: "log", now: t0.addingTimeInterval(10), limit: 10)
        #expect(again.map(\.attempts) == [0])
        #expect(again.first?.firstAttempt == nil)
        try s.store.markDelivered(alert: "A", sink: "log", now: t0.addingTimeInterval(11))
        #expect(try s.store.deliveryCounts() == DeliveryCounts(delivered: 1))
        #expect(try s.store.dueDeliveries(sink: "log", now: t0.addingTimeInterval(99), limit: 10).isEmpty)
        #expect(try s.store.deliveryStats().map { [$0.sink: [$0.delivered, $0.attempts, $0.failures]] } == [["log": [1, 1, 0]]])
    }

    @Test(arguments: Backend.allCases) func deadLettersComeMostRecentFirst(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let ids = try s.poll("f", fresh: ["a", "b", "c"], alerts: true, sinks: ["log", "hook"], at: t0)
        try s.store.markFailed(alert: ids[0], sink: "log", error: "x", retryAt: nil, now: s.hours(2))
        try s.store.markFailed(alert: ids[1], sink: "log", error: "x", retryAt: nil, now: s.hours(1))
        try s.store.markFailed(alert: ids[2], sink: "hook", error: "x", retryAt: nil, now: s.hours(3))
        #expect(try s.store.deadLetters(limit: 10).map(\.alert) == [ids[2], ids[0], ids[1]])
        #expect(try s.store.deadLetters(limit: 1).map(\.alert) == [ids[2]])
        #expect(try s.store.requeueDead(alert: nil, sink: "log", now: s.hours(4)) == 2)
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 5, dead: 1))
        #expect(try s.store.requeueDead(alert: nil, sink: nil, now: s.hours(4)) == 1)
    }

    @Test(arguments: Backend.allCases) func anOperationalAlertIsRaisedOnce(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let alert = OutboxAlert(record: StoreUnderTest.record("feed-broken"), sinks: ["log", "hook"])
        #expect(try s.store.raise(alert, now: t0))
        #expect(try !s.store.raise(alert, now: t0))
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 2))
        #expect(try s.store.dueDeliveries(sink: "hook", now: t0, limit: 5).map(\.record.id) == ["feed-broken"])
    }

    @Test(arguments: Backend.allCases) func aRemovedSinksDeliveriesAreDeadLettered(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let ids = try s.poll("f", fresh: ["a", "b"], alerts: true, sinks: ["log", "hook"], at: t0)
        let (tried, untried) = (ids[0], ids[1])
        try s.store.markFailed(alert: tried, sink: "hook", error: "503", retryAt: t0.addingTimeInterval(60), now: t0)
        let later = t0.addingTimeInterval(3600)
        #expect(try s.store.deadLetterPending(exceptSinks: ["log"], now: later) == ["hook": 2])
        let letters = Dictionary(uniqueKeysWithValues: try s.store.deadLetters(limit: 10).map { ($0.alert, $0) })
        #expect(letters[untried]?.attempts == 0)
        #expect(letters[untried]?.firstAttempt == nil)
        #expect(letters[tried]?.attempts == 1)
        #expect(letters[tried]?.firstAttempt == t0)
        #expect(letters.values.allSatisfy { $0.deadAt == later && $0.lastError == "sink 'hook' is no longer in the config" })
        #expect(try s.store.pendingDeliveries() == 2)
    }

    @Test(arguments: Backend.allCases) func aSinkGivenUpByNameTakesNoOtherSinksDeliveries(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        _ = try s.poll("f", fresh: ["a", "b"], alerts: true, sinks: ["log", "hook", "new"], at: t0)
        #expect(try s.store.deadLetterPending(sink: "hook", now: t0) == 2)
        #expect(try s.store.deliveryCounts() == DeliveryCounts(pending: 4, dead: 2))
        #expect(try s.store.deadLetterPending(sink: "hook", now: t0) == 0)
    }

    @Test(arguments: Backend.allCases) func articlesComeBackNewestFirstSinceADate(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let feed = FeedID("f")
        for (n, key) in ["a", "b", "c"].enumerated() {
            let article = Article(key: key, feed: feed, url: "https://x.test/\(key)", title: "Title \(key)", summary: "Summary \(key)",
                                  authors: ["Jane"], categories: ["Tech"])
            try s.store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://x"), items: [.init(article: article, alerts: [])]),
                               now: s.hours(Double(n)))
        }
        // Within one commit, the reverse of the order it wrote them.
        try s.poll("g", fresh: ["d", "e"], at: s.hours(3))
        let recent = try s.store.recentArticles(since: s.hours(1), limit: 10)
        #expect(recent.map(\.article.key) == ["e", "d", "c", "b"])
        let c = recent.first { $0.article.key == "c" }
        #expect(c?.article.summary == "Summary c")
        #expect(c?.article.categories == ["Tech"])
        #expect(c?.storedAt == s.hours(2))
        #expect(try s.store.recentArticles(since: t0, limit: 1).map(\.article.key) == ["e"])
        #expect(try s.store.recentArticles(since: s.hours(24), limit: 10).isEmpty)
    }
}
