import Foundation
import WirewatchCore

/// Decides when each feed is polled next. Pure: the schedule, what the poll
/// observed, the policy, `now` and a random number in [0, 1) give the next
/// schedule, so every rule here is tested with tables and no clock.
public struct PollPlanner: Sendable {
    public var policy: DaemonConfig.PollDefaults

    public init(policy: DaemonConfig.PollDefaults) { self.policy = policy }

    /// Something worth a log line (and, for `broken`, maybe an alert).
    public enum Event: Sendable, Hashable {
        case moved(from: String, to: String)
        case broken(streak: Int)
        /// The server answered 410 Gone; the feed is broken from this poll on.
        case gone
        case recovered(afterFailures: Int)
    }

    public struct Plan: Sendable, Hashable {
        public var schedule: FeedSchedule
        public var hostHold: HostHold?
        public var events: [Event] = []
    }

    /// The schedule of a feed seen for the first time: due at once.
    public func initial(_ feed: FeedConfig, now: Date) -> FeedSchedule {
        FeedSchedule(feed: feed.id, configuredURL: feed.url, nextPoll: now)
    }

    /// A stored schedule brought in line with the feed's (possibly edited)
    /// config at start or reload: a new URL starts over; a shorter interval
    /// takes effect now instead of after the old, longer wait.
    public func reconcile(_ schedule: FeedSchedule?, with feed: FeedConfig, now: Date) -> FeedSchedule {
        guard var s = schedule, s.configuredURL == feed.url else { return initial(feed, now: now) }
        if s.errorStreak == 0 {
            let ceiling = now.addingTimeInterval(feed.interval ?? max(policy.maxInterval, policy.interval))
            s.nextPoll = min(s.nextPoll, ceiling)
        }
        if let notBefore = s.notBefore { s.nextPoll = max(s.nextPoll, notBefore) }
        return s
    }

    public func plan(_ schedule: FeedSchedule, after outcome: PollOutcome, feed: FeedConfig, now: Date, random: Double) -> Plan {
        var s = schedule
        var plan = Plan(schedule: s)
        switch outcome {
        case .fetched(let signals), .notModified(let signals):
            if s.isBroken { plan.events.append(.recovered(afterFailures: s.errorStreak)) }
            s.errorStreak = 0
            s.brokenSince = nil
            s.lastSuccess = now
            if let moved = signals.movedTo, moved != s.url {
                plan.events.append(.moved(from: s.url, to: moved))
                s.url = moved
            }
            let base = baseInterval(feed, s, outcome, now: now)
            if feed.interval == nil && policy.adaptive { s.interval = base }
            var delay = base
            for hint in [signals.ttl, signals.freshness].compactMap({ $0 }) {
                delay = max(delay, min(hint, max(policy.maxInterval, base)))
            }
            delay = jittered(delay, random)
            let skip = SkipWindows(hours: signals.skipHours, days: signals.skipDays)
            s.nextPoll = skip.firstAllowed(from: now.addingTimeInterval(delay),
                                           limit: now.addingTimeInterval(max(delay, policy.maxInterval)))
            s.notBefore = nil
            if let ra = signals.retryAfter { hold(&s, &plan, retryAfter: ra, hostWide: false, now: now) }

        case .failed(let failure):
            s.errorStreak += 1
            let base = feed.interval ?? s.interval ?? policy.interval
            let cap = max(policy.maxBackoff, base)
            // Gone for good, says the server: broken at once, and asked again only at the
            // backoff cap, in case it was a mistake (a later success revives the feed).
            let gone = failure.category == PollFailure.gone
            let delay = gone ? cap : min(cap, base * pow(2, Double(min(s.errorStreak - 1, 40))))
            s.nextPoll = now.addingTimeInterval(jittered(delay, random))
            s.notBefore = nil
            if gone && !s.isBroken {
                s.brokenSince = now
                plan.events.append(.gone)
            }
            if let ra = failure.retryAfter { hold(&s, &plan, retryAfter: ra, hostWide: failure.hostWide, now: now) }
            if s.errorStreak >= policy.brokenAfter && !s.isBroken {
                s.brokenSince = now
                plan.events.append(.broken(streak: s.errorStreak))
            }
        }
        plan.schedule = s
        return plan
    }

    /// The interval before hints: fixed by the feed's config, or learned.
    private func baseInterval(_ feed: FeedConfig, _ s: FeedSchedule, _ outcome: PollOutcome, now: Date) -> TimeInterval {
        if let fixed = feed.interval { return fixed }
        guard policy.adaptive else { return policy.interval }
        let learned = s.interval ?? policy.interval
        let estimate: TimeInterval
        switch outcome {
        case .fetched(let signals):
            if let fromDates = UpdateFrequency.interval(entryDates: signals.entryDates, now: now) {
                estimate = fromDates
            } else {
                estimate = signals.newArticles > 0 ? learned / 2 : learned * 1.5
            }
        case .notModified:
            estimate = learned * 1.5
        case .failed:
            estimate = learned
        }
        return min(max(estimate, policy.minInterval), max(policy.maxInterval, policy.minInterval))
    }

    private func jittered(_ delay: TimeInterval, _ random: Double) -> TimeInterval {
        delay * (1 + policy.jitter * (2 * min(max(random, 0), 1) - 1))
    }

    private func hold(_ s: inout FeedSchedule, _ plan: inout Plan, retryAfter: TimeInterval, hostWide: Bool, now: Date) {
        let until = now.addingTimeInterval(min(max(retryAfter, 0), policy.maxRetryAfter))
        s.notBefore = until
        s.nextPoll = max(s.nextPoll, until)
        if hostWide, let host = s.host { plan.hostHold = HostHold(host: host, until: until) }
    }
}
