import Foundation
import GRDB
import Testing
import WirewatchCore
@testable import Store

/// A store file `v5-entry-revisions` left: its seen items keep their content hashes and edit counts and
/// have no raw hash; the first write of one fills it, and a rehash without one clears it.
@Suite struct EntryRawHashMigrationTests {
    @Test func aV5StoreKeepsItsHashesAndGetsRawHashesAsEntriesAreListed() throws {
        let t0 = StoreFile.start
        let path = try StoreFile.older(upTo: "v5-entry-revisions") { db in
            try db.execute(sql: "INSERT INTO feed_state (feed, url) VALUES ('f', 'http://f')")
            try db.execute(sql: """
                INSERT INTO seen_item (feed, item_key, first_seen, last_seen, content_hash, edits)
                VALUES ('f', 'a', ?, ?, 'c1:aaaa', 2), ('f', 'b', ?, ?, 'c1:bbbb', 0)
                """, arguments: [t0, t0, t0, t0])
        }

        let store = try SQLiteStore(path: path)
        let feed = FeedID("f")
        // Not judged since, as far as the store says: judged when first seen.
        #expect(try store.seenEntries(feed: feed, keys: ["a", "b"]) == [
            "a": SeenEntry(contentHash: "c1:aaaa", edits: 2, judgedAt: t0), "b": SeenEntry(contentHash: "c1:bbbb", judgedAt: t0),
        ])

        // A poll that found `a` unchanged in clean text (its raw hash filled) and judged an edit of `b`.
        let state = try #require(try store.feedState(feed))
        let edit = ArticleBatch.Item(article: Article(key: "b", feed: feed, title: "B"), alerts: [], contentHash: "c1:b2",
                                     edit: 1, rawHash: "r1:b2")
        try store.commit(ArticleBatch(state: state, items: [edit], rehashed: [
            EntryRehash(key: "a", contentHash: "c1:aaaa", edited: false, rawHash: "r1:a"),
        ]), now: t0.addingTimeInterval(60))
        let fresh = ArticleBatch.Item(article: Article(key: "c", feed: feed, title: "C"), alerts: [], contentHash: "c1:c", rawHash: "r1:c")
        try store.commit(ArticleBatch(state: state, items: [fresh]), now: t0.addingTimeInterval(60))
        let t1 = t0.addingTimeInterval(60)
        #expect(try store.seenEntries(feed: feed, keys: ["a", "b", "c"]) == [
            "a": SeenEntry(contentHash: "c1:aaaa", edits: 2, rawHash: "r1:a", judgedAt: t0),
            "b": SeenEntry(contentHash: "c1:b2", edits: 1, rawHash: "r1:b2", judgedAt: t1),
            "c": SeenEntry(contentHash: "c1:c", rawHash: "r1:c", judgedAt: t1),
        ])

        // A raw hash stays only beside the content hash made with it.
        try store.commit(ArticleBatch(state: state, items: [], rehashed: [EntryRehash(key: "a", contentHash: "c1:a2", edited: true)]),
                         now: t0.addingTimeInterval(120))
        // (An edit past the limit: stored unjudged.)
        #expect(try store.seenEntries(feed: feed, keys: ["a"])["a"] == SeenEntry(contentHash: "c1:a2", edits: 2, judgedAt: t0, unjudged: true))
        let migrations = try DatabaseQueue(path: path).read { try StoreSchema.migrator.completedMigrations($0) }
        #expect(migrations.contains("v7-entry-raw-hashes"))
    }
}
