import Foundation
import GRDB
import Testing
import WirewatchCore
@testable import Store

/// The soak's shape on a simulated clock: feeds that gain an entry every few minutes and
/// list their last 20, some entries alerting and delivered at once. Without retention the
/// file grows in proportion to time; with it, the file stops growing once the oldest rows
/// start going, because new rows reuse the pages pruned ones left.
@Suite struct RetentionGrowthTests {
    struct Newsroom {
        var feeds = 20
        var step: TimeInterval = 120
        var keep = 20
        let start = StoreFile.start

        /// Runs `hours` of polls; sweeps with `retention` every 30 minutes when given.
        /// Returns the store's size in pages at the end of each hour.
        func run(_ file: StoreFile, hours: Int, retention: RetentionPolicy?) throws -> [(pages: Int, free: Int)] {
            var sizes: [(Int, Int)] = []
            let steps = Int(Double(hours) * 3600 / step)
            for n in 1...steps {
                let now = start.addingTimeInterval(Double(n) * step)
                for f in 0..<feeds {
                    let listed = (max(1, n - keep + 1)...n).map { "f\(f)-e\($0)" }
                    let alerting = (n + f) % 10 == 0
                    let ids = try file.poll("f\(f)", fresh: [listed.last!], listed: listed, alerts: alerting,
                                            refreshAfter: retention?.seenRefresh ?? 86400, at: now)
                    for id in ids { try file.store.markDelivered(alert: id, sink: "log", now: now) }
                }
                if let retention, n % Int(1800 / step) == 0 {
                    try file.sweep(retention.cutoffs(now: now, storyMemory: 7 * 86400, longestThrottleWindow: 0,
                                                     configuredFeeds: Set((0..<feeds).map { FeedID("f\($0)") })))
                }
                if n % Int(3600 / step) == 0 {
                    let space = try file.store.space()
                    sizes.append((space.pages, space.freePages))
                }
            }
            return sizes
        }
    }

    @Test func aPrunedStoreStopsGrowing() throws {
        var retention = RetentionPolicy()
        retention.articles = 3600
        retention.alerts = 3600
        retention.seen = 2 * 3600
        let room = Newsroom()
        let pruned = try room.run(try StoreFile(), hours: 8, retention: retention)
        let unpruned = try room.run(try StoreFile(), hours: 8, retention: nil)
        print("store pages per simulated hour, pruned (pages/free): \(pruned.map { "\($0.pages)/\($0.free)" }), unpruned: \(unpruned.map(\.pages))")
        // Retention reaches its steady state after the seen retention (2 h) plus a sweep.
        #expect(Double(pruned[7].pages) <= 1.1 * Double(pruned[3].pages), "\(pruned)")
        #expect(Double(unpruned[7].pages) >= 1.7 * Double(unpruned[3].pages), "\(unpruned)")
        #expect(pruned[7].pages < unpruned[7].pages / 2)
    }

    /// A store from before retention: its seen items take their first-seen time as last seen,
    /// and its feeds have no listing yet, so nothing of a configured feed goes before a poll lists it.
    @Test func anOlderStoreIsMigratedWithoutForgettingWhatItsFeedsList() throws {
        let t0 = StoreFile.start
        let path = try StoreFile.older(upTo: "v2-scheduler") { db in
            try db.execute(sql: "INSERT INTO feed_state (feed, url) VALUES ('f', 'http://f'), ('gone', 'http://gone')")
            try db.execute(sql: "INSERT INTO seen_item (feed, item_key, first_seen) VALUES ('f', 'a', ?), ('gone', 'b', ?)",
                           arguments: [t0, t0])
        }
        let store = try SQLiteStore(path: path)
        var sweep = RetentionSweep(store: store, cutoffs: PruneCutoffs(seen: t0.addingTimeInterval(86400), configuredFeeds: [FeedID("f")]))
        while try sweep.next() != nil {}
        #expect(try store.seenEntries(feed: FeedID("f"), keys: ["a"]).keys.sorted() == ["a"])
        #expect(try store.seenEntries(feed: FeedID("gone"), keys: ["b"]).isEmpty)
    }
}
