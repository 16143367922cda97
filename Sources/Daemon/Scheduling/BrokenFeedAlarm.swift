import Foundation
import Store
import WirewatchCore

/// The alert a feed raises about itself when it becomes broken. Pure. The
/// story is the feed and the moment it broke, so each breakage alerts once,
/// however often the daemon restarts, and a later breakage alerts again.
enum BrokenFeedAlarm {
    /// The rule name broken-feed alerts carry; rule files cannot use it (ids have no '/').
    static let rule = "wirewatch/feed-broken"

    static func alert(feed: FeedConfig, schedule: FeedSchedule, error: String, gone: Bool, settings: DaemonConfig.BrokenFeedAlert,
                      allSinks: [String], now: Date) -> OutboxAlert {
        let since = schedule.brokenSince ?? now
        let breakage = "feed-broken:\(feed.id):\(Int(since.timeIntervalSince1970))"
        // 16 hex digits, as alert-record.md says every story is: a receiver that validates the schema rejected the
        // alert that says a feed died (trial finding 18). The id is the breakage's, as before, so an alert already
        // raised is not raised again by an upgraded daemon.
        let story = StableHash.hex64(StableHash.fnv1a64([breakage]))
        let title = gone ? "Feed '\(feed.id)' is gone: its server answers 410 Gone; remove it from the config"
            : "Feed '\(feed.id)' is broken after \(schedule.errorStreak) failures in a row: \(error)"
        let record = AlertRecord(
            id: AlertRecord.id(rule: rule, story: breakage), time: now, rule: rule, severity: settings.severity,
            article: .init(id: "feed:\(feed.id)", url: schedule.url, title: title, feed: feed.id, published: nil, lang: nil),
            story: story, why: [], entities: [], topics: [])
        return OutboxAlert(record: record, sinks: settings.sinks.isEmpty ? allSinks : settings.sinks)
    }
}
