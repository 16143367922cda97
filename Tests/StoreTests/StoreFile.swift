import Foundation
import GRDB
import Store
import WirewatchCore

/// A real store file in a fresh temporary directory, and what the tests commit and count in it.
struct StoreFile {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let path: String
    let store: SQLiteStore

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())")
        path = dir.appendingPathComponent("state.sqlite").path
        store = try SQLiteStore(path: path)
    }

    func record(_ id: String, feed: String = "f", time: Date = start) -> AlertRecord {
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
                              alerts: alerts ? [OutboxAlert(record: record("alert-\(feed)-\(key)", feed: feed, time: now), sinks: sinks)] : [])
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
