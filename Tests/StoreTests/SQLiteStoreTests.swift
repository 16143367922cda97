import Foundation
import Store
import Testing
import TestSupport
import WirewatchCore

@Suite struct SQLiteStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ id: String) -> AlertRecord {
        AlertRecord(id: id, time: Self.now, rule: "r", severity: .high,
                    article: .init(id: "a", url: nil, title: "t", feed: FeedID("f"), published: nil, lang: "en"),
                    story: "s", why: [], entities: [], topics: [])
    }

    @Test func commitIsIdempotentPerAlertID() throws {
        let store = try SQLiteStore(path: ":memory:")
        let state = FeedState(feed: FeedID("f"), url: "http://x")
        let batch = ArticleBatch(state: state, items: [.init(article: Article(key: "k1", feed: FeedID("f"), title: "t"),
                                                             alerts: [OutboxAlert(record: record("A"), sinks: ["log", "hook"])])])
        #expect(try store.commit(batch, now: Self.now) == ["A"])
        #expect(try store.commit(batch, now: Self.now) == [])
        #expect(try store.seenEntries(feed: FeedID("f"), keys: ["k1", "k2"]).keys.sorted() == ["k1"])
        #expect(try store.deliveryCounts() == DeliveryCounts(pending: 2))
        #expect(try store.feedState(FeedID("f"))?.articlesSeen == 2)
    }

    @Test func deliveriesAreDueRetriedAndDeadLettered() throws {
        let store = try SQLiteStore(path: ":memory:")
        let batch = ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://x"),
                                 items: [.init(article: Article(key: "k", feed: FeedID("f"), title: "t"),
                                               alerts: [OutboxAlert(record: record("A"), sinks: ["log"])])])
        try store.commit(batch, now: Self.now)
        #expect(try store.dueDeliveries(sink: "log", now: Self.now, limit: 10).map(\.record.id) == ["A"])
        try store.markFailed(alert: "A", sink: "log", error: "disk full", retryAt: Self.now.addingTimeInterval(5), now: Self.now)
        #expect(try store.dueDeliveries(sink: "log", now: Self.now, limit: 10).isEmpty)
        let due = try store.dueDeliveries(sink: "log", now: Self.now.addingTimeInterval(5), limit: 10)
        #expect(due.first?.attempts == 1)
        try store.markFailed(alert: "A", sink: "log", error: "gone", retryAt: nil, now: Self.now)
        #expect(try store.deliveryCounts() == DeliveryCounts(dead: 1))
    }

    @Test func statePersistsInAFile() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        let path = dir.appendingPathComponent("state.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try store.save(FeedState(feed: FeedID("f"), url: "http://x", etag: "\"1\"", errorStreak: 2))
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.feedState(FeedID("f"))?.etag == "\"1\"")
        #expect(try reopened.feedState(FeedID("f"))?.errorStreak == 2)
    }
}
