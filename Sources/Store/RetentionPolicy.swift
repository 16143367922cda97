import Foundation
import WirewatchCore

/// How long the store keeps what the pipeline no longer needs (`store.retention` in the config).
/// A nil age keeps that kind of row forever.
public struct RetentionPolicy: Sendable, Hashable {
    /// Articles kept for `rules backtest`, by when they were stored.
    public var articles: TimeInterval? = 30 * 86400
    /// Delivered alerts and their deliveries, by when they were raised. Pending and
    /// dead-lettered ones stay until they are delivered or handled.
    public var alerts: TimeInterval? = 90 * 86400
    /// Seen items, by when a fetched document last listed them; an item its feed still lists
    /// is never forgotten, whatever its age, or it would alert again.
    public var seen: TimeInterval? = 180 * 86400
    /// How often the daemon prunes (and once shortly after it starts).
    public var every: TimeInterval = 3600

    public init() {}

    /// How stale a listed item's last-seen time may grow before a poll writes it again:
    /// a day, or a quarter of the seen retention when that is shorter. Most polls write nothing.
    public var seenRefresh: TimeInterval { min(86400, (seen ?? .infinity) / 4) }

    /// The cutoffs at `now`. Throttle memories go with their alerts, but never inside the
    /// longest throttle window of the rules; story fingerprints go once the story registry
    /// no longer looks at them (`storyMemory`).
    public func cutoffs(now: Date, storyMemory: TimeInterval, longestThrottleWindow: TimeInterval,
                        configuredFeeds: Set<FeedID>) -> PruneCutoffs {
        PruneCutoffs(articles: articles.map { now.addingTimeInterval(-$0) },
                     alerts: alerts.map { now.addingTimeInterval(-$0) },
                     seen: seen.map { now.addingTimeInterval(-$0) },
                     stories: now.addingTimeInterval(-storyMemory),
                     throttles: alerts.map { now.addingTimeInterval(-max($0, longestThrottleWindow)) },
                     hostHolds: now,
                     configuredFeeds: configuredFeeds)
    }
}

/// What a sweep may delete: rows older than these times (nil: none of that kind).
public struct PruneCutoffs: Sendable, Hashable {
    /// Articles stored before.
    public var articles: Date?
    /// Alerts raised before, once every delivery of theirs is delivered.
    public var alerts: Date?
    /// Seen items last listed before; for a configured feed, only items its latest listing left out.
    public var seen: Date?
    /// Story fingerprints last seen before.
    public var stories: Date?
    /// Throttle memories of alerts raised before.
    public var throttles: Date?
    /// Host-wide Retry-After holds that ended before.
    public var hostHolds: Date?
    /// Feeds in the config; the seen items of any other feed go by age alone.
    public var configuredFeeds: Set<FeedID>

    public init(articles: Date? = nil, alerts: Date? = nil, seen: Date? = nil, stories: Date? = nil, throttles: Date? = nil,
                hostHolds: Date? = nil, configuredFeeds: Set<FeedID> = []) {
        self.articles = articles; self.alerts = alerts; self.seen = seen; self.stories = stories
        self.throttles = throttles; self.hostHolds = hostHolds; self.configuredFeeds = configuredFeeds
    }
}

extension PruneCutoffs {
    /// The tables a sweep visits, in its order: those with a cutoff.
    public var tables: [RetentionSweep.Table] {
        RetentionSweep.Table.allCases.filter { table in
            switch table {
            case .articles: articles != nil
            case .alerts: alerts != nil
            case .seenItems: seen != nil
            case .stories: stories != nil
            case .throttles: throttles != nil
            case .hostHolds: hostHolds != nil
            }
        }
    }

    /// The time before which `feed`'s seen items go: a configured feed's only below both the cutoff
    /// and its listing floor (so not while its latest listing still shows them; none before it has
    /// one); another feed's by age alone. Nil when none go.
    public func seenCutoff(feed: String, listingFloor: Date?) -> Date? {
        guard let seen else { return nil }
        guard configuredFeeds.contains(FeedID(feed)) else { return seen }
        return listingFloor.map { min($0, seen) }
    }
}
