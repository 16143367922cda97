import Foundation
import WirewatchCore

/// Everything wirewatch keeps between runs. SQLite is the embedded default;
/// the protocol is what a shared (PostgreSQL) store implements as well.
public protocol WirewatchStore: Sendable {
    func feedState(_ feed: FeedID) throws -> FeedState?
    func allFeedStates() throws -> [FeedState]
    func save(_ state: FeedState) throws

    /// What is remembered of the entries among `keys` this feed listed before (the others are new).
    func seenEntries(feed: FeedID, keys: [String]) throws -> [String: SeenEntry]

    /// Of `rawHashes`, those an entry of this feed seen since `since` has, each with that entry's key:
    /// a feed that gives its entries new ids on every poll lists the entries it listed before under them.
    func seenKeys(feed: FeedID, rawHashes: [String], since: Date) throws -> [String: String]

    /// Commits a batch in one transaction: every article is marked seen and
    /// kept for backtesting, every alert enters the outbox with one pending
    /// delivery per sink, and the feed's new state is saved. An alert whose id
    /// is already known is left as it is. Returns the ids of the new alerts.
    /// With an `admission`, every candidate alert passes through it inside the
    /// same transaction (story registry and throttle; see `OutboxAdmission`).
    @discardableResult
    func commit(_ batch: ArticleBatch, now: Date, admission: (any OutboxAdmission)?) throws -> [String]

    /// Pending deliveries for `sink` that are due at `now`, oldest first.
    func dueDeliveries(sink: String, now: Date, limit: Int) throws -> [PendingDelivery]
    func markDelivered(alert: String, sink: String, now: Date) throws
    /// `markDelivered` for each of `alerts`; a store that can makes it one transaction.
    func markDelivered(alerts: [String], sink: String, now: Date) throws
    /// Stamps `now` as the first attempt of a digest's pending deliveries (those without one), before it is first
    /// sent: the stamp keeps the digest's alerts together should the daemon stop before their outcome is
    /// recorded, so that it goes again with the same alerts and idempotency key (`DeliveryWorker`).
    func markDigestBegun(alerts: [String], sink: String, now: Date) throws
    /// Records a failed attempt; `retryAt` nil dead-letters the delivery.
    func markFailed(alert: String, sink: String, error: String, retryAt: Date?, now: Date) throws
    /// Counts by state, for status lines and metrics.
    func deliveryCounts() throws -> DeliveryCounts

    /// Articles kept by `commit` since `since`, newest first, at most `limit`.
    func recentArticles(since: Date, limit: Int) throws -> [StoredArticle]
    /// Dead-lettered deliveries, most recent first.
    func deadLetters(limit: Int) throws -> [DeadLetter]
    /// Queues dead deliveries again (all of them, or one alert's, or one sink's);
    /// returns how many. Attempts and the maximum age start afresh.
    @discardableResult
    func requeueDead(alert: String?, sink: String?, now: Date) throws -> Int

    /// The hold on `sink` that lasts beyond `now`, if any (`SinkHold`).
    func sinkHold(sink: String, now: Date) throws -> SinkHold?
    /// Every sink hold that lasts beyond `now`, by sink.
    func sinkHolds(now: Date) throws -> [SinkHold]
    /// Holds the sink until `hold.until`, or longer when a hold already saved lasts longer.
    func save(_ hold: SinkHold) throws
    /// Ends the hold on `sink` now, for every daemon on the store, and makes the sink's pending deliveries
    /// that wait for a retry due at `now` (the one its receiver answered waits for the pause's end too);
    /// nil, changing nothing, when no hold lasts beyond `now`.
    func liftHold(sink: String, now: Date) throws -> LiftedSinkHold?
    /// As `liftHold(sink:now:)`, but only while `hold` (as `sinkHold` read it) is still the sink's hold: one
    /// another daemon saved since (longer, or naming another receiver) survives, and nil is returned.
    func liftHold(_ hold: SinkHold, now: Date) throws -> LiftedSinkHold?
    /// Frees this daemon's claims on deliveries of `sink` it claimed and will not start (a pause began in
    /// their batch), so that any daemon may send them once the pause ends. A store only one daemon uses
    /// claims nothing.
    func releaseClaims(alerts: [String], sink: String) throws
}

extension WirewatchStore {
    /// `commit` without story registry or throttle.
    @discardableResult
    public func commit(_ batch: ArticleBatch, now: Date) throws -> [String] {
        try commit(batch, now: now, admission: nil)
    }

    public func markDelivered(alerts: [String], sink: String, now: Date) throws {
        for alert in alerts { try markDelivered(alert: alert, sink: sink, now: now) }
    }
}

/// An article as kept for backtesting, with when it was stored.
public struct StoredArticle: Sendable {
    public var article: Article
    public var storedAt: Date
    public init(article: Article, storedAt: Date) { self.article = article; self.storedAt = storedAt }
}

/// New articles of one feed and the alerts they raised.
public struct ArticleBatch: Sendable {
    public struct Item: Sendable {
        public var article: Article
        public var alerts: [OutboxAlert]
        /// The hash of the content the article was judged with (`SeenEntry.contentHash`).
        public var contentHash: String?
        /// Set when the article is an edit of a seen entry, judged again: which edit of it (1, 2, …).
        /// It keeps its seen row and the story it joined; it does not count as a new article.
        public var edit: Int?
        /// The hash of the article's title and body as listed (`SeenEntry.rawHash`).
        public var rawHash: String?
        /// A new entry of the feed's first listing under `backlog: skip`, stored without being matched
        /// (`SeenEntry.backlog`): its later edits are not judged either.
        public var backlog: Bool
        public init(article: Article, alerts: [OutboxAlert], contentHash: String? = nil, edit: Int? = nil, rawHash: String? = nil,
                    backlog: Bool = false) {
            self.article = article; self.alerts = alerts; self.contentHash = contentHash; self.edit = edit; self.rawHash = rawHash
            self.backlog = backlog
        }
    }
    public var state: FeedState
    public var items: [Item]
    /// Seen entries whose content hash is written without judging them (see `EntryRehash`).
    public var rehashed: [EntryRehash] = []
    /// Every entry the fetched document listed, old and new, so retention keeps what a feed still
    /// shows (see `FeedListing`); nil when the batch is not a poll's last.
    public var listing: FeedListing?
    public var feed: FeedID { state.feed }
    public init(state: FeedState, items: [Item], listing: FeedListing? = nil, rehashed: [EntryRehash] = []) {
        self.state = state; self.items = items; self.listing = listing; self.rehashed = rehashed
    }
}

/// An alert and the sinks it must reach.
public struct OutboxAlert: Sendable {
    public var record: AlertRecord
    public var sinks: [String]
    /// What the admission needs to place the alert in a story and throttle it;
    /// nil commits `record` as it is.
    public var claim: StoryClaim?
    public init(record: AlertRecord, sinks: [String], claim: StoryClaim? = nil) {
        self.record = record; self.sinks = sinks; self.claim = claim
    }
}

public struct PendingDelivery: Sendable {
    public var record: AlertRecord
    public var sink: String
    public var attempts: Int
    public var firstAttempt: Date?
    /// When the alert entered the outbox (digests wait from here).
    public var queuedAt: Date?
    public init(record: AlertRecord, sink: String, attempts: Int, firstAttempt: Date?, queuedAt: Date? = nil) {
        self.record = record; self.sink = sink; self.attempts = attempts; self.firstAttempt = firstAttempt
        self.queuedAt = queuedAt
    }
}

public struct DeliveryCounts: Sendable, Hashable {
    public var pending: Int
    public var delivered: Int
    public var dead: Int
    public init(pending: Int = 0, delivered: Int = 0, dead: Int = 0) {
        self.pending = pending; self.delivered = delivered; self.dead = dead
    }
}
