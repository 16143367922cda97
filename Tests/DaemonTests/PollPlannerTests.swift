import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// The scheduler's decisions, one table row per rule: no clock, no sleeping.
@Suite struct PollPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_764_403_200)  // Saturday 2025-11-29 08:00:00 GMT
    static let url = "https://news.test/feed.xml"

    static var policy: DaemonConfig.PollDefaults {
        var p = DaemonConfig.PollDefaults()
        p.interval = 900
        p.minInterval = 300
        p.maxInterval = 7200
        p.jitter = 0.1
        p.maxBackoff = 21600
        p.maxRetryAfter = 86400
        p.brokenAfter = 3
        return p
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var fixedInterval: TimeInterval? = nil
        var learned: TimeInterval? = nil
        var streak = 0
        var brokenSince: Date? = nil
        var outcome: PollOutcome
        var random = 0.5
        /// Seconds from `now` to the next poll.
        var next: TimeInterval
        var interval: TimeInterval?? = .none
        var events: [PollPlanner.Event] = []
        var hostHold: TimeInterval? = nil
        /// The streak after a failure, when it is not one more.
        var streakAfter: Int? = nil
        var testDescription: String { name }
    }

    static func ago(_ minutes: [Double]) -> [Date] { minutes.map { now.addingTimeInterval(-$0 * 60) } }

    static let rows: [Row] = [
        // Fixed intervals, and server hints that may only lengthen them, up to the bound.
        Row(name: "fixed interval", fixedInterval: 60, outcome: .fetched(.init()), next: 60),
        Row(name: "ttl lengthens", fixedInterval: 60, outcome: .fetched(.init(ttl: 600)), next: 600),
        Row(name: "ttl within max bound", fixedInterval: 60, outcome: .fetched(.init(ttl: 86400)), next: 7200),
        Row(name: "ttl at the max bound is not jittered past it", fixedInterval: 60, outcome: .fetched(.init(ttl: 86400)), random: 1, next: 7200),
        Row(name: "ttl at the max bound is jittered below it", fixedInterval: 60, outcome: .fetched(.init(ttl: 86400)), random: 0, next: 6480),
        Row(name: "ttl never shortens", fixedInterval: 3600, outcome: .fetched(.init(ttl: 60)), next: 3600),
        Row(name: "cache-control lengthens", fixedInterval: 60, outcome: .notModified(.init(freshness: 1800)), next: 1800),
        Row(name: "cache-control within bound", fixedInterval: 60, outcome: .notModified(.init(freshness: 1e6)), next: 7200),
        // Adaptive: learned from the entries' dates, or from whether anything was new.
        Row(name: "busy feed polled at min", outcome: .fetched(.init(newArticles: 3, entryDates: ago([1, 11, 21, 31]))),
            next: 300, interval: 300),
        Row(name: "two-hourly feed", outcome: .fetched(.init(newArticles: 1, entryDates: ago([30, 150, 270]))),
            next: 3600, interval: 3600),
        Row(name: "silent feed slows to max", outcome: .fetched(.init(entryDates: ago([600, 660, 720]))),
            next: 7200, interval: 7200),
        Row(name: "undated, new items: halve", learned: 1200, outcome: .fetched(.init(newArticles: 2)), next: 600, interval: 600),
        Row(name: "undated, nothing new: grow", learned: 1200, outcome: .fetched(.init()), next: 1800, interval: 1800),
        Row(name: "304 grows", outcome: .notModified(.init()), next: 1350, interval: 1350),
        Row(name: "304 grows to max", learned: 7000, outcome: .notModified(.init()), next: 7200, interval: 7200),
        Row(name: "hint over learned", outcome: .notModified(.init(freshness: 3600)), next: 3600, interval: 1350),
        // Jitter: ± 10 % of the interval.
        Row(name: "jitter low", fixedInterval: 1000, outcome: .fetched(.init()), random: 0, next: 900),
        Row(name: "jitter high", fixedInterval: 1000, outcome: .fetched(.init()), random: 1, next: 1100),
        // skipHours / skipDays (GMT), within the max bound.
        Row(name: "skipHours", fixedInterval: 60, outcome: .fetched(.init(skipHours: [8, 9])), next: 7200),
        Row(name: "skipHours short", fixedInterval: 60, outcome: .fetched(.init(skipHours: [8])), next: 3600),
        Row(name: "skipHours not now", fixedInterval: 60, outcome: .fetched(.init(skipHours: [3, 4])), next: 60),
        Row(name: "skipDays capped", fixedInterval: 60, outcome: .fetched(.init(skipDays: [7])), next: 7200),
        Row(name: "skip all hours ignored", fixedInterval: 60, outcome: .fetched(.init(skipHours: Set(0..<24))), next: 60),
        // Errors: exponential backoff from the interval, capped; broken after N.
        Row(name: "first failure", fixedInterval: 60, outcome: .failed(.init(category: "timeout", message: "")), next: 60),
        Row(name: "second failure", fixedInterval: 60, streak: 1, outcome: .failed(.init(category: "timeout", message: "")), next: 120),
        Row(name: "third failure: broken", fixedInterval: 60, streak: 2, outcome: .failed(.init(category: "http-5xx", message: "")),
            next: 240, events: [.broken(streak: 3)]),
        Row(name: "broken stays broken quietly", fixedInterval: 60, streak: 5, brokenSince: now,
            outcome: .failed(.init(category: "http-5xx", message: "")), next: 1920),
        Row(name: "backoff cap", streak: 9, outcome: .failed(.init(category: "dns", message: "")), next: 21600,
            events: [.broken(streak: 10)]),
        Row(name: "backoff cap at least the interval", fixedInterval: 86400, streak: 3,
            outcome: .failed(.init(category: "dns", message: "")), next: 86400, events: [.broken(streak: 4)]),
        Row(name: "recovered", fixedInterval: 60, streak: 12, brokenSince: now.addingTimeInterval(-3600),
            outcome: .notModified(.init()), next: 60, events: [.recovered(afterFailures: 12)]),
        // 410 Gone: broken at once and asked again only at the backoff cap; said once per breakage.
        Row(name: "gone: broken at once, at the cap", fixedInterval: 60, outcome: .failed(.init(category: "gone", message: "HTTP 410")),
            next: 21600, events: [.gone]),
        Row(name: "gone again stays quiet", fixedInterval: 60, streak: 1, brokenSince: now,
            outcome: .failed(.init(category: "gone", message: "HTTP 410")), next: 21600),
        Row(name: "gone: the cap is at least the interval", fixedInterval: 86400,
            outcome: .failed(.init(category: "gone", message: "HTTP 410")), next: 86400, events: [.gone]),
        Row(name: "gone, then answering again", fixedInterval: 60, streak: 3, brokenSince: now.addingTimeInterval(-7200),
            outcome: .fetched(.init()), next: 60, events: [.recovered(afterFailures: 3)]),
        // The daemon's own store refused the poll (a full disk): the feed answered; it is neither backed off
        // nor broken for it, and a feed that was failing keeps its backoff (CI of stop 33: every feed broken).
        Row(name: "store refused: the feed keeps its pace", fixedInterval: 60,
            outcome: .failed(.init(category: "store", message: "database or disk is full")), next: 60, streakAfter: 0),
        Row(name: "store refused a failing feed's poll: its backoff stays, it does not break", fixedInterval: 60, streak: 2,
            outcome: .failed(.init(category: "store", message: "database or disk is full")), next: 120, streakAfter: 2),
        // Retry-After: per feed, and per host when the server speaks for the host.
        Row(name: "retry-after per feed", fixedInterval: 60,
            outcome: .failed(.init(category: "http-5xx", message: "", retryAfter: 3600)), next: 3600),
        Row(name: "retry-after per host", fixedInterval: 60,
            outcome: .failed(.init(category: "rate-limited", message: "", retryAfter: 600, hostWide: true)), next: 600, hostHold: 600),
        Row(name: "retry-after shorter than backoff", fixedInterval: 600, streak: 1,
            outcome: .failed(.init(category: "rate-limited", message: "", retryAfter: 30, hostWide: true)), next: 1200, hostHold: 30),
        Row(name: "retry-after in the past holds no host", fixedInterval: 60,
            outcome: .failed(.init(category: "rate-limited", message: "", retryAfter: -60, hostWide: true)), next: 60),
        Row(name: "retry-after capped", fixedInterval: 60,
            outcome: .failed(.init(category: "rate-limited", message: "", retryAfter: 1e7)), next: 86400),
        Row(name: "retry-after on success", fixedInterval: 60, outcome: .fetched(.init(retryAfter: 900)), next: 900),
    ]

    @Test(arguments: rows) func nextPoll(_ row: Row) {
        let planner = PollPlanner(policy: Self.policy)
        let feed = FeedConfig(id: FeedID("f"), url: Self.url, interval: row.fixedInterval, tags: [], allowFile: false, headers: [:])
        let before = FeedSchedule(feed: feed.id, configuredURL: Self.url, interval: row.learned, nextPoll: Self.now,
                                  errorStreak: row.streak, brokenSince: row.brokenSince)
        let plan = planner.plan(before, after: row.outcome, feed: feed, now: Self.now, random: row.random)
        #expect(abs(plan.schedule.nextPoll.timeIntervalSince(Self.now) - row.next) < 0.001,
                "next poll in \(plan.schedule.nextPoll.timeIntervalSince(Self.now)) s, expected \(row.next) s")
        if case .some(let interval) = row.interval { #expect(plan.schedule.interval == interval) }
        #expect(plan.events == row.events)
        #expect(plan.hostHold == row.hostHold.map { HostHold(host: "news.test", until: Self.now.addingTimeInterval($0)) })
        if case .failed = row.outcome {
            #expect(plan.schedule.errorStreak == row.streakAfter ?? row.streak + 1)
        } else {
            #expect(plan.schedule.errorStreak == 0)
            #expect(plan.schedule.brokenSince == nil)
            #expect(plan.schedule.lastSuccess == Self.now)
        }
    }

    @Test func permanentRedirectMovesTheFeed() {
        let planner = PollPlanner(policy: Self.policy)
        let feed = FeedConfig(id: FeedID("f"), url: Self.url, interval: 60, tags: [], allowFile: false, headers: [:])
        let s = planner.initial(feed, now: Self.now)
        let moved = planner.plan(s, after: .fetched(.init(movedTo: "https://new.test/rss")), feed: feed, now: Self.now, random: 0.5)
        #expect(moved.schedule.url == "https://new.test/rss")
        #expect(moved.schedule.configuredURL == Self.url)
        #expect(moved.events == [.moved(from: Self.url, to: "https://new.test/rss")])
        // Host holds follow the feed to its new host.
        let held = planner.plan(moved.schedule, after: .failed(.init(category: "rate-limited", message: "", retryAfter: 60, hostWide: true)),
                                feed: feed, now: Self.now, random: 0.5)
        #expect(held.hostHold?.host == "new.test")
        // A reload with the same configured URL keeps the move; a new configured URL starts over.
        #expect(planner.reconcile(moved.schedule, with: feed, now: Self.now).url == "https://new.test/rss")
        var edited = feed
        edited.url = "https://other.test/feed"
        let fresh = planner.reconcile(moved.schedule, with: edited, now: Self.now)
        #expect(fresh.url == "https://other.test/feed")
        #expect(fresh.nextPoll == Self.now)
    }

    @Test func reconcileAfterConfigEdits() {
        let planner = PollPlanner(policy: Self.policy)
        var feed = FeedConfig(id: FeedID("f"), url: Self.url, interval: 3600, tags: [], allowFile: false, headers: [:])
        #expect(planner.reconcile(nil, with: feed, now: Self.now).nextPoll == Self.now)
        let waiting = FeedSchedule(feed: feed.id, configuredURL: Self.url, nextPoll: Self.now.addingTimeInterval(3000))
        // The operator shortened the interval: the long wait is cut to the new interval.
        feed.interval = 60
        #expect(planner.reconcile(waiting, with: feed, now: Self.now).nextPoll == Self.now.addingTimeInterval(60))
        // …but never before the server's Retry-After.
        var held = waiting
        held.notBefore = Self.now.addingTimeInterval(1800)
        #expect(planner.reconcile(held, with: feed, now: Self.now).nextPoll == Self.now.addingTimeInterval(1800))
        // A failing feed keeps its backoff.
        var failing = waiting
        failing.errorStreak = 4
        #expect(planner.reconcile(failing, with: feed, now: Self.now).nextPoll == waiting.nextPoll)
    }

    /// A reload that shortens `poll.interval` or `poll.max_interval` re-plans from the last poll (trial finding 29):
    /// the next poll comes in to what the new settings give, and an unchanged setting moves nothing.
    @Test func reconcileAfterPollSettingsChange() {
        var policy = Self.policy
        policy.adaptive = false
        policy.interval = 3600
        let feed = FeedConfig(id: FeedID("f"), url: Self.url, tags: [], allowFile: false, headers: [:])
        let planned = PollPlanner(policy: policy).plan(PollPlanner(policy: policy).initial(feed, now: Self.now),
                                                       after: .fetched(.init()), feed: feed, now: Self.now, random: 0.9).schedule
        #expect(abs(planned.nextPoll.timeIntervalSince(Self.now) - 3600 * 1.08) < 0.001)
        #expect(planned.hint == nil)
        let later = Self.now.addingTimeInterval(8)
        #expect(PollPlanner(policy: policy).reconcile(planned, with: feed, now: later).nextPoll == planned.nextPoll)
        var shorter = policy
        shorter.interval = 3
        #expect(PollPlanner(policy: shorter).reconcile(planned, with: feed, now: later).nextPoll
                    == Self.now.addingTimeInterval(3 * (1 + policy.jitter)))

        // The feed's <ttl> put the poll an hour out; a reload lowering max_interval to a minute brings it in.
        policy.interval = 10
        let hinted = PollPlanner(policy: policy).plan(planned, after: .fetched(.init(ttl: 3600)), feed: feed, now: Self.now,
                                                      random: 0.5).schedule
        #expect(hinted.nextPoll == Self.now.addingTimeInterval(3600))
        #expect(hinted.hint == ServerHint(kind: .ttl, seconds: 3600))
        #expect(PollPlanner(policy: policy).reconcile(hinted, with: feed, now: later).nextPoll == hinted.nextPoll)
        var capped = policy
        capped.minInterval = 1
        capped.maxInterval = 60
        #expect(PollPlanner(policy: capped).reconcile(hinted, with: feed, now: later).nextPoll
                    == Self.now.addingTimeInterval(60 * (1 + policy.jitter)))
        // A Retry-After still holds it, and a failing feed keeps its backoff.
        var held = hinted
        held.notBefore = Self.now.addingTimeInterval(1800)
        #expect(PollPlanner(policy: capped).reconcile(held, with: feed, now: later).nextPoll == held.notBefore)
        var failing = hinted
        failing.errorStreak = 2
        #expect(PollPlanner(policy: capped).reconcile(failing, with: feed, now: later).nextPoll == hinted.nextPoll)
        // A poll without the hint forgets it; a failed one too.
        #expect(PollPlanner(policy: policy).plan(hinted, after: .notModified(.init()), feed: feed, now: later, random: 0.5).schedule.hint == nil)
        // A Retry-After beyond the ttl's wait is what puts the poll back: the ttl is not named (review of schedule, finding 8).
        let retried = PollPlanner(policy: policy).plan(planned, after: .fetched(.init(ttl: 60, retryAfter: 900)), feed: feed,
                                                       now: Self.now, random: 0.5).schedule
        #expect(retried.nextPoll == Self.now.addingTimeInterval(900) && retried.hint == nil)
        let shortRetry = PollPlanner(policy: policy).plan(planned, after: .fetched(.init(ttl: 3600, retryAfter: 60)), feed: feed,
                                                          now: Self.now, random: 0.5).schedule
        #expect(shortRetry.hint == ServerHint(kind: .ttl, seconds: 3600))
    }

    @Test func updateFrequencyIgnoresFutureDates() {
        let dates = Self.ago([-600, 10, 20])  // one entry "published" ten hours from now
        #expect(UpdateFrequency.interval(entryDates: dates, now: Self.now) == 300)
        #expect(UpdateFrequency.interval(entryDates: Self.ago([5]), now: Self.now) == nil)
        #expect(UpdateFrequency.interval(entryDates: Self.ago([5, 5]), now: Self.now) == nil)
    }
}
