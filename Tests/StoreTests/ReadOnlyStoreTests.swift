import Foundation
import GRDB
import Testing
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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())")
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
}
