import Foundation
import Logging
import Store
import WirewatchCore

/// Drains one sink's queue in the outbox: sends what is due, records each
/// outcome, and schedules retries. Each sink has its own worker, and a worker
/// has at most `concurrency` deliveries in flight, so a slow or failing sink
/// never delays another. A receiver that asks the sink to wait (`SinkPause`)
/// holds this sink alone: the worker starts nothing more of it, and claims
/// nothing until the hold (kept in the store, `SinkHold`) ends, or is lifted.
public struct DeliveryWorker: Sendable {
    public struct Options: Sendable, Hashable {
        /// Deliveries of this sink in flight at once.
        public var concurrency: Int
        /// Digest mode: wait until the oldest queued alert is this old, then send everything due as one message.
        public var digest: TimeInterval?
        public init(concurrency: Int = 1, digest: TimeInterval? = nil) {
            self.concurrency = max(1, concurrency); self.digest = digest
        }
    }

    /// The most deliveries a `drainOnce` of `run` attempts: one batch, flushed (fsynced) once. A
    /// failed flush takes back at most this many alert-log lines, which a reader of the log must
    /// remember (`AlertLogCursor.remembered`).
    public static let batchLimit = 100

    /// How often at most a batch records the answers of a sink whose answer is final (`AlertSink.answerIsFinal`)
    /// while it runs: a daemon killed mid-batch sends again what was answered since, not the whole batch
    /// (up to 100 requests a receiver had taken were sent again, exploratory finding of stop 31).
    public static let answerRecordInterval: TimeInterval = 0.25

    /// On a store other daemons share, how often at most a batch reads its sink's hold again before it
    /// starts a delivery: another daemon may have been asked to wait meanwhile (`holdRecheck`).
    public static let sharedHoldRecheck: TimeInterval = 1

    public let sink: any AlertSink
    public let store: any WirewatchStore
    public let policy: RetryPolicy
    public let clock: any WirewatchClock
    public let doorbell: Doorbell
    public let options: Options
    /// How often at most a batch reads the sink's hold again before starting a delivery; nil on a store only
    /// this daemon uses, where only this worker saves the sink's holds and the read before each batch is enough.
    public let holdRecheck: TimeInterval?
    /// Told each recorded attempt's sink, and whether it failed: counted in the process for /metrics, as
    /// counts read from the outbox fall when retention prunes it (trial2 finding 27).
    public let onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)?
    let logger: Logger
    /// Whether the sink is failing, across batches: said once, not per delivery (`sayTrouble`); handed to the
    /// worker that succeeds this one at a reload, so that an edit that mends a failing sink is followed by
    /// `sink delivers again` (review of sinkflood, 5).
    public let trouble: SinkTroubleLog
    /// When the retries this worker recorded fall due (`RetryWakeups`).
    let wakeups = RetryWakeups()

    public init(sink: any AlertSink, store: any WirewatchStore, policy: RetryPolicy, clock: any WirewatchClock,
                doorbell: Doorbell, logger: Logger, options: Options = Options(), holdRecheck: TimeInterval? = nil,
                onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)? = nil,
                trouble: SinkTroubleLog = SinkTroubleLog()) {
        self.sink = sink
        self.trouble = trouble
        self.store = store
        self.policy = policy
        self.clock = clock
        self.doorbell = doorbell
        self.logger = logger
        self.options = options
        self.holdRecheck = holdRecheck
        self.onAttempt = onAttempt
    }

    /// Runs until cancelled, or until `retired` says so. Retiring (a reload
    /// that edits or removes the sink) lets the attempts in flight finish and
    /// record their outcome, and starts no other: what it did not start stays
    /// due for the worker that follows. While the sink is held the hold is read
    /// again every second (or at each ring): a hold lifted (`deliver resume`) or
    /// lengthened by another daemon is followed within about a second.
    public func run(until retired: @escaping @Sendable () -> Bool = { false }) async {
        var paused: SinkHold?
        // Said once when the store stops answering, and once when it answers again: tried every second, an
        // outage of the database wrote an error line per sink per second (trial finding 27).
        var unreadable = false
        while !Task.isCancelled && !retired() {
            var sent = 0
            do {
                // Read before each batch, so a hold saved by another daemon on a shared store, or before a restart, holds here too.
                let now = clock.now()
                let hold = try store.sinkHold(sink: sink.id, now: now)
                say(hold, before: paused, now: now)
                paused = hold
                if hold == nil { sent = try await drain(limit: DeliveryWorker.batchLimit, retired: retired) }
                // Once the queue itself was read, not only the hold: a store that answers one and fails the
                // other would say "again" and "unreadable" every second.
                if unreadable {
                    logger.notice("delivery queue readable again", metadata: ["sink": "\(sink.id)"])
                    unreadable = false
                }
            } catch {
                if unreadable {
                    logger.debug("delivery queue still unreadable", metadata: ["sink": "\(sink.id)", "error": "\(error)"])
                } else {
                    logger.error("delivery queue unreadable; tried again every second, and said when it reads again",
                                 metadata: ["sink": "\(sink.id)", "error": "\(error)"])
                    unreadable = true
                }
            }
            if sent == 0 && !retired() {
                let wait = wakeups.wait(now: clock.now(), atMost: 1)
                if wait > 0 { await doorbell.wait(seconds: wait) }
            }
        }
    }

    /// Delivers what is due now, unless the sink is held; returns how many deliveries were attempted.
    @discardableResult
    public func drainOnce(limit: Int = DeliveryWorker.batchLimit, retired: @escaping @Sendable () -> Bool = { false }) async throws -> Int {
        if try store.sinkHold(sink: sink.id, now: clock.now()) != nil { return 0 }
        return try await drain(limit: limit, retired: retired)
    }

    /// One line when a pause starts and one when it ends, however many deliveries it held; a pause that
    /// ends before the time last read was lifted (`deliver resume`, a reload, on a shared store any daemon's).
    private func say(_ hold: SinkHold?, before: SinkHold?, now: Date) {
        if let hold, before == nil {
            logger.warning("sink paused: its receiver asked it to wait; no delivery of it starts until then",
                           metadata: ["sink": "\(sink.id)", "until": "\(hold.until.formatted(.iso8601))", "reason": "\(hold.reason)"])
        } else if hold == nil, let before {
            logger.notice(before.until > now ? "sink pause lifted before its end: its deliveries resume" : "sink pause over: its deliveries resume",
                          metadata: ["sink": "\(sink.id)"])
        }
    }

    private func drain(limit: Int, retired: @escaping @Sendable () -> Bool) async throws -> Int {
        let now = clock.now()
        let due = try store.dueDeliveries(sink: sink.id, now: now, limit: limit)
        guard !due.isEmpty else { return 0 }
        if let window = options.digest { return try await sendDigest(due, window: window, now: now) }
        let (outcomes, paused, recorded) = await deliverBounded(due, retired: retired)
        let flushed = await sink.flush()
        let settled = outcomes.map { d, outcome in (d, outcome == .delivered ? flushed : outcome) }
        // What the receiver did is said before the store records it: a store error in the records skipped the
        // sink's first failure or its recovery (review of sinkflood, 5).
        sayTrouble(settled)
        // The delivered first, in one transaction: a store error after them costs a retry, not a duplicate.
        try recordDelivered(settled.filter { $0.1 == .delivered && !recorded.contains($0.0.record.id) }.map(\.0))
        try await hold(settled)
        for (d, outcome) in settled where outcome != .delivered {
            try record(d, outcome, random: Double.random(in: 0..<1))
        }
        if paused { handBack(due, started: outcomes.map(\.0)) }
        return outcomes.count
    }

    /// Every delivery of `due`, at most `concurrency` at a time; stops starting new ones when cancelled or
    /// retired, or when the sink is paused: by an answer here, or (on a shared store) by a hold another
    /// daemon saved since the batch began. `paused`: whether a pause kept some of `due` from starting.
    /// `recorded`: the alerts whose delivery was recorded as it was answered (`answerIsFinal`), at most every
    /// `answerRecordInterval`; a store error leaves them to the batch's end, which records them again.
    private func deliverBounded(_ due: [PendingDelivery], retired: @escaping @Sendable () -> Bool) async
        -> (outcomes: [(PendingDelivery, DeliveryOutcome)], paused: Bool, recorded: Set<String>) {
        await withTaskGroup(of: (Int, DeliveryOutcome).self) { group in
            var answered: [PendingDelivery] = [], recorded: Set<String> = [], lastRecorded = clock.now()
            func recordAnswered() {
                let now = clock.now()
                guard !answered.isEmpty, now.timeIntervalSince(lastRecorded) >= DeliveryWorker.answerRecordInterval else { return }
                lastRecorded = now
                guard (try? recordDelivered(answered)) != nil else { return }
                recorded.formUnion(answered.map(\.record.id))
                answered = []
            }
            var next = 0
            // Once the receiver asks the sink to wait, what is not started stays pending, untouched.
            var paused = false
            // The hold was read just before the batch.
            var looked = clock.now()
            func heldElsewhere() -> Bool {
                guard let every = holdRecheck else { return false }
                let now = clock.now()
                guard now.timeIntervalSince(looked) >= every else { return false }
                do {
                    let hold = try store.sinkHold(sink: sink.id, now: now)
                    // A read slower than its own period (a busy or silent database) is not asked again in this
                    // batch: waiting up to store.time_limit before every delivery would outlast the batch's claims.
                    let after = clock.now()
                    looked = after.timeIntervalSince(now) > every ? .distantFuture : after
                    return hold != nil
                } catch {
                    // Unreadable: the batch goes on, as it did before anyone looked, without asking again (each
                    // ask could wait out store.time_limit); the next batch reads the hold again.
                    looked = .distantFuture
                    return false
                }
            }
            func startNext() {
                guard !paused, next < due.count, !Task.isCancelled, !retired() else { return }
                if heldElsewhere() { paused = true; return }
                let i = next, record = due[i].record
                next += 1
                group.addTask { (i, await sink.deliver(record)) }
            }
            for _ in 0..<options.concurrency { startNext() }
            var outcomes: [(PendingDelivery, DeliveryOutcome)] = []
            while let (i, outcome) = await group.next() {
                outcomes.append((due[i], outcome))
                if case .pauseSink = outcome { paused = true }
                if outcome == .delivered && sink.answerIsFinal {
                    answered.append(due[i])
                    recordAnswered()
                }
                startNext()
            }
            return (outcomes, paused && next < due.count, recorded)
        }
    }

    /// Hands back the claims on the deliveries of `due` a pause kept from starting, once the pause is saved
    /// (no daemon takes them before it ends). Failing, the claims run out as a dead daemon's do.
    func handBack(_ due: [PendingDelivery], started: [PendingDelivery]) {
        let tried = Set(started.map(\.record.id))
        do {
            try store.releaseClaims(alerts: due.map(\.record.id).filter { !tried.contains($0) }, sink: sink.id)
        } catch {
            logger.warning("cannot hand back the claims on the deliveries the sink's pause held back: other daemons send them once the claims run out",
                           metadata: ["sink": "\(sink.id)", "error": "\(error)"])
        }
    }

    func recordDelivered(_ delivered: [PendingDelivery]) throws {
        guard !delivered.isEmpty else { return }
        try store.markDelivered(alerts: delivered.map(\.record.id), sink: sink.id, now: clock.now())
        onAttempt?(sink.id, delivered.count, false)
        for d in delivered {
            logger.info("alert delivered", metadata: ["sink": "\(sink.id)", "alert": "\(d.record.id)", "rule": "\(d.record.rule)"])
        }
    }

    /// Saves the longest pause the receiver asked for in `settled`, before the attempts are recorded:
    /// a store error between the two then leaves the sink held, not its deliveries due. The hold names
    /// its receiver, so a daemon that starts the sink pointed at another lifts it (`DeliveryCrew`).
    func hold(_ settled: [(PendingDelivery, DeliveryOutcome)]) async throws {
        let at = clock.now()
        let holds = settled.compactMap { d, outcome -> SinkHold? in
            guard case .pauseSink(let reason, _) = outcome,
                  let until = SinkPause.until(outcome, now: at, backoff: policy.backoff(after: d.attempts + 1)) else { return nil }
            return SinkHold(sink: sink.id, until: until, reason: reason)
        }
        guard var longest = holds.max(by: { $0.until < $1.until }) else { return }
        longest.receiver = await sink.receiverMark()
        try store.save(longest)
    }

    func record(_ d: PendingDelivery, _ outcome: DeliveryOutcome, random: Double) throws {
        let at = clock.now()
        defer { if outcome != .delivered { onAttempt?(sink.id, 1, true) } }
        let meta: Logger.Metadata = ["sink": "\(sink.id)", "alert": "\(d.record.id)", "rule": "\(d.record.rule)"]
        switch outcome {
        case .delivered:
            try recordDelivered([d])
        case .retry(let reason, let after):
            let next = policy.nextAttempt(after: d.attempts + 1, firstAttempt: d.firstAttempt ?? at, now: at,
                                          retryAfter: after, random: random)
            try store.markFailed(alert: d.record.id, sink: sink.id, error: reason, retryAt: next, now: at)
            if let next { wakeups.add(next) }
            // Given up (past max_age) is as lost to the receiver as a rejection: the same level, error (trial finding 16).
            // A retry is said at debug: the sink's failing is said once, for its cause (`sayTrouble`).
            logger.log(level: next == nil ? .error : .debug, next == nil ? "delivery dead-lettered" : "delivery failed, will retry",
                       metadata: meta.merging(["error": "\(reason)"]) { a, _ in a })
        case .pauseSink(let reason, let after):
            // Tried again when the sink's pause ends (the same capped wait), and dead-lettered past the maximum age as any retry.
            let wait = SinkPause.delay(after, backoff: policy.backoff(after: d.attempts + 1))
            let next = policy.nextAttempt(after: d.attempts + 1, firstAttempt: d.firstAttempt ?? at, now: at,
                                          retryAfter: wait, random: random)
            try store.markFailed(alert: d.record.id, sink: sink.id, error: reason, retryAt: next, now: at)
            // A retry is said at debug: the pause has its own line (`say`).
            logger.log(level: next == nil ? .error : .debug,
                       next == nil ? "delivery dead-lettered" : "delivery failed, will retry when the sink's pause ends",
                       metadata: meta.merging(["error": "\(reason)"]) { a, _ in a })
        case .reject(let reason):
            try store.markFailed(alert: d.record.id, sink: sink.id, error: reason, retryAt: nil, now: at)
            logger.error("delivery rejected, dead-lettered", metadata: meta.merging(["error": "\(reason)"]) { a, _ in a })
        }
    }
}
