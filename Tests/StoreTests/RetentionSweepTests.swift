import Foundation
import GRDB
import Store
import Testing
import WirewatchCore

/// The retention's queries on real SQLite files: what goes, what stays, and in how many batches.
@Suite struct RetentionSweepTests {
    let t0 = StoreFile.start
    func hours(_ h: Double) -> Date { t0.addingTimeInterval(h * 3600) }

    @Test func articlesGoByAgeInBatches() throws {
        let s = try StoreFile()
        try s.poll("f", fresh: (0..<25).map { "old\($0)" }, at: t0)
        try s.poll("f", fresh: ["new"], at: hours(5))
        let result = try s.sweep(PruneCutoffs(articles: hours(1)), batchSize: 10)
        #expect(result.deleted[.articles] == 25)
        #expect(result.batches == 3)  // 10 + 10 + 5: a short batch ends the table
        #expect(try s.store.recentArticles(since: .distantPast, limit: 100).map(\.article.key) == ["new"])
        // Articles are not what dedup reads: the entries are still seen.
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["old0", "new"]).keys.sorted() == ["new", "old0"])
    }

    @Test func deliveredAlertsGoWithTheirDeliveriesPendingAndDeadStay() throws {
        let s = try StoreFile()
        let ids = try s.poll("f", fresh: ["a", "b", "c", "d"], alerts: true, sinks: ["log", "hook"], at: t0)
        #expect(ids.count == 4)
        let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3])
        for sink in ["log", "hook"] { try s.store.markDelivered(alert: a, sink: sink, now: t0) }
        try s.store.markDelivered(alert: b, sink: "log", now: t0)  // the hook still pending
        try s.store.markDelivered(alert: c, sink: "log", now: t0)
        try s.store.markFailed(alert: c, sink: "hook", error: "410 Gone", retryAt: nil, now: t0)  // dead-lettered
        for sink in ["log", "hook"] { try s.store.markDelivered(alert: d, sink: sink, now: t0) }
        let late = try s.poll("f", fresh: ["e"], alerts: true, at: hours(10))
        try s.store.markDelivered(alert: late[0], sink: "log", now: hours(10))

        let result = try s.sweep(PruneCutoffs(alerts: hours(1)), batchSize: 2)
        #expect(result.deleted[.alerts] == 2)
        #expect(Set(try s.strings("SELECT id FROM alert")) == [b, c, late[0]])
        #expect(try s.count("SELECT COUNT(*) FROM delivery") == 5)
        #expect(try s.store.deadLetters(limit: 10).map(\.alert) == [c])
        #expect(try s.store.dueDeliveries(sink: "hook", now: hours(10), limit: 10).map(\.record.id) == [b])
        // Once handled, they go at the next sweep.
        try s.store.markDelivered(alert: b, sink: "hook", now: hours(11))
        #expect(try s.sweep(PruneCutoffs(alerts: hours(1))).deleted[.alerts] == 1)
    }

    /// The case retention must never get wrong: an entry its feed still lists stays seen,
    /// however long ago it was first seen; one the feed dropped goes once it is old enough.
    @Test func aSeenItemStaysWhileItsFeedListsIt() throws {
        let s = try StoreFile()
        try s.poll("f", fresh: ["evergreen", "dropped"], at: t0)
        // Polls every hour for two days; "dropped" leaves the feed after the first.
        for h in 1...48 { try s.poll("f", fresh: ["n\(h)"], listed: ["evergreen"] + (1...h).map { "n\($0)" }, at: hours(Double(h))) }
        try s.sweep(PruneCutoffs(seen: hours(48 - 24), configuredFeeds: [FeedID("f")]))
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["evergreen", "dropped", "n1"]).keys.sorted() == ["evergreen", "n1"])
    }

    @Test func aFeedThatAnswers304KeepsItsLastListing() throws {
        let s = try StoreFile()
        try s.poll("f", fresh: ["a", "b"], at: t0)
        // Nothing is committed for a month of 304 answers; the last listing still stands.
        try s.sweep(PruneCutoffs(seen: hours(24 * 29), configuredFeeds: [FeedID("f")]))
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["a", "b"]).keys.sorted() == ["a", "b"])
        // A feed gone from the config keeps nothing past the retention.
        try s.sweep(PruneCutoffs(seen: hours(24 * 29), configuredFeeds: []))
        #expect(try s.store.seenEntries(feed: FeedID("f"), keys: ["a", "b"]).isEmpty)
    }

    @Test func aListingWritesOnlyStaleItems() throws {
        let s = try StoreFile()
        try s.poll("f", fresh: ["a"], at: t0)
        func lastSeen() throws -> String? {
            try s.strings("SELECT CAST(last_seen AS TEXT) FROM seen_item WHERE item_key = 'a'").first
        }
        let first = try lastSeen()
        try s.poll("f", fresh: [], listed: ["a"], refreshAfter: 600, at: t0.addingTimeInterval(300))
        #expect(try lastSeen() == first)
        try s.poll("f", fresh: [], listed: ["a"], refreshAfter: 600, at: t0.addingTimeInterval(900))
        #expect(try lastSeen() != first)
    }

    @Test func storiesThrottlesAndHoldsGoByTheirOwnClocks() throws {
        let s = try StoreFile()
        try s.execute("""
            INSERT INTO story_fingerprint (fingerprint, story, band0, band1, band2, band3, first_seen, last_seen)
            VALUES (1, 's1', 0, 0, 0, 1, ?, ?), (2, 's2', 0, 0, 0, 2, ?, ?)
            """, [t0, t0, hours(200), hours(200)])
        // A whole rule's memory ('*') stays however old: the rule's next alert must not take its first one's id.
        try s.execute("INSERT INTO alert_throttle (rule, key, alert, raised) VALUES ('r', 'k1', 'x', ?), ('r', 'k2', 'y', ?), ('r', '*', 'z', ?)",
                      [t0, hours(200), t0])
        try s.execute("INSERT INTO host_hold (host, until) VALUES ('a.test', ?), ('b.test', ?)", [t0, hours(300)])
        let result = try s.sweep(PruneCutoffs(stories: hours(100), throttles: hours(100), hostHolds: hours(200)))
        #expect(result.deleted[.stories] == 1 && result.deleted[.throttles] == 1 && result.deleted[.hostHolds] == 1)
        #expect(try s.count("SELECT COUNT(*) FROM story_fingerprint WHERE story = 's2'") == 1)
        #expect(try s.count("SELECT COUNT(*) FROM alert_throttle WHERE key IN ('k2', '*')") == 2)
        #expect(try s.store.hostHolds(now: hours(200)).map(\.host) == ["b.test"])
    }

    @Test func noCutoffDeletesNothing() throws {
        let s = try StoreFile()
        try s.poll("f", fresh: ["a"], alerts: true, at: t0)
        #expect(try s.sweep(PruneCutoffs()).batches == 0)
        #expect(try s.count("SELECT COUNT(*) FROM article") == 1)
    }
}
