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
/// A pause a receiver asked for (`SinkHold`) belongs to that receiver: a reload
/// that points the sink at another, or takes it out and puts it back, lifts it,
/// and so does a start (of the daemon, or of the sink by a reload) with the sink
/// pointed at another receiver than the one the hold records.
actor DeliveryCrew {
    private struct Shift {
        let config: SinkConfig
        let sink: any AlertSink
        let retired: Retirement
        let task: Task<Void, Never>
    }

    /// The caps of the fetcher the daemon gives its webhooks (`WirewatchDaemon`): requests beyond them wait
    /// in its queue, and the delivery claims count that wait (`DeliveryClaimLease`).
    static let fetcherLimits = Fetcher.Limits(maxConnectionsPerHost: 32, maxConnections: 128)

    private let store: any DaemonStore
    private let fetcher: Fetcher
    private let clock: any WirewatchClock
    private let doorbell: Doorbell
    private let logger: Logger
    /// Whether each sink runs, for `deliver list` and /metrics.
    let states: SinkStates
    private var shifts: [String: Shift] = [:]
    /// Sinks started at the daemon's start whose workers have not started yet.
    private var waiting: [(SinkConfig, any AlertSink)] = []
    /// Sinks a reload took out. On a shared store their pauses stay (another daemon may have the sink and
    /// its receiver still mean it); put back in this daemon's config, the pause is lifted.
    private var takenOut: Set<String> = []
    /// The receiver (`ReceiverMark`) each sink a reload stopped posted to, until its successor starts: one that
    /// cannot start (a secret missing) must not forget it, or the reload that mends it and points the sink
    /// elsewhere would keep the old receiver's pause (a hold saved before holds named their receiver).
    private var formerReceivers: [String: String?] = [:]

    /// Told each delivery attempt (`DeliveryWorker.onAttempt`): the daemon's metrics count them.
    let onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)?

    init(store: any DaemonStore, fetcher: Fetcher, clock: any WirewatchClock, doorbell: Doorbell, logger: Logger,
         states: SinkStates? = nil, onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)? = nil) {
        self.onAttempt = onAttempt
        self.store = store
        self.states = states ?? SinkStates(store: store, logger: logger)
        self.fetcher = fetcher
        self.clock = clock
        self.doorbell = doorbell
        self.logger = logger
    }

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
            let sink = config.makeSink(fetcher: fetcher, clock: clock)
            do { try await sink.start() } catch {
                for (_, other) in started { await other.stop() }
                throw error
            }
            started.append((config, sink))
        }
        for (config, sink) in started {
            liftIfAskedByAnother(config.id, receiver: await sink.receiverMark())
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
            let sink = config.makeSink(fetcher: fetcher, clock: clock)
            do {
                try await sink.start()
            } catch {
                // A variable missing from the environment: no reload can start it (trial finding 6).
                let until = (error as? SecretError)?.onlyARestartMends == true
                    ? "until a restart with it in the daemon's environment starts it (a reload cannot: a running daemon's environment does not change)"
                    : "until a reload or restart starts it"
                logger.error("sink cannot start; its alerts wait in the outbox \(until)",
                             metadata: ["sink": "\(config.id)", "error": "\(error)"])
                states.notStarted(config.id, reason: "\(error); its alerts wait in the outbox \(until)", now: clock.now())
                continue
            }
            // Shut down while it started: no worker, which would not inherit the cancellation.
            if Task.isCancelled { await sink.stop(); return }
            // Before its worker reads the hold: the new worker starts unpaused, and says nothing of a pause.
            // Put back, and the receiver before, are forgotten either way, so a later edit of its headers alone keeps its pause.
            let wasTakenOut = takenOut.remove(config.id) != nil
            let receiver = await sink.receiverMark()
            if let before = formerReceivers.removeValue(forKey: config.id), before != receiver {
                liftPause(of: config.id, because: "a reload pointed the sink at another receiver")
            } else if wasTakenOut {
                liftPause(of: config.id, because: "the sink was taken out of the config and put back")
            } else {
                liftIfAskedByAnother(config.id, receiver: receiver)
            }
            shifts[config.id] = launch(config, sink)
            states.started(config.id, now: clock.now())
            let restart = rotated.contains(config.id) ? "sink restarted with its new secrets" : "sink restarted with its new settings"
            logger.notice(leaving[config.id] == nil ? "sink started" : "\(restart)", metadata: ["sink": "\(config.id)"])
        }
        states.keep(only: Set(configs.map(\.id)))
        states.save()
        await doorbell.ring()
    }

    /// After a poll that queued alerts. A poll runs on the setup it began with, so one in flight
    /// across a reload that removed a sink queues deliveries for it that no worker will take:
    /// dead-lettered now (as `follow` does), not left pending until the next reload or start.
    /// A sink still retiring is left to its `follow`. `sinks` is read here, on the crew, not by the
    /// caller before the hop: a reload that put a sink back meanwhile must not see its deliveries
    /// (the new config's polls queue them too) dead-lettered on the word of the older config.
    /// `queuedFor` are the sinks the poll queued for: when all are still here, as after nearly every
    /// poll, nothing is swept, so the scheduler does not wait on a write and a scan of the pending
    /// deliveries (which grow while a sink is down) after each poll with alerts.
    func deadLetterForRemovedSinks(queuedFor pollSinks: Set<String>, _ sinks: @Sendable () -> [SinkConfig]) {
        let keeping = Set(sinks().map(\.id)).union(shifts.keys).union(waiting.map(\.0.id))
        guard !pollSinks.isSubset(of: keeping) else { return }
        deadLetterRemoved(keeping: keeping)
    }

    /// At shutdown: every worker is cancelled (what it did not send stays in the outbox), then its sink stopped.
    func stopAll() async {
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

    private func launch(_ config: SinkConfig, _ sink: any AlertSink) -> Shift {
        let worker = config.makeWorker(sink: sink, store: store, clock: clock, doorbell: doorbell, logger: logger,
                                       shared: store.leases != nil, onAttempt: onAttempt)
        let retired = Retirement()
        // Above the polls: a burst of polls fills the cooperative pool's queue with parsing, analysis and
        // blocking commits, and a worker at their priority waited behind them at each of its awaits (a few
        // per alert), delivering about 100 alerts a minute while 20,000 queued (docs/operations.md, At scale).
        let task = Task(priority: .high) { await worker.run(until: { retired.isDue }) }
        return Shift(config: config, sink: sink, retired: retired, task: task)
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

    /// Ends the hold on `sink` (`WirewatchStore.liftHold`), saying so when there was one.
    private func liftPause(of sink: String, because why: String) {
        do {
            guard let lifted = try store.liftHold(sink: sink, now: clock.now()) else { return }
            logger.notice("sink pause lifted: \(why)", metadata: ["sink": "\(sink)", "deliveries_due": "\(lifted.due)"])
        } catch {
            logger.warning("sink pause could not be lifted; 'wirewatch deliver resume --sink ID' lifts it",
                           metadata: ["sink": "\(sink)", "error": "\(error)"])
        }
    }

    /// Ends the hold on `sink` when it names a receiver other than `receiver`, the one the sink posts to now. A hold
    /// that names none (saved before holds did) stays: who asked for it is not known.
    private func liftIfAskedByAnother(_ sink: String, receiver: String?) {
        do {
            guard let asked = try store.sinkHold(sink: sink, now: clock.now())?.receiver, asked != receiver else { return }
        } catch {
            // The worker reads the hold too, and says so when the store does not answer.
            return
        }
        liftPause(of: sink, because: "the sink now points at another receiver than the one that asked it to wait")
    }

    /// Deliveries still pending for a sink no longer in the config would wait for ever: dead-lettered, with the reason,
    /// and its pause lifted (nothing is left for it to hold back, and a sink put back starts afresh).
    /// On a shared store another daemon may have that sink and deliver them: they are left, and said.
    private func deadLetterRemoved(keeping sinkIDs: Set<String>) {
        if store.leases != nil { return sayOthersPending(keeping: sinkIDs) }
        let holds = (try? store.sinkHolds(now: clock.now())) ?? []
        for hold in holds where !sinkIDs.contains(hold.sink) {
            liftPause(of: hold.sink, because: "the sink is no longer in the config")
        }
        let removed: [String: Int]
        do {
            removed = try store.deadLetterPending(exceptSinks: sinkIDs, now: clock.now())
        } catch {
            logger.error("deliveries to removed sinks could not be dead-lettered", metadata: ["error": "\(error)"])
            return
        }
        for (sink, count) in removed.sorted(by: { $0.key < $1.key }) {
            logger.warning("deliveries to a sink no longer in the config dead-lettered; 'wirewatch deliver retry --all --sink ID' queues them again once it is back",
                           metadata: ["sink": "\(sink)", "deliveries": "\(count)"])
        }
    }
}

extension DeliveryCrew {
    /// Deliveries pending for sinks this daemon lacks, on a store it shares: another daemon may deliver them.
    fileprivate func sayOthersPending(keeping sinkIDs: Set<String>) {
        let others: [SinkDeliveryStats]
        do {
            others = try store.deliveryStats().filter { !sinkIDs.contains($0.sink) && $0.pending > 0 }
        } catch {
            logger.error("deliveries to sinks not in this config could not be counted", metadata: ["error": "\(error)"])
            return
        }
        for s in others.sorted(by: { $0.sink < $1.sink }) {
            logger.warning("deliveries pending for a sink not in this config: left for a daemon that has it; 'wirewatch deliver dead-letter --sink ID' gives them up if none has",
                           metadata: ["sink": "\(s.sink)", "deliveries": "\(s.pending)"])
        }
    }
}

/// Set once to retire a worker; read by the worker between attempts.
private final class Retirement: Sendable {
    private let flag = Atomic(false)
    func now() { flag.store(true, ordering: .releasing) }
    var isDue: Bool { flag.load(ordering: .acquiring) }
}
