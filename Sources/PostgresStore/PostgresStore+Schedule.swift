import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// Feed schedules and host-wide holds (SQLiteStore+Schedule.swift). On a shared store a schedule is
/// the feed's, not one daemon's: whichever daemon polled the feed last saved it.
extension PostgresStore: FeedScheduleStore {
    public func feedSchedules() throws -> [FeedID: FeedSchedule] {
        try connections.withSession { s in
            var schedules: [FeedID: FeedSchedule] = [:]
            for row in try s.rows("SELECT \(unescaped: Self.scheduleColumns) \(unescaped: Self.scheduleTables)") {
                let schedule = try Self.schedule(row)
                schedules[schedule.feed] = schedule
            }
            return schedules
        }
    }

    public func save(_ schedule: FeedSchedule) throws {
        try connections.transaction { s in
            try s.run("""
                INSERT INTO feed_state (feed, url, next_poll, error_streak)
                VALUES (\(schedule.feed.rawValue), \(schedule.url), \(schedule.nextPoll), \(schedule.errorStreak))
                ON CONFLICT (feed) DO UPDATE SET url = excluded.url, next_poll = excluded.next_poll, error_streak = excluded.error_streak
                """)
            try s.run("""
                INSERT INTO feed_schedule (feed, configured_url, "interval", not_before, broken_since, last_success, hint_kind, hint_seconds)
                VALUES (\(schedule.feed.rawValue), \(schedule.configuredURL), \(schedule.interval), \(schedule.notBefore),
                        \(schedule.brokenSince), \(schedule.lastSuccess), \(schedule.hint?.kind.rawValue), \(schedule.hint?.seconds))
                ON CONFLICT (feed) DO UPDATE SET configured_url = excluded.configured_url, "interval" = excluded."interval",
                    not_before = excluded.not_before, broken_since = excluded.broken_since, last_success = excluded.last_success,
                    hint_kind = excluded.hint_kind, hint_seconds = excluded.hint_seconds
                """)
        }
    }

    public func advance(_ polls: [PollAdvance]) throws {
        guard !polls.isEmpty else { return }
        // In one order, as every daemon locks the rows: two daemons reloaded together must not deadlock.
        let polls = polls.sorted { $0.feed.rawValue < $1.feed.rawValue }
        // One statement for all of them: a reload of 20,000 feeds is one round trip, not 20,000. A feed never
        // listed has no basis: its slot holds any time, and `listed` says to look for no last success.
        try connections.withSession { s in
            try s.run("""
                UPDATE feed_state f SET next_poll = a.to_time
                FROM unnest(\(polls.map(\.feed.rawValue))::text[], \(polls.map(\.to))::timestamptz[],
                            \(polls.map(\.fromBound))::timestamptz[], \(polls.map { $0.basis != nil })::boolean[],
                            \(polls.map { $0.basis ?? $0.to })::timestamptz[]) AS a(feed, to_time, from_bound, listed, basis)
                WHERE f.feed = a.feed AND f.next_poll > a.to_time AND f.next_poll <= a.from_bound
                AND CASE WHEN a.listed
                    THEN EXISTS (SELECT 1 FROM feed_schedule c WHERE c.feed = a.feed
                                 AND abs(extract(epoch FROM c.last_success - a.basis)) <= \(PollAdvance.precision))
                    ELSE NOT EXISTS (SELECT 1 FROM feed_schedule c WHERE c.feed = a.feed AND c.last_success IS NOT NULL)
                END
                """)
        }
    }

    public func hostHolds(now: Date) throws -> [HostHold] {
        try connections.withSession { s in
            try s.rows("SELECT host, until FROM host_hold WHERE until > \(now) ORDER BY host").map {
                HostHold(host: try $0.get("host"), until: try $0.get("until"))
            }
        }
    }

    public func save(_ hold: HostHold) throws {
        try connections.withSession { s in
            try s.run("""
                INSERT INTO host_hold (host, until) VALUES (\(hold.host), \(hold.until))
                ON CONFLICT (host) DO UPDATE SET until = excluded.until
                """)
        }
    }

    static let scheduleColumns = """
        s.feed, s.url, s.next_poll, s.error_streak, s.last_fetch, s.last_outcome,
        c.configured_url, c."interval", c.not_before, c.broken_since, c.last_success, c.hint_kind, c.hint_seconds
        """
    static let scheduleTables = "FROM feed_state s LEFT JOIN feed_schedule c ON c.feed = s.feed"

    /// A schedule as `feedSchedules` builds it from its row.
    static func schedule(_ row: PostgresRandomAccessRow) throws -> FeedSchedule {
        let url: String = try row.get("url")
        let lastFetch: Date? = try row.get("last_fetch")
        let ok = ["ok", FeedState.salvaged, "not-modified"].contains(try row.get("last_outcome", as: String?.self))
        return FeedSchedule(
            feed: FeedID(try row.get("feed", as: String.self)), configuredURL: try row.get("configured_url", as: String?.self) ?? url,
            url: url, interval: try row.get("interval"), nextPoll: try row.get("next_poll", as: Date?.self) ?? lastFetch ?? .distantPast,
            notBefore: try row.get("not_before"), errorStreak: try row.get("error_streak"), brokenSince: try row.get("broken_since"),
            lastSuccess: try row.get("last_success", as: Date?.self) ?? (ok ? lastFetch : nil),
            hint: ServerHint(kind: try row.get("hint_kind"), seconds: try row.get("hint_seconds")))
    }
}
