import Foundation
import Logging
import ServiceLifecycle
import Store
import WirewatchCore

/// Polls each feed when its schedule says, a bounded number at a time, and
/// plans the next poll from what this one observed (`PollPlanner`). Reads the
/// setup on every turn, so a reload's feeds take effect without a restart.
/// On graceful shutdown it starts nothing new and lets in-flight polls finish,
/// up to the drain bound; then it aborts the fetches that are left.
final class PollScheduler: Service, Sendable {
    typealias ScheduleStore = FeedScheduleStore & OperationalAlertStore

    private let poller: FeedPoll
    private let setup: @Sendable () -> WatchSetup
    let store: any ScheduleStore
    private let clock: any WirewatchClock
    private let random: @Sendable () -> Double
    let monitor: PipelineMonitor
    private let drain: DrainState
    let wakeup = Wakeup()
    private let onPolled: @Sendable (FeedPoll.Report) async -> Void
    private let onAbandon: @Sendable () -> Void
    let logger: Logger
    /// On a store several daemons share: a feed is polled only under its lease.
    private let claims: FeedLeaseClaims?
    /// On a store several daemons share: the host holds the others saved.
    private let sharedHolds: SharedHostHolds?
    /// On a store several daemons share: who else is live, to leave them the feeds they prefer for a while.
    private let live: LiveDaemons?

    init(poller: FeedPoll, setup: @escaping @Sendable () -> WatchSetup, store: any ScheduleStore, clock: any WirewatchClock,
         random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, monitor: PipelineMonitor, drain: DrainState,
         logger: Logger, leases: (any FeedLeases)? = nil, leaseMargin: TimeInterval = PipelineHealth.analysisAllowance,
         live: LiveDaemons? = nil,
         onPolled: @escaping @Sendable (FeedPoll.Report) async -> Void, onAbandon: @escaping @Sendable () -> Void) {
        self.poller = poller
        self.setup = setup
        self.store = store
        self.clock = clock
        self.random = random
        self.monitor = monitor
        self.drain = drain
        self.logger = logger
        self.onPolled = onPolled
        self.onAbandon = onAbandon
        claims = leases.map { FeedLeaseClaims(leases: $0, margin: leaseMargin, logger: logger) }
        sharedHolds = leases.map { _ in SharedHostHolds(read: { [store] in try store.hostHolds(now: $0) }, logger: logger) }
        self.live = live
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            self.drain.beginDraining()
            self.wakeup.ring()
        }
    }

    private enum Event: Sendable {
        case timer
        /// `shared`: the store's schedule, as the feed's lease was claimed with.
        case polled(FeedPoll.Report, shared: FeedSchedule?)
        /// Not polled: another daemon holds the lease or polled it since, or the store did not answer.
        case notPolled(FeedID, until: Date)
    }

    private func loop() async {
        var turn = Turn()
        do {
            turn.stored = try store.feedSchedules()
            turn.holds = Dictionary(try store.hostHolds(now: clock.now()).map { ($0.host, $0.until) }, uniquingKeysWith: max)
        } catch {
            logger.error("cannot read feed schedules; polling every feed now", metadata: ["error": "\(error)"])
            if turn.stored.isEmpty { turn.historyUnknown = Set(setup().config.feeds.map(\.id)) }
        }
        await withTaskGroup(of: Event.self) { group in
            var armedDeadline: Date?
            while true {
                let current = setup()
                let now = clock.now()
                reconcile(&turn, current, now: now)
                if Task.isCancelled && !drain.isAbandoning {
                    // Cancelled (the group's backstop, or a test): stop waiting for slow fetches.
                    drain.abandon()
                    onAbandon()
                }
                if drain.isDraining {
                    if turn.inFlight.isEmpty { break }
                    let deadline = turn.drainDeadline ?? now.addingTimeInterval(current.config.daemon.drainTimeout)
                    turn.drainDeadline = deadline
                    if now >= deadline && !drain.isAbandoning {
                        logger.warning("drain bound reached; abandoning in-flight polls", metadata: ["polls": "\(turn.inFlight.count)"])
                        drain.abandon()
                        onAbandon()
                    }
                } else {
                    if let sharedHolds { adoptSharedHolds(sharedHolds, &turn, now: now) }
                    for feed in due(&turn, current, now: now) {
                        turn.inFlight.insert(feed.id)
                        let url = turn.schedules[feed.id]?.url ?? feed.url
                        monitor.update { $0.health.pollStarted(feed.id, at: now, timeout: feed.fetchTimeout(current.config.poll)) }
                        let host = turn.schedules[feed.id]?.host
                        let interval = feed.interval ?? turn.schedules[feed.id]?.interval ?? current.config.poll.interval
                        // Unread, the store's schedules cannot say which feeds were never listed: taking every feed as new
                        // would store what was published while the daemon was down without alerts under `backlog: skip`.
                        let firstListing = !turn.historyUnknown.contains(feed.id) && turn.schedules[feed.id]?.lastSuccess == nil
                        group.addTask {
                            await self.start(feed, url: url, host: host, interval: interval, firstListing: firstListing, setup: current)
                        }
                    }
                }
                let deadline = nextTurn(&turn, now: now)
                if let armed = armedDeadline, deadline < armed {
                    // A poll finished or the config changed: something is due sooner than the timer
                    // will fire. Ring it; it returns as `.timer` and is armed again below.
                    wakeup.ring()
                } else if armedDeadline == nil && !drain.isAbandoning {
                    armedDeadline = deadline
                    monitor.update { $0.health.loopTurned(nextTurn: deadline) }
                    group.addTask { [wakeup, clock] in
                        await wakeup.wait(until: deadline, clock: clock)
                        return .timer
                    }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .timer:
                    armedDeadline = nil
                case .polled(let report, let shared):
                    turn.inFlight.remove(report.feed)
                    monitor.update { $0.health.pollFinished(report.feed) }
                    if let shared { adopt(shared, &turn, setup()) }
                    await finish(report, &turn, setup())
                case .notPolled(let feed, let until):
                    turn.inFlight.remove(feed)
                    monitor.update { $0.health.pollFinished(feed) }
                    if var schedule = turn.schedules[feed], schedule.nextPoll < until {
                        schedule.nextPoll = until
                        turn.schedules[feed] = schedule
                        monitor.update { $0.setSchedule(schedule) }
                    }
                    turn.enqueue(feed)
                }
            }
            group.cancelAll()
        }
    }

    /// Polls `feed`, under its lease on a shared store, unless another daemon saved a hold on its host.
    /// `firstListing`: this daemon's schedule has no successful poll of the feed (the store's, under the lease, decides).
    private func start(_ feed: FeedConfig, url: String, host: String?, interval: TimeInterval, firstListing: Bool,
                       setup: WatchSetup) async -> Event {
        guard let claims else {
            return .polled(await poller.poll(feed, url: url, setup: setup, firstListing: firstListing), shared: nil)
        }
        if let sharedHolds {
            sharedHolds.refresh(now: clock.now())
            if let until = sharedHolds.held(host, now: clock.now()) { return .notPolled(feed.id, until: until) }
        }
        switch claims.claim(feed, timeout: feed.fetchTimeout(setup.config.poll), interval: interval, now: clock.now()) {
        case .wait(let until):
            return .notPolled(feed.id, until: until)
        case .poll(let shared):
            let mine = shared.flatMap { $0.configuredURL == feed.url ? $0 : nil }
            let from = mine?.url ?? url
            let first = shared == nil ? firstListing : mine?.lastSuccess == nil
            return .polled(await poller.poll(feed, url: from, setup: setup, firstListing: first), shared: shared)
        }
    }

    /// Takes the schedule another daemon saved for a configured feed (its error streak, learned interval, hold).
    private func adopt(_ shared: FeedSchedule, _ turn: inout Turn, _ current: WatchSetup) {
        guard let feed = turn.feed(shared.feed, in: current.config.feeds), turn.schedules[feed.id] != nil else { return }
        let schedule = PollPlanner(policy: current.config.poll).reconcile(shared, with: feed, now: clock.now())
        turn.schedules[feed.id] = schedule
        monitor.update { $0.setSchedule(schedule) }
    }

    /// The holds other daemons saved, as the polls' tasks last read them (`SharedHostHolds`), for the feeds queued.
    private func adoptSharedHolds(_ shared: SharedHostHolds, _ turn: inout Turn, now: Date) {
        for (host, until) in shared.known(now: now) { turn.holds[host] = max(turn.holds[host] ?? until, until) }
        turn.holds = turn.holds.filter { $0.value > now }
    }

    /// Feeds due now and not held, earliest first, up to the free concurrency. On a shared store, a feed
    /// another live daemon prefers is queued again for the end of its grace instead (`PollShare`).
    private func due(_ turn: inout Turn, _ current: WatchSetup, now: Date) -> [FeedConfig] {
        var free = current.config.poll.concurrency - turn.inFlight.count
        let share = live.map(\.share)
        var starting: [FeedConfig] = []
        while free > 0 {
            let lookup = turn.lookup
            let taken = turn.queue.takeDue(now: now, limit: free, lookup).compactMap { turn.feed($0, in: turn.known) }
            var left = false
            for feed in taken {
                if let share, let until = leftToOthers(feed, share, turn, current, now: now) {
                    turn.leave(feed.id, until: until)
                    left = true
                } else {
                    starting.append(feed)
                    free -= 1
                }
            }
            // A feed left to another daemon freed its place: look for one more due.
            if !left { break }
        }
        return starting
    }

    /// Until when `feed` is left to the daemon that prefers it; nil when this daemon asks for its lease now.
    private func leftToOthers(_ feed: FeedConfig, _ share: PollShare, _ turn: Turn, _ current: WatchSetup, now: Date) -> Date? {
        guard let schedule = turn.schedules[feed.id] else { return nil }
        let interval = feed.interval ?? schedule.interval ?? current.config.poll.interval
        let due = Turn.effectiveNext(schedule, holds: turn.holds)
        guard case .wait(let until) = share.turn(feed.id, due: due, interval: interval, now: now,
                                                      failing: schedule.errorStreak > 0) else { return nil }
        return until
    }

    /// When the loop must look again: the next due feed, the drain bound, or a minute from now at the latest.
    private func nextTurn(_ turn: inout Turn, now: Date) -> Date {
        var deadline = now.addingTimeInterval(60)
        if let drainDeadline = turn.drainDeadline { deadline = min(deadline, drainDeadline) }
        if !drain.isDraining {
            let lookup = turn.lookup
            if let next = turn.queue.earliest(lookup) { deadline = min(deadline, next) }
        }
        return max(deadline, now)
    }

    /// Plans the feed's next poll from its report, persists it, and tells the daemon.
    private func finish(_ report: FeedPoll.Report, _ turn: inout Turn, _ current: WatchSetup) async {
        // The lease goes back once the poll's schedule is saved (or the poll is dropped); after a failed
        // save it runs out, so another daemon does not poll at once from the schedule before this poll.
        guard !report.abandoned else {
            claims?.release(report.feed)
            turn.enqueue(report.feed)
            return
        }
        var report = report
        if let feed = turn.feed(report.feed, in: current.config.feeds), let before = turn.schedules[feed.id] {
            let now = clock.now()
            let plan = PollPlanner(policy: current.config.poll).plan(before, after: report.outcome, feed: feed, now: now, random: random())
            turn.schedules[feed.id] = plan.schedule
            turn.enqueue(feed.id)
            monitor.update { $0.setSchedule(plan.schedule) }
            do {
                try store.save(plan.schedule)
                claims?.release(feed.id)
                if let hold = plan.hostHold {
                    turn.holds[hold.host] = max(turn.holds[hold.host] ?? hold.until, hold.until)
                    try store.save(hold)
                    logger.notice("host asked for a pause", metadata: ["host": "\(hold.host)", "until": "\(hold.until.formatted(.iso8601))", "feed": "\(feed.id)"])
                }
            } catch {
                poller.storeTrouble.failed("feed schedule", feed: feed.id, error: error, logger: logger)
            }
            for event in plan.events {
                if let alert = log(event, feed: feed, report: report, schedule: plan.schedule, current: current, now: now) {
                    report.alerts.append(alert)
                    report.sinks.formUnion(current.config.sinks.map(\.id))  // the broken-feed alert's, for the sweep
                }
            }
        } else {
            // Removed by a reload while polled: no schedule of this daemon's to save.
            claims?.release(report.feed)
            report.configured = false
        }
        monitor.update {
            $0.pollsSinceStart += 1
            $0.articlesSinceStart += report.newArticles
            $0.alertsSinceStart += report.alerts.count
        }
        await onPolled(report)
    }
}
