import Delivery
import FeedParsing
import Fetching
import Foundation
import Store
import WirewatchCore

/// The daemon's configuration (`wirewatch.yaml`), with every path resolved
/// against the directory of the file that named it.
public struct DaemonConfig: Sendable {
    public var path: String
    /// Where the state is kept: an SQLite file, or a PostgreSQL database several daemons share.
    public var store: StoreLocation
    /// The store's file; for a PostgreSQL store, its URL without the password (for messages).
    public var storePath: String { store.description }
    /// Holds `taxonomy.yaml` and `gazetteer/`.
    public var dataDirectory: String
    /// How `dataDirectory` was looked for when `data` is left out; nil when it is written.
    public var dataSearch: AnalysisDataSearch?
    public var rulesDirectory: String
    public var poll: PollDefaults
    public var feeds: [FeedConfig]
    public var sinks: [SinkConfig]

    /// What the store keeps, and how often the daemon prunes the rest (`store.retention`).
    public var retention: RetentionPolicy = RetentionPolicy()
    public var daemon: DaemonSettings = DaemonSettings()
    public var admin: AdminSettings = AdminSettings()

    public struct PollDefaults: Sendable, Hashable {
        /// The starting interval of a feed without its own, and the interval when `adaptive` is off.
        public var interval: TimeInterval = 900
        public var timeout: TimeInterval = 60
        public var concurrency: Int = 64
        /// Bounds of the adaptive interval and of the server's hints (ttl, Cache-Control).
        public var minInterval: TimeInterval = 300
        public var maxInterval: TimeInterval = 7200
        /// Learn each feed's interval from how often it publishes.
        public var adaptive: Bool = true
        /// Each poll lands within ± this fraction of its interval, so feeds do not march in step.
        public var jitter: Double = 0.1
        /// Error backoff doubles the interval per failure, up to this.
        public var maxBackoff: TimeInterval = 21600
        /// A Retry-After longer than this is read as this.
        public var maxRetryAfter: TimeInterval = 86400
        /// Failures in a row after which a feed is marked broken.
        public var brokenAfter: Int = 10
        /// When set, a feed that becomes broken raises an alert of its own.
        public var brokenAlert: BrokenFeedAlert?
        /// Entries read from one document, the first in document order; more make the poll "salvaged".
        public var maxEntries: Int = ParseLimits.defaultMaxEntries
        /// How many edits of one entry (same identity, new content) are judged again; later edits are
        /// counted, not judged, so a feed whose entries change every poll costs a bounded amount of work.
        /// 0: an entry is judged once.
        public var maxEdits: Int = 10
        /// Past `maxEdits`, an entry's edits are judged at most once per this, its newest version then, so a
        /// live page that becomes news after many edits still alerts (trial finding 30); 0: never again.
        public var lateEdits: TimeInterval = 3600
        /// What a feed's first listing raises: alerts on every entry that matches (the default), or none,
        /// its entries stored and seen (`backlog: skip`), so a feed added with years of items pages nobody.
        public var backlog: Backlog = .alert
        /// The largest feed body read; a larger one fails the poll as too-large.
        public var maxBytes: Int = FetchRequest.defaultMaxBodyBytes
        /// Fetches to one host at a time (all feeds on that host share them).
        public var perHost: Int = Fetcher.Limits().maxConnectionsPerHost
        /// The proxy of every feed without its own (a URL, or a secret holding one).
        public var proxy: SecretOrValue?
        /// A CA bundle that vouches for an `https://` proxy.
        public var proxyCAFile: String?

        public init() {}
    }

    public struct BrokenFeedAlert: Sendable, Hashable {
        public var severity: Severity
        /// Empty: every sink.
        public var sinks: [String]
    }
}

public struct FeedConfig: Sendable, Hashable {
    public var id: FeedID
    /// As written (the scheme in lower case, a `file:` path resolved): or, for a URL that holds a secret, its
    /// reference (`env:NAME`, `credential:NAME`), read at each poll. The reference is what the store keeps and
    /// what `feeds`, logs, alerts and `opml export` show, so the secret is never in any of them.
    public var url: String
    public var interval: TimeInterval?
    public var tags: [String]
    /// True for `file:` URLs, which the operator wrote on purpose.
    public var allowFile: Bool
    /// Extra request headers; a value may be a secret (`env:NAME`, `credential:NAME`).
    public var headers: [String: SecretOrValue]
    /// Proxy, login, TLS verification, size and time limits.
    public var access = FeedAccess()
    /// The feed's own `backlog:`; nil: `poll.backlog`.
    public var backlog: Backlog?
    /// What a reader calls the feed (`title:`, or the OPML outline it was imported from); an OPML
    /// export's outline text. Nil: the id stands for it.
    public var title: String?

    /// The secret `url` is read from, when it is one.
    public var urlSecret: SecretSource? { SecretSource(reference: url) }
}

/// What the entries of a feed's first successful listing raise (`backlog:` of `poll` or a feed).
public enum Backlog: String, Sendable, Hashable, CaseIterable {
    /// Every matching entry alerts, however old: as for any new entry.
    case alert
    /// The entries are stored (seen, and kept for `rules backtest`) and raise no alert; later polls alert as usual.
    case skip
}

/// One sink: where it sends, how it retries, and how many deliveries it runs at once.
public struct SinkConfig: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case alertLog(path: String)
        case webhook(WebhookSink.Options)
    }
    public var id: String
    public var kind: Kind
    /// For an alert-log sink: fsync policy and built-in rotation.
    public var log: AlertLogSink.Options
    public var retry: RetryPolicy
    public var delivery: DeliveryWorker.Options

    public init(id: String, kind: Kind, log: AlertLogSink.Options = .init(), retry: RetryPolicy = .init(),
                delivery: DeliveryWorker.Options = .init()) {
        self.id = id; self.kind = kind; self.log = log; self.retry = retry; self.delivery = delivery
    }

    /// The alert log's path, for an alert-log sink.
    public var alertLogPath: String? {
        if case .alertLog(let path) = kind { return path }
        return nil
    }
}
