import Foundation
import Logging
import PostgresStore
import Store
import Synchronization
import TestSupport
import WirewatchCore

/// The two stores the contract suite runs against: an SQLite file and a database on the test
/// process's private PostgreSQL server.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// What both stores offer, as the daemon uses it.
protocol ContractStore: WirewatchStore, FeedScheduleStore, OperationalAlertStore, DeliveryStatsStore, SinkBacklogStore, SinkStateStore {
    func pendingDeliveries() throws -> Int
    func deadLetterPending(exceptSinks configured: Set<String>, now: Date) throws -> [String: Int]
    func deadLetterPending(sink: String, now: Date) throws -> Int
    /// One retention sweep's batches, run to the end.
    func sweep(_ cutoffs: PruneCutoffs, batchSize: Int) throws -> [RetentionSweep.Batch]
}

extension SQLiteStore: ContractStore {
    func sweep(_ cutoffs: PruneCutoffs, batchSize: Int) throws -> [RetentionSweep.Batch] {
        var sweep = RetentionSweep(store: self, cutoffs: cutoffs, batchSize: batchSize)
        var batches: [RetentionSweep.Batch] = []
        while let batch = try sweep.next() { batches.append(batch) }
        return batches
    }
}

extension PostgresStore: ContractStore {
    func sweep(_ cutoffs: PruneCutoffs, batchSize: Int) throws -> [RetentionSweep.Batch] {
        var sweep = retentionSweep(cutoffs: cutoffs, batchSize: batchSize)
        var batches: [RetentionSweep.Batch] = []
        while let batch = try sweep.next() { batches.append(batch) }
        return batches
    }
}

/// `work`'s result, or nil when it has not finished within `seconds` (its thread is then left behind).
func finished<T: Sendable>(within seconds: TimeInterval, _ work: @escaping @Sendable () throws -> T) throws -> Result<T, any Error>? {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        let value = Result { try work() }
        result.withLock { $0 = value }
        done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return result.withLock { $0 }
}

/// Quiet: postgres-nio logs every query at debug and trace.
let quietLogger = Logger(label: "wirewatch.test") { _ in SwiftLogNoOpLogHandler() }

/// A fresh, empty store of `backend`, and what the tests commit to it.
struct StoreUnderTest {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let store: any ContractStore
    /// The PostgreSQL database's URL (nil for SQLite), for a second daemon's store on it.
    let url: String?

    init(_ backend: Backend) throws {
        switch backend {
        case .sqlite:
            let dir = try makeTemporaryDirectory("contract")
            store = try SQLiteStore(path: dir.appendingPathComponent("state.sqlite").path)
            url = nil
        case .postgres:
            let url = try PostgresServer.shared().makeDatabase("contract")
            store = try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger)
            self.url = url
        }
    }

    func hours(_ h: Double) -> Date { Self.t0.addingTimeInterval(h * 3600) }

    static func record(_ id: String, feed: String = "f", time: Date = t0, story: String? = nil) -> AlertRecord {
        AlertRecord(id: id, time: time, rule: "r", severity: .high,
                    article: .init(id: "a-\(id)", url: nil, title: "Title \(id)", feed: FeedID(feed), published: nil, lang: "en"),
                    story: story ?? "s-\(id)", why: [], entities: [], topics: [])
    }

    /// One poll's commit: `fresh` entries are new (each may raise an alert to `sinks`), `listed` is the whole document.
    @discardableResult
    func poll(_ feed: String, fresh: [String], listed: [String]? = nil, alerts: Bool = false, sinks: [String] = ["log"],
              refreshAfter: TimeInterval = 600, at now: Date) throws -> [String] {
        let items = fresh.map { key in
            ArticleBatch.Item(article: Article(key: key, feed: FeedID(feed), title: "Title \(key)"),
                              alerts: alerts ? [OutboxAlert(record: Self.record("alert-\(feed)-\(key)", feed: feed, time: now), sinks: sinks)] : [])
        }
        return try store.commit(ArticleBatch(state: FeedState(feed: FeedID(feed), url: "http://\(feed)"), items: items,
                                             listing: FeedListing(keys: listed ?? fresh, refreshAfter: refreshAfter)), now: now)
    }

    /// Rows deleted per table by a whole sweep, and how many batches it took.
    @discardableResult
    func sweep(_ cutoffs: PruneCutoffs, batchSize: Int = 500) throws -> (deleted: [RetentionSweep.Table: Int], batches: Int) {
        let batches = try store.sweep(cutoffs, batchSize: batchSize)
        return (batches.reduce(into: [:]) { $0[$1.table, default: 0] += $1.rows }, batches.count)
    }
}
