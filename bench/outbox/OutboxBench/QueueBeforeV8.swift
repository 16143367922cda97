import Foundation
import GRDB
import Store
import WirewatchCore

/// The outbox as it was before `v8-delivery-queue`, kept here only to measure against: every
/// due delivery of the sink read, joined with its alert (record and all) and sorted, for each
/// batch; and each delivered mark its own transaction (the protocol's default, one by one).
/// With `v8Query`, only the marks are as before, to tell the two apart.
final class QueueBeforeV8: WirewatchStore, @unchecked Sendable {
    let inner: SQLiteStore
    let pool: DatabasePool
    let v8Query: Bool

    init(path: String, v8Query: Bool = false) throws {
        inner = try SQLiteStore(path: path)
        pool = try DatabasePool(path: path)
        self.v8Query = v8Query
    }

    static let dueQuery = """
        SELECT a.record, a.created, d.attempts, d.first_attempt FROM delivery d JOIN alert a ON a.id = d.alert
        WHERE d.sink = ? AND d.state = 'pending' AND d.next_attempt <= ?
        ORDER BY a.created, a.id LIMIT ?
        """

    func dueDeliveries(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
        if v8Query { return try inner.dueDeliveries(sink: sink, now: now, limit: limit) }
        return try pool.read { db in
            try Row.fetchAll(db, sql: Self.dueQuery, arguments: [sink, now, limit]).map { row in
                PendingDelivery(record: try AlertRecord.decode(line: row["record"]), sink: sink,
                                attempts: row["attempts"], firstAttempt: row["first_attempt"], queuedAt: row["created"])
            }
        }
    }

    func markDelivered(alert: String, sink: String, now: Date) throws { try inner.markDelivered(alert: alert, sink: sink, now: now) }
    func markDigestBegun(alerts: [String], sink: String, now: Date) throws { try inner.markDigestBegun(alerts: alerts, sink: sink, now: now) }
    func feedState(_ feed: FeedID) throws -> FeedState? { try inner.feedState(feed) }
    func allFeedStates() throws -> [FeedState] { try inner.allFeedStates() }
    func save(_ state: FeedState) throws { try inner.save(state) }
    func seenEntries(feed: FeedID, keys: [String]) throws -> [String: SeenEntry] { try inner.seenEntries(feed: feed, keys: keys) }
    func seenKeys(feed: FeedID, rawHashes: [String], since: Date) throws -> [String: String] {
        try inner.seenKeys(feed: feed, rawHashes: rawHashes, since: since)
    }
    func commit(_ batch: ArticleBatch, now: Date, admission: (any OutboxAdmission)?) throws -> [String] {
        try inner.commit(batch, now: now, admission: admission)
    }
    func markFailed(alert: String, sink: String, error: String, retryAt: Date?, now: Date) throws {
        try inner.markFailed(alert: alert, sink: sink, error: error, retryAt: retryAt, now: now)
    }
    func deliveryCounts() throws -> DeliveryCounts { try inner.deliveryCounts() }
    func recentArticles(since: Date, limit: Int) throws -> [StoredArticle] { try inner.recentArticles(since: since, limit: limit) }
    func deadLetters(limit: Int) throws -> [DeadLetter] { try inner.deadLetters(limit: limit) }
    func requeueDead(alert: String?, sink: String?, now: Date) throws -> Int { try inner.requeueDead(alert: alert, sink: sink, now: now) }
    func sinkHold(sink: String, now: Date) throws -> SinkHold? { try inner.sinkHold(sink: sink, now: now) }
    func sinkHolds(now: Date) throws -> [SinkHold] { try inner.sinkHolds(now: now) }
    func save(_ hold: SinkHold) throws { try inner.save(hold) }
    func liftHold(sink: String, now: Date) throws -> LiftedSinkHold? { try inner.liftHold(sink: sink, now: now) }
    func liftHold(_ hold: SinkHold, now: Date) throws -> LiftedSinkHold? { try inner.liftHold(hold, now: now) }
    func releaseClaims(alerts: [String], sink: String) throws { try inner.releaseClaims(alerts: alerts, sink: sink) }
}
