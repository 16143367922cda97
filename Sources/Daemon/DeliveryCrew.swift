import Delivery
import Fetching
import Foundation
import Logging
import PostgresStore
import Store
import Synchronization
import WirewatchCore

/// The delivery workers of the sinks in the config, one per sink, following
/// the config across reloads. A sink that a reload edits (its settings, or a
/// secret its credential file now holds) or removes has its
/// worker retired first (attempts in flight finish with the old settings, no
/// other starts) and the sink stopped; only then does its successor start. So
/// no delivery is sent by two workers at once, and none is lost: what the old
/// worker did not start stays due in the outbox for the new one. A shutdown
/// during the swap cuts the retiring worker's attempts and starts no successor.
/// Which pauses a start or reload lifts: DeliveryCrew+Pauses.swift; what is left
/// for sinks no longer in the config: DeliveryCrew+RemovedSinks.swift.
actor DeliveryCrew {
    private struct Shift {
        let config: SinkConfig
        let sink: any AlertSink
        let retired: Retirement
        let task: Task<Void, Never>
        /// Whether the sink is failing: a successor (an edited sink) takes it on.
        let trouble: SinkTroubleLog
    }

    /// The caps of the fetcher the daemon gives its webhooks (`WirewatchDaemon`): requests beyond them wait
    /// in its queue, and the delivery claims count that wait (`DeliveryClaimLease`).
    static let fetcherLimits = Fetcher.Limits(maxConnectionsPerHost: 32, maxConnections: 128)

    let store: any DaemonStore
    let fetcher: Fetcher
    let clock: any WirewatchClock
    let doorbell: Doorbell
    let logger: Logger
    /// Whether each sink runs, for `deliver list` and /metrics.
    let states: SinkStates
    private var shifts: [String: Shift] = [:]
    /// Sinks started at the daemon's start whose workers have not started yet.
    var waiting: [(SinkConfig, any AlertSink)] = []
    /// Sinks a reload took out. On a shared store their pauses stay (another daemon may have the sink and
    /// its receiver still mean it); put back in this daemon's config, a pause whose hold names no receiver
    /// is lifted (`whyLift`).
    var takenOut: Set<String> = []
    /// The receiver (`ReceiverMark`) each sink a reload stopped posted to, until its successor starts, for a
    /// hold that names no receiver (saved before holds did): one that cannot start (a secret missing) must not
    /// forget it, or the reload that mends it and points the sink elsewhere would keep the old receiver's pause.
    var formerReceivers: [String: String?] = [:]

    /// Told each delivery attempt (`DeliveryWorker.onAttempt`): the daemon's metrics count them.
    let onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)?

    /// `states` is the daemon's one writer of `sink_state` (its poll callback retries a refused write), so it
    /// is given, not made here: a second would save beside it.
    init(store: any DaemonStore, fetcher: Fetcher, clock: any WirewatchClock, doorbell: Doorbell, logger: Logger,
         states: SinkStates, onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)? = nil) {
        self.onAttempt = onAttempt
        self.store = store
        self.states = states
        self.fetcher = fetcher
        self.clock = clock
        self.doorbell = doorbell
        self.logger = logger
    }

    /// The sinks whose workers run now (some may be retiring).
    var running: Set<String> { Set(shifts.keys) }

    /// The alert logs being written now, for SIGUSR1.
    var alertLogs: [AlertLogSink] { shifts.values.compactMap { $0.sink as? AlertLogSink } }

    /// Starts the config's sinks at the daemon's start; one that cannot start stops the daemon, saying why.
    /// Every sink starts before any worker does: a sink that cannot start leaves no worker delivering.
    /// Their workers start with `launchStarted()`, from the delivery service, so once `WirewatchDaemon.run`
    /// has trapped SIGTERM: a worker started before would deliver while SIGTERM still killed the process.
    func start(_ configs: [SinkConfig]) async throws {
        deadLetterRemoved(keeping: Set(configs.map(\.id)))
        claimLongEnough(for: configs)
        var started: [(SinkConfig, any AlertSink)] = []
        for config in configs {
            let sink = config.makeSink(fetcher: fetcher, clock: clock, shared: store.leases != nil)
            do { try await sink.start() } catch {
                for (_, other) in started { await other.stop() }
                throw error
            }
            started.append((config, sink))
        }
        for (config, sink) in started {
            liftPauseOfAnother(config.id, receiver: await sink.receiverMark())
        }
        waiting = started
    }

    /// The workers of the sinks `start` started.
    func launchStarted() {
        for (config, sink) in waiting {
            shifts[config.id] = launch(config, sink)
            states.started(config.id, now: clock.now())
        }
        waiting = []
        states.save()
    }

    /// Makes the running sinks those of the config (after a reload). A sink that
    /// cannot start now (a secret missing) is said; its alerts wait in the
    /// outbox and the next reload tries again. `sinks` is read again once the
    /// leaving workers are done: a later reload may have changed the sinks
    /// meanwhile (put a removed one back, and polls already queue for it). Only
    /// a sink neither in that config nor still running is dead-lettered; what
    /// the later reload changed otherwise, its own `follow` does.
    func follow(_ sinks: @Sendable () -> [SinkConfig]) async {
        let wanted = Dictionary(sinks().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var leaving = shifts.filter { wanted[$0.key] != $0.value.config }
        // A rotated token is an edit the config does not show: the sink is succeeded as an edited one is.
        var rotated: Set<String> = []
        for (id, shift) in shifts where leaving[id] == nil {
            do {
                if try await shift.sink.secretsChanged() { leaving[id] = shift; rotated.insert(id) }
            } catch {
                logger.warning("sink keeps the secrets it read before: one cannot be read now",
                               metadata: ["sink": "\(id)", "error": "\(error)"])
            }
        }
        for (id, shift) in leaving {
            shift.retired.now()
            // An attempt in flight may take up to the sink's timeout; said, so the wait does not look like a hang.
            logger.notice("sink retiring: attempts in flight finish with its old settings before it stops", metadata: ["sink": "\(id)"])
        }
        await doorbell.ring()
        for (id, shift) in leaving {
            // A shutdown meanwhile cuts the attempt in flight, as it cuts every other (it stays in the outbox),
            // rather than waiting up to the sink's timeout for it.
            await withTaskCancellationHandler { await shift.task.value } onCancel: { shift.task.cancel() }
            if wanted[id] != nil { formerReceivers.updateValue(await shift.sink.receiverMark(), forKey: id) }
            await shift.sink.stop()
            shifts[id] = nil
            if wanted[id] == nil {
                takenOut.insert(id)
                logger.notice("sink stopped: it is no longer in the config", metadata: ["sink": "\(id)"])
            }
        }
        // A sink whose successor could not start, now taken out too: put back, it starts afresh, as a running one would.
        for id in formerReceivers.keys where wanted[id] == nil {
            formerReceivers.removeValue(forKey: id)
            takenOut.insert(id)
        }
        // Shutting down: no successor starts to send after SIGTERM (and the next start dead-letters what a removal left).
        guard !Task.isCancelled else { return }
        let configs = sinks()
        deadLetterRemoved(keeping: Set(configs.map(\.id)).union(shifts.keys))
        claimLongEnough(for: configs)
        for config in configs where shifts[config.id] == nil {
            let sink = config.makeSink(fetcher: fetcher, clock: clock, shared: store.leases != nil)
            do {
                try await sink.start()
            } catch {
                // A credential file missing or unreadable. (A variable missing from the environment, which no
                // reload can mend, never gets here: the reload that would start the sink is refused.)
                logger.error("sink cannot start; its alerts wait in the outbox until a reload or restart starts it",
                             metadata: ["sink": "\(config.id)", "error": "\(error)"])
                states.notStarted(config.id, reason: "\(error); its alerts wait in the outbox until a reload or restart starts it", now: clock.now())
                continue
            }
            // Shut down while it started: no worker, which would not inherit the cancellation.
            if Task.isCancelled { await sink.stop(); return }
            // Before its worker reads the hold: the new worker starts unpaused, and says nothing of a pause.
            // Put back, and the receiver before, are forgotten either way, so a later edit of its headers alone keeps its pause.
            let wasTakenOut = takenOut.remove(config.id) != nil
            liftPauseOfAnother(config.id, receiver: await sink.receiverMark(), before: formerReceivers.removeValue(forKey: config.id),
                               takenOut: wasTakenOut)
            shifts[config.id] = launch(config, sink, trouble: leaving[config.id]?.trouble)
            states.started(config.id, now: clock.now())
            let restart = rotated.contains(config.id) ? "sink restarted with its new secrets" : "sink restarted with its new settings"
            logger.notice(leaving[config.id] == nil ? "sink started" : "\(restart)", metadata: ["sink": "\(config.id)"])
        }
        states.keep(only: Set(configs.map(\.id)))
        states.save()
        await doorbell.ring()
    }

    /// At shutdown: every worker is retired, so that no attempt starts and those in flight may finish and record
    /// their outcome within `grace`; then the workers are cancelled (what they did not send stays in the outbox)
    /// and their sinks stopped. Cut at once, a webhook a receiver was answering was sent again at the next start,
    /// and a receiver that ignores the idempotency key (Slack, Discord, Teams) posted it twice.
    func stopAll(grace: Duration = .zero) async {
        if grace > .zero, !shifts.isEmpty {
            logger.info("delivery stopping: attempts in flight have up to \(grace.components.seconds)s to finish; what is not sent stays in the outbox")
        }
        for shift in shifts.values { shift.retired.now() }
        await doorbell.ring()
        let tasks = shifts.values.map(\.task)
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { for task in tasks { await task.value }; return true }
            group.addTask { try? await Task.sleep(for: grace); return false }
            // The grace over first: the attempts still in flight are cut, and the waiting child ends with them
            // (awaiting a task's value does not end at the group's cancellation).
            if await group.next() == false { for task in tasks { task.cancel() } }
            group.cancelAll()
        }
        for shift in shifts.values { shift.task.cancel() }
        for shift in shifts.values {
            await shift.task.value
            await shift.sink.stop()
        }
        shifts.removeAll()
        // No worker sends any more: what they claimed but did not send goes back to the shared outbox now,
        // not when the claims run out (a restart's new owner id could not take them back either).
        do {
            let freed = try store.releaseClaims()
            if freed > 0 { logger.info("delivery claims released", metadata: ["deliveries": "\(freed)"]) }
        } catch {
            logger.warning("cannot release delivery claims: the others deliver them when the claims run out",
                           metadata: ["error": "\(error)"])
        }
    }

    /// `trouble`: the failing state of the worker this one succeeds.
    private func launch(_ config: SinkConfig, _ sink: any AlertSink, trouble: SinkTroubleLog? = nil) -> Shift {
        let worker = config.makeWorker(sink: sink, store: store, clock: clock, doorbell: doorbell, logger: logger,
                                       shared: store.leases != nil, onAttempt: onAttempt, trouble: trouble ?? SinkTroubleLog())
        let retired = Retirement()
        // Above the polls: a burst of polls fills the cooperative pool's queue with parsing, analysis and
        // blocking commits, and a worker at their priority waited behind them at each of its awaits (a few
        // per alert), delivering about 100 alerts a minute while 20,000 queued (docs/operations.md, At scale).
        let task = Task(priority: .high) { await worker.run(until: { retired.isDue }) }
        return Shift(config: config, sink: sink, retired: retired, task: task, trouble: worker.trouble)
    }

    /// On a shared store, each sink's claims on its deliveries outlast that sink's batch (`DeliveryClaimLease`).
    private func claimLongEnough(for configs: [SinkConfig]) {
        guard let shared = store as? PostgresStore else { return }
        let configured = shared.claimLease
        let leases = DeliveryClaimLease.leases(configured: configured, timeLimit: shared.timeLimit, sinks: configs)
        let before = shared.sinkClaimLeases
        for (sink, lease) in leases.sorted(by: { $0.key < $1.key }) where lease > configured && before[sink] != lease {
            logger.notice("delivery claims of this sink last longer than store.claim_lease: a batch of it and the store's waits (store.time_limit) may take that long",
                          metadata: ["sink": "\(sink)", "claim_lease": "\(Int(lease))s"])
        }
        shared.sinkClaimLeases = leases
    }
}

/// Set once to retire a worker; read by the worker between attempts.
private final class Retirement: Sendable {
    private let flag = Atomic(false)
    func now() { flag.store(true, ordering: .releasing) }
    var isDue: Bool { flag.load(ordering: .acquiring) }
}
