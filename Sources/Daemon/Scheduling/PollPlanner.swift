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
    /// config at start or reload: a new URL starts over; a schedule the new settings would not have
    /// given (a shorter interval or `max_interval`, less jitter) comes in to what they give, counted
    /// from the last poll, instead of waiting out the old, longer wait. Backoff and holds stay.
    public func reconcile(_ schedule: FeedSchedule?, with feed: FeedConfig, now: Date) -> FeedSchedule {
        guard var s = schedule, s.configuredURL == feed.url else { return initial(feed, now: now) }
        if s.errorStreak == 0 {
            if feed.interval == nil && policy.adaptive, let learned = s.interval {
                s.interval = policy.learnedBounds(learned)
            }
            s.nextPoll = min(s.nextPoll, latestNextPoll(s, feed: feed, now: now))
        }
        if let notBefore = s.notBefore { s.nextPoll = max(s.nextPoll, notBefore) }
        return s
    }

    /// The latest next poll these settings could have planned after the feed's last poll: its interval,
    /// lengthened by the server's hint up to `max_interval`, at the top of the jitter.
    func latestNextPoll(_ s: FeedSchedule, feed: FeedConfig, now: Date) -> Date {
        // Never polled by this schedule (or a store from before `last_success`): no later than an interval from now.
        guard let last = s.lastSuccess else {
            return now.addingTimeInterval(feed.interval ?? max(policy.maxInterval, policy.interval))
        }
        let base = feed.interval ?? (policy.adaptive ? s.interval ?? policy.interval : policy.interval)
        let cap = max(policy.maxInterval, base)
        var delay = base
        if let hint = s.hint, hint.kind != .skip { delay = max(base, min(hint.seconds, cap)) }
        var latest = delay * (1 + policy.jitter)
        if let hint = s.hint, hint.kind == .skip { latest = max(latest, min(hint.seconds, max(latest, policy.maxInterval))) }
        return last.addingTimeInterval(latest)
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
            s.hint = nil
            let hints = [(ServerHint.Kind.ttl, signals.ttl), (.cache, signals.freshness)]
            let cap = max(policy.maxInterval, base)
            for case let (kind, seconds?) in hints where min(seconds, cap) > delay {
                delay = min(seconds, cap)
                s.hint = ServerHint(kind: kind, seconds: seconds)
            }
            // A hint held to the cap stays within it: jittered past it, a day's <ttl> under max_interval: 2h was polled
            // in 2h 2m while `feeds` said "at most poll.max_interval, 2h".
            delay = s.hint.map { $0.seconds > cap } == true ? min(jittered(delay, random), cap) : jittered(delay, random)
            let skip = SkipWindows(hours: signals.skipHours, days: signals.skipDays)
            s.nextPoll = skip.firstAllowed(from: now.addingTimeInterval(delay),
                                           limit: now.addingTimeInterval(max(delay, policy.maxInterval)))
            if s.nextPoll > now.addingTimeInterval(delay) {
                s.hint = ServerHint(kind: .skip, seconds: s.nextPoll.timeIntervalSince(now))
            }
            s.notBefore = nil
            if let ra = signals.retryAfter {
                let planned = s.nextPoll
                hold(&s, &plan, retryAfter: ra, hostWide: false, now: now)
                // The server's Retry-After put the poll back, not the hint: `feeds` must not send the operator to max_interval.
                if s.nextPoll > planned { s.hint = nil }
            }

        case .failed(let failure):
            s.hint = nil
            let base = feed.interval ?? s.interval ?? policy.interval
            let cap = max(policy.maxBackoff, base)
            // The daemon's store refused the poll (a full disk): the feed answered, so it keeps its pace and its
            // streak. Backed off as the feed's failure, every feed was broken after a few polls of a full disk and
            // came back up to its backoff later once space was freed (CI of stop 33).
            if failure.isTheStores {
                let delay = s.errorStreak == 0 ? base : Self.backoff(streak: s.errorStreak, base: base, cap: cap)
                s.nextPoll = now.addingTimeInterval(jittered(delay, random))
                s.notBefore = nil
                break
            }
            s.errorStreak += 1
            // Gone for good, says the server: broken at once, and asked again only at the
            // backoff cap, in case it was a mistake (a later success revives the feed).
            let gone = failure.category == PollFailure.gone
            let delay = gone ? cap : Self.backoff(streak: s.errorStreak, base: base, cap: cap)
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

    /// The wait after the `streak`th failure in a row: the interval, doubled at each failure after the first, up to `cap`.
    private static func backoff(streak: Int, base: TimeInterval, cap: TimeInterval) -> TimeInterval {
        min(cap, base * pow(2, Double(min(streak - 1, 40))))
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
        return policy.learnedBounds(estimate)
    }

    private func jittered(_ delay: TimeInterval, _ random: Double) -> TimeInterval {
        delay * (1 + policy.jitter * (2 * min(max(random, 0), 1) - 1))
    }

    private func hold(_ s: inout FeedSchedule, _ plan: inout Plan, retryAfter: TimeInterval, hostWide: Bool, now: Date) {
        let until = now.addingTimeInterval(min(max(retryAfter, 0), policy.maxRetryAfter))
        s.notBefore = until
        s.nextPoll = max(s.nextPoll, until)
        // A Retry-After of 0, or a date the server's slow clock puts in our past, holds the host for no time: no hold
        // (one that ended at once was logged "host asked for a pause" at every poll).
        if hostWide, retryAfter > 0, let host = s.host { plan.hostHold = HostHold(host: host, until: until) }
    }
}

extension DaemonConfig.PollDefaults {
    /// A learned interval as the policy bounds it: `min_interval` to `max_interval` (the minimum wins when they cross).
    /// The planner learns and re-plans by it, and `wirewatch feeds` shows it so.
    func learnedBounds(_ interval: TimeInterval) -> TimeInterval {
        min(max(interval, minInterval), max(maxInterval, minInterval))
    }
}
