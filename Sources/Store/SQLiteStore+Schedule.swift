import Foundation
import GRDB
import WirewatchCore

/// Where the scheduler keeps feed schedules and host-wide holds, so a restart
/// resumes them instead of polling everything at once.
public protocol FeedScheduleStore: Sendable {
    func feedSchedules() throws -> [FeedID: FeedSchedule]
    func save(_ schedule: FeedSchedule) throws
    /// Brings stored next polls forward, never back: a reload's re-plan (a shorter interval) is saved, so that a
    /// lease on a shared store, a restart and `wirewatch feeds` go by it (review of schedule, finding 1). A feed's
    /// time is changed only while the stored schedule is still the one the re-plan counted from (its next poll and
    /// its last successful poll): a feed another daemon polled since keeps the schedule that daemon saved.
    func advance(_ polls: [PollAdvance]) throws
    /// Holds that last beyond `now`.
    func hostHolds(now: Date) throws -> [HostHold]
    func save(_ hold: HostHold) throws
}

/// A feed's next poll brought forward from `from` (as the daemon knew it) to `to`, re-planned from the feed's
/// last successful poll `basis` (nil: never listed).
public struct PollAdvance: Sendable, Hashable {
    public var feed: FeedID
    public var from: Date
    public var to: Date
    public var basis: Date?

    public init(feed: FeedID, from: Date, to: Date, basis: Date?) {
        self.feed = feed
        self.from = from
        self.to = to
        self.basis = basis
    }

    /// How far a stored time may be from the one the daemon holds and still be it: SQLite keeps milliseconds,
    /// PostgreSQL microseconds.
    public static let precision: TimeInterval = 0.002

    /// The latest stored next poll still taken as `from`.
    public var fromBound: Date { from.addingTimeInterval(Self.precision) }
}

extension SQLiteStore: FeedScheduleStore {
    public func feedSchedules() throws -> [FeedID: FeedSchedule] {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.feed, s.url, s.next_poll, s.error_streak, s.last_fetch, s.last_outcome,
                       c.configured_url, c.interval, c.not_before, c.broken_since, c.last_success, c.hint_kind, c.hint_seconds
                FROM feed_state s LEFT JOIN feed_schedule c ON c.feed = s.feed
                """)
            var schedules: [FeedID: FeedSchedule] = [:]
            for row in rows {
                let feed = FeedID(row["feed"] as String)
                let url: String = row["url"]
                let lastFetch: Date? = row["last_fetch"]
                let ok = ["ok", FeedState.salvaged, "not-modified"].contains(row["last_outcome"] as String?)
                schedules[feed] = FeedSchedule(
                    // A store from before the scheduler knew only one URL: take it as the configured one.
                    feed: feed, configuredURL: row["configured_url"] ?? url, url: url, interval: row["interval"],
                    nextPoll: row["next_poll"] ?? lastFetch ?? .distantPast, notBefore: row["not_before"],
                    errorStreak: row["error_streak"], brokenSince: row["broken_since"],
                    lastSuccess: row["last_success"] ?? (ok ? lastFetch : nil),
                    hint: ServerHint(kind: row["hint_kind"], seconds: row["hint_seconds"]))
            }
            return schedules
        }
    }

    public func save(_ schedule: FeedSchedule) throws {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO feed_state (feed, url, next_poll, error_streak) VALUES (?, ?, ?, ?)
                ON CONFLICT(feed) DO UPDATE SET url = excluded.url, next_poll = excluded.next_poll, error_streak = excluded.error_streak
                """, arguments: [schedule.feed.rawValue, schedule.url, schedule.nextPoll, schedule.errorStreak])
            try db.execute(sql: """
                INSERT OR REPLACE INTO feed_schedule (feed, configured_url, interval, not_before, broken_since, last_success,
                                                      hint_kind, hint_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schedule.feed.rawValue, schedule.configuredURL, schedule.interval, schedule.notBefore,
                                 schedule.brokenSince, schedule.lastSuccess, schedule.hint?.kind.rawValue, schedule.hint?.seconds])
        }
    }

    public func advance(_ polls: [PollAdvance]) throws {
        guard !polls.isEmpty else { return }
        try db.write { db in
            let update = try db.makeStatement(sql: """
                UPDATE feed_state SET next_poll = :to
                WHERE feed = :feed AND next_poll > :to AND next_poll <= :fromBound
                AND CASE WHEN :basisLow IS NULL
                    THEN NOT EXISTS (SELECT 1 FROM feed_schedule c WHERE c.feed = feed_state.feed AND c.last_success IS NOT NULL)
                    ELSE EXISTS (SELECT 1 FROM feed_schedule c WHERE c.feed = feed_state.feed
                                 AND c.last_success BETWEEN :basisLow AND :basisHigh)
                END
                """)
            // Locked in one order by every daemon (PostgreSQL's does the same).
            for poll in polls.sorted(by: { $0.feed.rawValue < $1.feed.rawValue }) {
                try update.execute(arguments: [
                    "to": poll.to, "feed": poll.feed.rawValue, "fromBound": poll.fromBound,
                    "basisLow": poll.basis?.addingTimeInterval(-PollAdvance.precision),
                    "basisHigh": poll.basis?.addingTimeInterval(PollAdvance.precision),
                ])
            }
        }
    }

    public func hostHolds(now: Date) throws -> [HostHold] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT host, until FROM host_hold WHERE until > ? ORDER BY host", arguments: [now])
                .map { HostHold(host: $0["host"], until: $0["until"]) }
        }
    }

    public func save(_ hold: HostHold) throws {
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO host_hold (host, until) VALUES (?, ?)", arguments: [hold.host, hold.until])
        }
    }
}
