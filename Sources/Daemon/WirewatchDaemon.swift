import Delivery
import Fetching
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Store
import UnixSignals
import WirewatchCore

/// The daemon: a service group of the delivery workers, the admin endpoint,
/// the poll scheduler, the reloader and the systemd notifier. SIGTERM or
/// SIGINT shut them down in reverse order: systemd hears STOPPING=1, polls
/// drain within `daemon.drain_timeout`, then delivery stops (what it did not
/// send stays in the outbox for the next start).
public final class WirewatchDaemon: Sendable {
    private let current: CurrentSetup
    /// Held for the daemon's life on a file store; nil on a PostgreSQL store, which several daemons share.
    private let lock: StoreLock?
    private let store: any DaemonStore
    private let fetcher: Fetcher
    /// Webhooks get their own fetcher: the feed fetcher's per-host cap must not
    /// throttle deliveries to one receiver, and aborting polls at the drain bound
    /// must not cut a delivery in flight.
    private let deliveryFetcher: Fetcher
    private let clock: any WirewatchClock
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let metrics = DaemonMetrics()
    private let monitor: PipelineMonitor
    private let drain = DrainState()
    private let lastStatus = StatusLine()
    /// On a shared store: who else is live, answered every `store.heartbeat`, to split the feeds with them.
    private let rollCall: RollCall?
    /// Whether the store answers, for /readyz.
    private let storeWatch: StoreWatch
    /// Whether each sink runs, said to the store for `deliver list` and read by /metrics.
    private let sinkStates: SinkStates

    public init(setup: WatchSetup, clock: any WirewatchClock = SystemClock(), notifier: SystemdNotifier = SystemdNotifier(),
                logger: Logger) throws {
        HeapPolicy.apply()
        let current = CurrentSetup(setup)
        self.current = current
        let (store, lock) = try setup.config.store.openForDaemon(logger: logger)
        (self.store, self.lock) = (store, lock)
        // Feeds added on reload share these caps; `poll.per_host` takes effect at the next start.
        fetcher = Fetcher(limits: .init(maxConnectionsPerHost: setup.config.poll.perHost))
        deliveryFetcher = Fetcher(limits: DeliveryCrew.fetcherLimits)
        self.clock = clock
        self.notifier = notifier
        self.logger = logger
        monitor = PipelineMonitor(started: clock.now())
        storeWatch = StoreWatch(store: store, clock: clock, logger: logger)
        sinkStates = SinkStates(store: store, logger: logger)
        rollCall = store.presence.map {
            RollCall(presence: $0, heartbeat: setup.config.store.heartbeat, clock: clock,
                     feeds: { current.setup.config.feeds.map(\.id) }, logger: logger)
        }
    }

    public var setup: WatchSetup { current.setup }

    /// Runs until SIGTERM or SIGINT, then drains and returns.
    public func run() async throws {
        let setup = self.setup
        // Loading the rules is done; what it threw away goes back to the kernel.
        HeapPolicy.giveBackFreedPages()
        // Answered before anything is claimed, so that this daemon does not start by claiming every feed as
        // if alone; refused when another running daemon answers under its name.
        try rollCall?.join()
        // Trapped before READY=1: an early `systemctl reload` must not kill the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let endpoint = try await bindAdmin(setup.config.admin)
        let doorbell = Doorbell()
        // Deliveries change the pending count the status line shows: each attempt asks for the line again.
        let (statusRings, ringStatus) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let crew = DeliveryCrew(store: store, fetcher: deliveryFetcher, clock: clock, doorbell: doorbell, logger: logger,
                                 states: sinkStates,
                                 onAttempt: { [metrics] sink, n, failed in
                                     metrics.recordAttempts(sink: sink, count: n, failed: failed)
                                     ringStatus.yield()
                                 })
        try await crew.start(setup.config.sinks)
        let (sinkChanges, swapped) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        monitor.seedSalvaged((try? store.allFeedStates()) ?? [])
        let poller = FeedPoll(fetcher: fetcher, store: store, clock: clock, permits: .cores(), drain: drain, logger: logger)
        let scheduler = PollScheduler(
            poller: poller, setup: { [current] in current.setup }, store: store, clock: clock, monitor: monitor, drain: drain,
            logger: logger, leases: store.leases, leaseMargin: setup.config.store.feedLeaseMargin, live: rollCall?.live,
            onPolled: { [self, current] report in
                if report.configured { metrics.record(report) }
                metrics.storeWrites(failing: poller.storeTrouble.isFailing)
                // A store that failed when a sink changed state is told again once it answers.
                sinkStates.save()
                monitor.note(report)
                if !report.alerts.isEmpty {
                    await crew.deadLetterForRemovedSinks(queuedFor: report.sinks) { current.setup.config.sinks }
                    await doorbell.ring()
                }
                sendStatusIfChanged()
            },
            onAbandon: { [fetcher] in fetcher.shutdown() })
        let reloader = SetupReloader(
            configPath: setup.config.path, current: current, notifier: notifier, logger: logger,
            onOutcome: { [self] ok in
                metrics.recordReload(ok: ok)
                metrics.rulesLoaded(self.setup.rules.rules.count)
            },
            onSwap: { [metrics, wakeup = scheduler.wakeup] removed in
                metrics.forget(feeds: removed)
                wakeup.ring()
                swapped.yield()
            })
        metrics.rulesLoaded(setup.rules.rules.count)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            // A reload's sink changes dead-letter what a removed sink had queued: the pending count moves.
            .init(service: DeliveryService(crew: crew, changes: sinkChanges, sinks: { [current] in current.setup.config.sinks },
                                           followed: { ringStatus.yield() })),
            .init(service: AlertLogReopenService(crew: crew, logger: logger)),
        ]
        if let endpoint { services.append(.init(service: AdminService(endpoint: endpoint))) }
        services.append(.init(service: storeWatch))
        services.append(.init(service: StoreMaintenance(store: store, setup: { [current] in current.setup }, clock: clock, logger: logger,
                                                        onReport: { [metrics] in metrics.record($0) })))
        services.append(.init(service: scheduler))
        // After the scheduler, so stopped before it: the daemon leaves the roll call as its polls begin to
        // drain (it starts no more, and those in flight hold their leases), and the others take its feeds then.
        if let rollCall { services.append(.init(service: rollCall)) }
        if notifier.isActive {
            services.append(.init(service: StatusRefresh(rings: statusRings, clock: clock, send: { [self] in sendStatusIfChanged() })))
        }
        services += [
            .init(service: ReloadService(hangups: hangups, reloader: reloader, current: current, clock: clock,
                                         ready: { [self] in sendReady() }, logger: logger)),
            .init(service: SystemdService(notifier: notifier, monitor: monitor, clock: clock,
                                          ready: { [self] in sendReady() }, logger: logger)),
        ]
        // The stop signals are the backstop's, which bounds the shutdown by the drain_timeout in force then.
        let stops = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        // The group's own debug lines dump its services' Swift descriptions (`sl-services="[DeliveryService(crew: …"`):
        // nothing an operator at --log-level debug can read (exploratory finding of stop 33). Its notices stay.
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .info)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [], logger: groupLogger))
        logger.info("wirewatch started", metadata: [
            "feeds": "\(setup.config.feeds.count)", "rules": "\(setup.rules.rules.count)", "sinks": "\(setup.config.sinks.count)",
        ])
        try await ShutdownBackstop(stops: stops, drainTimeout: { [current] in current.setup.config.daemon.drainTimeout },
                                   clock: clock, logger: logger, announce: { [notifier] in notifier.extendTimeout($0) }).run(group)
        fetcher.shutdown()
        deliveryFetcher.shutdown()
        logger.info("wirewatch stopped", metadata: ["pending_deliveries": "\((try? store.pendingDeliveries()) ?? -1)"])
    }

    private func bindAdmin(_ admin: AdminSettings) async throws -> AdminEndpoint? {
        guard let listen = admin.listen, let (host, port) = AdminEndpoint.parse(listen: listen) else { return nil }
        let endpoint: AdminEndpoint
        do {
            endpoint = try await AdminEndpoint.bind(host: host, port: port, token: admin.token) { [self] path in respond(path) }
        } catch {
            throw AdminBindError(listen: listen, underlying: error)
        }
        logger.info("admin endpoint listening", metadata: ["address": "\(endpoint.address)"])
        return endpoint
    }

    private func respond(_ path: String) -> AdminEndpoint.Response {
        switch path {
        case "/healthz":
            if let problem = monitor.problem(now: clock.now()) { return .init(status: .serviceUnavailable, body: "stalled: \(problem)\n") }
            return .init(status: .ok, body: "ok\n")
        case "/readyz":
            if drain.isDraining { return .init(status: .serviceUnavailable, body: "stopping\n") }
            if let problem = storeWatch.problem() { return .init(status: .serviceUnavailable, body: "not ready: \(problem)\n") }
            return .init(status: .ok, body: "ready\n")
        case "/metrics":
            let snapshot = monitor.snapshot
            metrics.storeUp(storeWatch.problem() == nil)
            metrics.refresh(deliveries: try? store.deliveryStats(), holds: try? store.sinkHolds(now: clock.now()),
                            feeds: snapshot.schedules.count,
                            broken: snapshot.brokenFeeds.count, salvaged: snapshot.salvagedFeeds.count,
                            failing: snapshot.failingCount)
            if let space = try? store.fileUpkeep?.space() { metrics.storeSpace(space) }
            metrics.sinksUp(sinkStates.up)
            if let live = rollCall?.live { metrics.share(live.share, feeds: setup.config.feeds.map(\.id)) }
            return .init(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.exposition())
        default:
            return .init(status: .notFound, body: "not found; try /healthz, /readyz or /metrics\n")
        }
    }

    private func statusLine() -> String {
        monitor.statusLine(feeds: setup.config.feeds.count, pendingDeliveries: try? store.pendingDeliveries())
    }

    private func sendStatusIfChanged() {
        guard notifier.isActive else { return }
        lastStatus.ask({ statusLine() }, status: { notifier.status($0) }, sendReady: { notifier.ready(status: $0) })
    }

    private func sendReady() {
        guard notifier.isActive else { return }
        lastStatus.ask(ready: true, { statusLine() }, status: { notifier.status($0) }, sendReady: { notifier.ready(status: $0) })
    }
}

/// The admin endpoint could not listen where the config says.
public struct AdminBindError: Error, CustomStringConvertible {
    public var listen: String
    public var underlying: any Error
    public var description: String {
        // NIO's error names the syscall and its arguments; the operator needs the reason.
        let reason = (underlying as? IOError).map { String(cString: strerror($0.errnoCode)) }
            ?? (underlying as? SocketAddressError.UnknownHost).map { "no address for '\($0.host)': \($0.errorDescription)" } ?? "\(underlying)"
        return "admin endpoint cannot listen on \(listen): \(reason)"
    }
}
