import Foundation
import Store
import WirewatchCore

/// One configured feed as `wirewatch feeds` shows it: what the last poll
/// did, when the next one is due, and how the feed has been behaving.
public struct FeedStatus: Sendable, Hashable, Codable {
    public var id: String
    public var url: String
    /// Set when a permanent redirect moved the feed: the URL polled now.
    public var movedTo: String?
    public var tags: [String]
    public var lastFetch: Date?
    /// "ok", "salvaged" (read with repairs), "not-modified", or an error category; nil before the first poll.
    /// "polling" while a poll is under way: fetched at `lastFetch`, its entries still being stored (a poll of
    /// thousands of new entries takes seconds); "interrupted" when the daemon stopped in the middle of one.
    public var lastResult: String?
    /// The last poll's error; for "salvaged", what was repaired (the first problem, and how many more).
    public var lastError: String?
    public var nextPoll: Date?
    /// Seconds: the feed's own, the learned one, or the default.
    public var interval: TimeInterval
    public var intervalSource: String
    public var errorStreak: Int
    public var brokenSince: Date?
    public var articlesSeen: Int
    /// Edits of seen entries the feed listed, and of those the ones past `poll.max_edits`, not judged.
    public var entriesEdited: Int = 0
    public var editsNotJudged: Int = 0
    /// Set when the feed's host asked every feed on it to wait (429, or 503 with Retry-After)
    /// beyond this feed's own next poll, which is then this time.
    public var hostPausedUntil: Date?
    /// Set when the server's word put the next poll beyond the interval: the feed's `<ttl>`, the server's
    /// cache headers, or the feed's skip hours (trial finding 16: an hour's wait on a 10 s feed, unexplained).
    public var serverHint: Hint?
    /// On a shared store, the live daemon the feed prefers (docs/postgresql.md, "Seeing the share"), and
    /// whether it is this config's (`DaemonRollStatus.here`); nil on a file store, or when no daemon is live.
    public var preferredDaemon: String?
    public var preferredHere: Bool?

    public struct Hint: Sendable, Hashable, Codable {
        /// `ttl` (RSS `<ttl>`), `cache` (Cache-Control max-age or Expires), `skip` (`<skipHours>`/`<skipDays>`).
        public var kind: ServerHint.Kind
        /// The ttl or the freshness the server gave; for "skip", the whole wait from the last poll.
        public var seconds: TimeInterval
        /// The most a ttl or cache header may lengthen the wait: `poll.max_interval`, or the interval if longer.
        public var cap: TimeInterval
    }

    /// Reads the config's store, if the daemon ever created one: looking must not create it.
    public static func load(config: DaemonConfig) throws -> [FeedStatus] {
        // Read only: the daemon may be running on it, and is the one to upgrade it.
        let store: (any DaemonStore)?
        if let path = config.store.filePath {
            store = FileManager.default.fileExists(atPath: path) ? try SQLiteStore.besideDaemon(path: path, readOnly: true) : nil
        } else {
            store = try config.store.openBesideDaemon(readOnly: true)
        }
        let now = Date()
        let roll = try store?.presence.map { SharedRoll(rows: try $0.roll(), now: now) }
        // Who runs, as `deliver list` asks it (CurrentSinkStates): the lock's holder, or a live daemon in the roll call.
        let runs = roll.map { !$0.rows.live(at: now).isEmpty } ?? config.store.filePath.map { StoreLock.isHeld(storePath: $0) } ?? false
        return try all(config: config, store: store, now: now, roll: roll, daemonRuns: runs)
    }

    /// The status of every configured feed, in config order; `store` nil when the daemon has never run;
    /// `roll`, a shared store's roll call; `daemonRuns`, whether a daemon runs on the store now (a poll
    /// under way is told from one the daemon left when it stopped).
    public static func all(config: DaemonConfig, store: (any WirewatchStore & FeedScheduleStore)?, now: Date = Date(),
                           roll: SharedRoll? = nil, daemonRuns: Bool = false) throws -> [FeedStatus] {
        let share = roll?.share
        let here = Dictionary((roll?.rows ?? []).map { ($0.owner, roll?.isHere($0) ?? false) }, uniquingKeysWith: { a, _ in a })
        let states = Dictionary((try store?.allFeedStates() ?? []).map { ($0.feed, $0) }, uniquingKeysWith: { a, _ in a })
        let schedules = try store?.feedSchedules() ?? [:]
        let holds = Dictionary((try store?.hostHolds(now: now) ?? []).map { ($0.host, $0.until) }, uniquingKeysWith: max)
        return config.feeds.map { feed in
            let state = states[feed.id]
            // A schedule for another URL belongs to the feed's past; it starts over at the next poll.
            // As the daemon saved it: a start or reload saves the polls its re-plan brought forward (PollScheduler+Reconcile),
            // so this is what the running daemon does, not what the config on disk would have it do.
            let schedule = schedules[feed.id].flatMap { $0.configuredURL == feed.url ? $0 : nil }
            let (interval, source): (TimeInterval, String) =
                if let fixed = feed.interval { (fixed, "config") }
                // Clamped as the daemon's re-plan clamps it: a reload that lowered max_interval shows at once.
                else if config.poll.adaptive, let learned = schedule?.interval { (config.poll.learnedBounds(learned), "learned") }
                else { (config.poll.interval, "default") }
            // Said only while it lengthens the wait: a reload may since have made the interval longer than the hint.
            let cap = max(config.poll.maxInterval, interval)
            var hint: Hint?
            if let s = schedule, s.errorStreak == 0, let h = s.hint, h.kind == .skip || min(h.seconds, cap) > interval {
                hint = Hint(kind: h.kind, seconds: h.seconds, cap: cap)
            }
            var status = FeedStatus(
                id: feed.id.rawValue, url: feed.url, movedTo: schedule.flatMap { $0.url != feed.url ? $0.url : nil }, tags: feed.tags,
                lastFetch: schedule == nil ? nil : state?.lastFetch, lastResult: schedule == nil ? nil : state?.lastOutcome,
                lastError: schedule == nil ? nil : state?.lastError, nextPoll: schedule?.nextPoll, interval: interval,
                intervalSource: source, errorStreak: schedule?.errorStreak ?? 0, brokenSince: schedule?.brokenSince,
                articlesSeen: state?.articlesSeen ?? 0, entriesEdited: state?.entriesEdited ?? 0,
                editsNotJudged: state?.editsNotJudged ?? 0, preferredDaemon: share?.preferred(feed.id),
                preferredHere: share.map { here[$0.preferred(feed.id)] ?? false })
            status.serverHint = hint
            if schedule == nil, daemonRuns {
                // The running daemon polls a feed it has no schedule for as soon as a fetch slot is free, and its
                // first fetch may take long: "at start" said nothing would happen until a restart (trial3 low 10).
                status.nextPoll = now
            }
            if schedule != nil, let state, Self.isUnderWay(state) {
                // Its entries are committed in chunks, the result and the next poll with the last: until then the
                // row read "never polled" (or the last poll's result) beside the articles stored (trial finding 11).
                status.lastResult = daemonRuns ? Self.polling : Self.interrupted
                status.nextPoll = nil
                status.serverHint = nil
                return status
            }
            return status.held(by: holds)
        }
    }

    public static let polling = "polling"
    public static let interrupted = "interrupted"

    /// Whether the feed was fetched and its poll has not ended: a poll saves the feed's next poll when it ends,
    /// always after its fetch, and its chunks store the fetch's time beside the next poll it started from.
    static func isUnderWay(_ state: FeedState) -> Bool {
        guard let fetched = state.lastFetch else { return false }
        return fetched >= (state.nextPoll ?? fetched)
    }

    /// The host polled now, as its holds are keyed.
    public var host: String? { FeedSchedule.host(of: movedTo ?? url) }

    /// The scheduler polls a feed no sooner than its host's hold ends: so does what `feeds` shows.
    private func held(by holds: [String: Date]) -> FeedStatus {
        guard let host, let until = holds[host],
              until > (nextPoll ?? .distantPast) else { return self }
        var held = self
        held.nextPoll = until
        held.hostPausedUntil = until
        return held
    }
}
