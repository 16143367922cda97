import Foundation
import Logging
import PostgresNIO
import Store
import Synchronization
import WirewatchCore

/// The shared store: one PostgreSQL database for several daemons (DESIGN.md, "Storage"). The same
/// protocols and semantics as `SQLiteStore`, plus feed leases and delivery claims, so daemons on one
/// database never poll one feed twice or deliver one alert twice. Synchronous, like the SQLite store:
/// every call waits for its queries on the calling thread (see `PostgresSession`).
public final class PostgresStore: WirewatchStore, @unchecked Sendable {
    /// This daemon's name in leases and delivery claims.
    public let owner: String
    /// How long `dueDeliveries` claims what it returns: a daemon that dies holding a claim lets its
    /// deliveries go to the others after this.
    public var claimLease: TimeInterval {
        get { claimLeaseValue.withLock { $0 } }
        set { claimLeaseValue.withLock { $0 = newValue } }
    }
    /// Claim leases of their own for some sinks, in place of `claimLease`. Settable while the store is
    /// in use: the daemon's delivery crew sets each sink's to outlast that sink's batch, when it starts
    /// and whenever its sinks change.
    public var sinkClaimLeases: [String: TimeInterval] {
        get { sinkClaimLeaseValues.withLock { $0 } }
        set { sinkClaimLeaseValues.withLock { $0 = newValue } }
    }
    /// How long each wait for the server lasts at most (`store.time_limit`): a free connection, a new one, an answer.
    public var timeLimit: TimeInterval { connections.limit }
    /// How long `dueDeliveries` claims the deliveries of `sink`.
    public func claimLease(for sink: String) -> TimeInterval { sinkClaimLeases[sink] ?? claimLease }
    let connections: PostgresConnections
    let logger: Logger
    private let claimLeaseValue = Mutex<TimeInterval>(300)
    private let sinkClaimLeaseValues = Mutex<[String: TimeInterval]>([:])

    /// The connections a store opens at most.
    public static let poolSize = 4
    /// How long a call waits for the server by default.
    public static let timeLimit: TimeInterval = 90

    /// Connects to the database `url` names (`postgres://user:password@host:port/database`, or with
    /// `?host=/socket/directory`) and creates or migrates its schema.
    /// `timeLimit`: how long a call waits for the server (an answer, a connection) before it fails
    /// naming the server; the server's own statement and idle-transaction limits are two thirds of it.
    /// `home`: where libpq's TLS files are looked for (`~/.postgresql/`), the home of the user running wirewatch.
    public convenience init(url: String, owner: String, logger: Logger, claimLease: TimeInterval = 300,
                            timeLimit: TimeInterval = PostgresStore.timeLimit, home: String? = LibpqHomeFiles.currentUserHome()) throws {
        try self.init(url: url, owner: owner, logger: logger, migrate: true, timeLimit: timeLimit, home: home)
        self.claimLease = claimLease
    }

    /// The store at `url` for a tool beside the daemons (`deliver`, `feeds`): never created or
    /// migrated (daemons may be running on it); a database without this wirewatch's schema is refused.
    public static func existing(url: String, owner: String, logger: Logger, timeLimit: TimeInterval = PostgresStore.timeLimit,
                                home: String? = LibpqHomeFiles.currentUserHome()) throws -> PostgresStore {
        try PostgresStore(url: url, owner: owner, logger: logger, migrate: false, timeLimit: timeLimit, home: home)
    }

    private init(url: String, owner: String, logger: Logger, migrate: Bool, timeLimit: TimeInterval, home: String?) throws {
        self.owner = owner
        self.logger = logger
        connections = PostgresConnections(url: try PostgresURL(url, home: home), size: Self.poolSize, limit: timeLimit, logger: logger)
        if migrate {
            try connections.transaction { try PostgresSchema.migrate($0) }
        } else {
            try connections.withSession { try PostgresSchema.requireCurrent($0) }
        }
    }

    deinit { connections.close() }

    /// The server as errors name it (never the password).
    public var server: String { connections.server }

    public func feedState(_ feed: FeedID) throws -> FeedState? {
        try connections.withSession { s in
            try s.rows("SELECT \(unescaped: Self.feedStateColumns) FROM feed_state WHERE feed = \(feed.rawValue)").first.map(Self.feedState)
        }
    }

    public func allFeedStates() throws -> [FeedState] {
        try connections.withSession { s in
            try s.rows("SELECT \(unescaped: Self.feedStateColumns) FROM feed_state ORDER BY feed").map(Self.feedState)
        }
    }

    public func save(_ state: FeedState) throws {
        try connections.withSession { try Self.upsert(state, $0) }
    }

    static let feedStateColumns = """
        feed, url, etag, last_modified, last_fetch, last_outcome, last_error, error_streak, next_poll, articles_seen,
        entries_edited, edits_not_judged, unjudged_since
        """

    static func feedState(_ row: PostgresRandomAccessRow) throws -> FeedState {
        FeedState(feed: FeedID(try row.get("feed")), url: try row.get("url"), etag: try row.get("etag"),
                  lastModified: try row.get("last_modified"), lastFetch: try row.get("last_fetch"),
                  lastOutcome: try row.get("last_outcome"), lastError: try row.get("last_error"),
                  errorStreak: try row.get("error_streak"), nextPoll: try row.get("next_poll"),
                  articlesSeen: try row.get("articles_seen"), entriesEdited: try row.get("entries_edited"),
                  editsNotJudged: try row.get("edits_not_judged"), unjudgedSince: try row.get("unjudged_since"))
    }

    /// articles_seen is counted by `commit`; a state saved after a fetch must not reset it.
    static func upsert(_ state: FeedState, _ s: PostgresSession) throws {
        try s.run("""
            INSERT INTO feed_state (feed, url, etag, last_modified, last_fetch, last_outcome, last_error, error_streak, next_poll,
                                    unjudged_since)
            VALUES (\(state.feed.rawValue), \(state.url), \(state.etag), \(state.lastModified), \(state.lastFetch),
                    \(state.lastOutcome), \(state.lastError), \(state.errorStreak), \(state.nextPoll), \(state.unjudgedSince))
            ON CONFLICT (feed) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
                last_fetch = excluded.last_fetch, last_outcome = excluded.last_outcome, last_error = excluded.last_error,
                error_streak = excluded.error_streak, next_poll = excluded.next_poll, unjudged_since = excluded.unjudged_since
            """)
    }
}
