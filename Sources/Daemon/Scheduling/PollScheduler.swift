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
    private let store: any ScheduleStore
    private let clock: any WirewatchClock
    private let random: @Sendable () -> Double
    private let monitor: PipelineMonitor
    private let drain: DrainState
    let wakeup = Wakeup()
    private let onPolled: @Sendable (FeedPoll.Report) async -> Void
    private let onAbandon: @Sendable () -> Void
    private let logger: Logger
    /// On a store several daemons share: a feed is polled only under its lease.
    private let claims: FeedLeaseClaims?

    init(poller: FeedPoll, setup: @escaping @Sendable () -> WatchSetup, store: any ScheduleStore, clock: any WirewatchClock,
         random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, monitor: PipelineMonitor, drain: DrainState,
         logger: Logger, leases: (any FeedLeases)? = nil, leaseMargin: TimeInterval = PipelineHealth.analysisAllowance,
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

    /// The loop's own state between turns.
    private struct Turn {
        var schedules: [FeedID: FeedSchedule] = [:]
        var stored: [FeedID: FeedSchedule] = [:]
        var holds: [String: Date] = [:]
        /// When `holds` were last read from the store.
        var holdsRead: Date?
        var known: [FeedConfig] = []
        var knownPolicy: DaemonConfig.PollDefaults?
        var inFlight: Set<FeedID> = []
        var drainDeadline: Date?
        /// Feeds not in flight, by when they are due: a turn looks at what it starts, not at every feed.
        var queue = PollQueue()
        /// Each configured feed's place in `known`, for ties in the queue and for finding a polled feed.
        var order: [FeedID: Int] = [:]

        /// When a feed may start: its next poll, or its host's hold if later.
        static func effectiveNext(_ s: FeedSchedule, holds: [String: Date]) -> Date {
            guard !holds.isEmpty, let host = s.host, let held = holds[host] else { return s.nextPoll }
            return max(s.nextPoll, held)
        }

        /// Queues a feed that is configured and not in flight at its next poll.
        mutating func enqueue(_ feed: FeedID) {
            guard let schedule = schedules[feed], let order = order[feed], !inFlight.contains(feed) else { return }
            queue.add(feed, order: order, schedule: schedule, due: Self.effectiveNext(schedule, holds: holds))
        }

        /// What the queue reads of this turn's state (a copy: the queue is mutated beside it).
        var lookup: PollQueue.Lookup {
            let schedules = schedules, holds = holds, inFlight = inFlight
            return PollQueue.Lookup(
                schedule: { schedules[$0] },
                effectiveNext: { Self.effectiveNext($0, holds: holds) },
                inFlight: { inFlight.contains($0) })
        }

        /// The configured feed `id` in `feeds` (the setup now, which a reload may have changed since `known`).
        func feed(_ id: FeedID, in feeds: [FeedConfig]) -> FeedConfig? {
            if let i = order[id], i < feeds.count, feeds[i].id == id { return feeds[i] }
            return feeds.first { $0.id == id }
        }
    }

    private func loop() async {
        var turn = Turn()
        do {
            turn.stored = try store.feedSchedules()
            turn.holdsRead = clock.now()
            turn.holds = Dictionary(try store.hostHolds(now: clock.now()).map { ($0.host, $0.until) }, uniquingKeysWith: max)
        } catch {
            logger.error("cannot read feed schedules; polling every feed now", metadata: ["error": "\(error)"])
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
                    if claims != nil { readSharedHolds(&turn, now: now) }
                    for feed in due(&turn, current, now: now) {
                        turn.inFlight.insert(feed.id)
                        let url = turn.schedules[feed.id]?.url ?? feed.url
                        monitor.update { $0.health.pollStarted(feed.id, at: now, timeout: feed.fetchTimeout(current.config.poll)) }
                        group.addTask { await self.start(feed, url: url, setup: current) }
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

    /// Polls `feed`, under its lease on a shared store.
    private func start(_ feed: FeedConfig, url: String, setup: WatchSetup) async -> Event {
        guard let claims else { return .polled(await poller.poll(feed, url: url, setup: setup), shared: nil) }
        switch claims.claim(feed, timeout: feed.fetchTimeout(setup.config.poll), now: clock.now()) {
        case .wait(let until):
            return .notPolled(feed.id, until: until)
        case .poll(let shared):
            let from = shared.flatMap { $0.configuredURL == feed.url ? $0.url : nil } ?? url
            return .polled(await poller.poll(feed, url: from, setup: setup), shared: shared)
        }
    }

    /// Takes the schedule another daemon saved for a configured feed (its error streak, learned interval, hold).
    private func adopt(_ shared: FeedSchedule, _ turn: inout Turn, _ current: WatchSetup) {
        guard let feed = turn.feed(shared.feed, in: current.config.feeds), turn.schedules[feed.id] != nil else { return }
        let schedule = PollPlanner(policy: current.config.poll).reconcile(shared, with: feed, now: clock.now())
        turn.schedules[feed.id] = schedule
        monitor.update { $0.setSchedule(schedule) }
    }

    /// Other daemons on a shared store save the holds their feeds' hosts asked for (Retry-After on a 429):
    /// read again before feeds start, at most every `sharedHoldsEvery` seconds, so that a host which asked
    /// one daemon for a pause is paused by all of them, not only by those started since. A store that does
    /// not answer keeps the holds known (the feed claims say the outage).
    private func readSharedHolds(_ turn: inout Turn, now: Date) {
        if let read = turn.holdsRead, now.timeIntervalSince(read) < Self.sharedHoldsEvery, now >= read { return }
        turn.holdsRead = now
        guard let shared = try? store.hostHolds(now: now) else { return }
        for hold in shared { turn.holds[hold.host] = max(turn.holds[hold.host] ?? hold.until, hold.until) }
        turn.holds = turn.holds.filter { $0.value > now }
    }

    static let sharedHoldsEvery: TimeInterval = 5

    /// Brings the schedules in line with the config when its feeds or poll policy changed.
    private func reconcile(_ turn: inout Turn, _ current: WatchSetup, now: Date) {
        guard current.config.feeds != turn.known || current.config.poll != turn.knownPolicy else { return }
        let planner = PollPlanner(policy: current.config.poll)
        var next: [FeedID: FeedSchedule] = [:]
        for feed in current.config.feeds {
            next[feed.id] = planner.reconcile(turn.schedules[feed.id] ?? turn.stored[feed.id], with: feed, now: now)
        }
        if turn.knownPolicy != nil {
            let added = Set(next.keys).subtracting(turn.schedules.keys).count
            let removed = Set(turn.schedules.keys).subtracting(next.keys).count
            // Which feeds an edit changed: among 20,000, the operator looks for the one they edited.
            let before = Dictionary(turn.known.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let edited = current.config.feeds.filter { f in before[f.id].map { $0 != f } ?? false }.map(\.id.rawValue)
            var metadata: Logger.Metadata = ["feeds": "\(next.count)", "added": "\(added)", "removed": "\(removed)"]
            if !edited.isEmpty {
                metadata["edited"] = "\(RuleChanges.list(edited))"
            }
            logger.info("feeds reconciled", metadata: metadata)
        }
        turn.schedules = next
        turn.known = current.config.feeds
        turn.knownPolicy = current.config.poll
        turn.order = Dictionary(current.config.feeds.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        turn.queue = PollQueue()
        for feed in current.config.feeds { turn.enqueue(feed.id) }
        monitor.update { $0.replaceSchedules(next) }
    }

    /// Feeds due now and not held, earliest first, up to the free concurrency.
    private func due(_ turn: inout Turn, _ current: WatchSetup, now: Date) -> [FeedConfig] {
        let free = current.config.poll.concurrency - turn.inFlight.count
        guard free > 0 else { return [] }
        let lookup = turn.lookup
        return turn.queue.takeDue(now: now, limit: free, lookup).compactMap { turn.feed($0, in: turn.known) }
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
                    logger.notice("host asked for a pause", metadata: ["host": "\(hold.host)", "until": "\(hold.until)", "feed": "\(feed.id)"])
                }
            } catch {
                logger.error("cannot save feed schedule", metadata: ["feed": "\(feed.id)", "error": "\(error)"])
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

    private func log(_ event: PollPlanner.Event, feed: FeedConfig, report: FeedPoll.Report, schedule: FeedSchedule,
                     current: WatchSetup, now: Date) -> FeedPoll.CreatedAlert? {
        let error = "\(report.label): \(report.error ?? "")"
        switch event {
        case .moved(let from, let to):
            logger.notice("feed moved permanently; polling the new URL", metadata: ["feed": "\(feed.id)", "from": "\(from)", "to": "\(to)"])
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
