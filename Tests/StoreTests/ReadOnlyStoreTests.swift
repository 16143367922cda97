import Foundation
import GRDB
import Testing
import TestSupport
import WirewatchCore
@testable import Store

/// `rules backtest` reads the daemon's store beside it: nothing is migrated
/// or written through a read-only store, and an older store is refused, not
/// upgraded under the daemon that uses it.
@Suite struct ReadOnlyStoreTests {
    @Test func readsWhatTheDaemonWroteAndWritesNothing() throws {
        let file = try StoreFile()
        try file.poll("f", fresh: ["a", "b"], at: StoreFile.start)
        let reader = try SQLiteStore.existing(path: file.path, readOnly: true)
        #expect(try reader.recentArticles(since: StoreFile.start.addingTimeInterval(-86_400), limit: 10).map(\.article.key).sorted() == ["a", "b"])
        #expect(throws: (any Error).self) { try reader.save(FeedState(feed: FeedID("g"), url: "http://x")) }
        #expect(try file.store.feedState(FeedID("g")) == nil)
    }

    @Test func anOlderStoreIsRefusedAndLeftAsItWas() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.sqlite").path
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v1")
        }
        #expect(throws: SQLiteStore.OutdatedStore.self) { try SQLiteStore.existing(path: path, readOnly: true) }
        let after = try DatabaseQueue(path: path)
        #expect(try after.read { try StoreSchema.migrator.completedMigrations($0) } == ["v1"])
    }

    /// A store read as immutable (by a user who may not write beside it, with no daemon on it) while a
    /// daemon starts: SQLite, told the file never changes, reads on in the old file and not the daemon's
    /// `-wal`, and a checkpoint under a long read could tear its pages (storehealth review, low 4). The
    /// read is checked once done and made again through the daemon's `-wal`.
    @Test func aReadDuringWhichADaemonStartsIsMadeAgainThroughItsLog() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.sqlite").path
        try SQLiteStore(path: path).save(FeedState(feed: FeedID("f"), url: "http://x", etag: "before"))
        // The last connection closed: no `-wal`, the state a command finds with no daemon running.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        // As a user who may not write beside the store opens it (root may write everywhere, and tests run as root):
        // the command's own path, which chooses the immutable read and checks its reads (review of follow, 12).
        let reader = try SQLiteStore.existing(path: path, readOnly: true, mayWriteBeside: false)
        let steady = try #require(reader.db.steady, "read as immutable")
        #expect(try reader.feedState(FeedID("f"))?.etag == "before")
        // Immutable: SQLite made no shared memory beside the file, which such a user could not have made.
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(steady.rereads == 0)

        var daemon: SQLiteStore?
        let etag = try reader.db.read { db -> String? in
            if daemon == nil {
                daemon = try SQLiteStore(path: path)
                try daemon?.save(FeedState(feed: FeedID("f"), url: "http://x", etag: "after"))
            }
            return try String.fetchOne(db, sql: "SELECT etag FROM feed_state WHERE feed = 'f'")
        }
        #expect(etag == "after")
        #expect(steady.rereads == 1)
        // From then on through the daemon's shared memory, as a command started beside it reads.
        try daemon?.save(FeedState(feed: FeedID("f"), url: "http://x", etag: "later"))
        #expect(try reader.feedState(FeedID("f"))?.etag == "later")
        #expect(steady.rereads == 1)
    }
}
