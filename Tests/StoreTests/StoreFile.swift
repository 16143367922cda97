import Foundation
import GRDB
@testable import Store
import TestSupport
import WirewatchCore

/// A real store file in a fresh temporary directory, and what the tests commit and count in it.
struct StoreFile {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let path: String
    let store: SQLiteStore

    init() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try self.init(path: dir.appendingPathComponent("state.sqlite").path)
    }

    /// The store at `path` (an older one is migrated).
    init(path: String) throws {
        self.path = path
        store = try SQLiteStore(path: path)
    }

    static func record(_ id: String, feed: String = "f", time: Date = start) -> AlertRecord {
        AlertRecord(id: id, time: time, rule: "r", severity: .high,
                    article: .init(id: "a-\(id)", url: nil, title: "t", feed: FeedID(feed), published: nil, lang: "en"),
                    story: "s-\(id)", why: [], entities: [], topics: [])
    }

    /// One poll's commit: `fresh` entries are new (each may raise an alert to `sinks`), `listed` is the whole document.
    @discardableResult
    func poll(_ feed: String, fresh: [String], listed: [String]? = nil, alerts: Bool = false, sinks: [String] = ["log"],
              refreshAfter: TimeInterval = 600, at now: Date) throws -> [String] {
        let items = fresh.map { key in
            ArticleBatch.Item(article: Article(key: key, feed: FeedID(feed), title: "Title \(key)", summary: String(repeating: "word ", count: 200)),
                              alerts: alerts ? [OutboxAlert(record: Self.record("alert-\(feed)-\(key)", feed: feed, time: now), sinks: sinks)] : [])
        }
        return try store.commit(ArticleBatch(state: FeedState(feed: FeedID(feed), url: "http://\(feed)"), items: items,
                                             listing: FeedListing(keys: listed ?? fresh, refreshAfter: refreshAfter)), now: now)
    }

    /// Runs a whole sweep; returns the rows deleted per table and the number of batches.
    @discardableResult
    func sweep(_ cutoffs: PruneCutoffs, batchSize: Int = 500) throws -> (deleted: [RetentionSweep.Table: Int], batches: Int) {
        var sweep = RetentionSweep(store: store, cutoffs: cutoffs, batchSize: batchSize)
        var deleted: [RetentionSweep.Table: Int] = [:]
        var batches = 0
        while let b = try sweep.next() {
            deleted[b.table, default: 0] += b.rows
            batches += 1
        }
        return (deleted, batches)
    }

    func count(_ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    func strings(_ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { try String.fetchAll($0, sql: sql) }
    }

    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }
}

extension StoreFile {
    /// The path of a store file an older wirewatch left, in a fresh temporary directory: migrated up to
    /// `migration`, then `fill`ed.
    static func older(upTo migration: String, _ fill: (Database) throws -> Void = { _ in }) throws -> String {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("state.sqlite").path
        let old = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(old, upTo: migration)
        try old.write(fill)
        try old.close()
        return path
    }
}
