import Foundation
import Logging
import Store
import WirewatchCore

/// What a poll's plan says worth telling the operator: log lines, and the broken-feed alert.
extension PollScheduler {
    func log(_ event: PollPlanner.Event, feed: FeedConfig, report: FeedPoll.Report, schedule: FeedSchedule,
             current: WatchSetup, now: Date) -> FeedPoll.CreatedAlert? {
        let error = "\(report.label): \(report.error ?? "")"
        switch event {
        case .moved(let from, let to):
            logger.notice("feed moved permanently; polling the new URL", metadata: ["feed": "\(feed.id)", "from": "\(from)", "to": "\(to)"])
            // Onto a document another feed polls: both would store and alert on each of its entries (trial2 finding 8).
            if let twin = current.config.feeds.first(where: { $0.id != feed.id && $0.url == to }) {
                logger.warning("feed moved to the url of another feed; each entry is stored and alerted on twice until one is removed",
                               metadata: ["feed": "\(feed.id)", "other": "\(twin.id)", "url": "\(to)"])
            }
        case .recovered(let failures):
            logger.notice("feed recovered", metadata: ["feed": "\(feed.id)", "failures": "\(failures)"])
        case .broken(let streak):
            logger.error("feed broken", metadata: ["feed": "\(feed.id)", "failures": "\(streak)", "error": "\(error)"])
            return raiseBroken(feed: feed, schedule: schedule, error: error, gone: false,
                               current: current, now: now)
        case .gone:
            logger.error("the server says the feed is gone (410 Gone); remove it from the config. It is polled at the backoff cap until then",
                         metadata: ["feed": "\(feed.id)", "url": "\(schedule.url)"])
            return raiseBroken(feed: feed, schedule: schedule, error: error, gone: true,
                               current: current, now: now)
        }
        return nil
    }

    /// The broken-feed alert, when the config asks for one; nil when not, or when this breakage already raised it.
    private func raiseBroken(feed: FeedConfig, schedule: FeedSchedule, error: String, gone: Bool, current: WatchSetup,
                             now: Date) -> FeedPoll.CreatedAlert? {
        guard let settings = current.config.poll.brokenAlert else { return nil }
        let alert = BrokenFeedAlarm.alert(feed: feed, schedule: schedule, error: error, gone: gone, settings: settings,
                                          allSinks: current.config.sinks.map(\.id), now: now)
        do {
            guard try store.raise(alert, now: now) else { return nil }
            return FeedPoll.CreatedAlert(id: alert.record.id, rule: alert.record.rule, severity: alert.record.severity)
        } catch {
            logger.error("cannot raise the broken-feed alert", metadata: ["feed": "\(feed.id)", "error": "\(error)"])
            return nil
        }
    }
}
