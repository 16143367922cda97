import Delivery
import Fetching
import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization
import WirewatchCore

/// The daemon: a service group of the poll scheduler and the delivery
/// workers, stopped gracefully on SIGTERM or SIGINT.
public final class WirewatchDaemon: Sendable {
    private let current: Mutex<WatchSetup>
    private let store: SQLiteStore
    private let fetcher: Fetcher
    private let clock: any WirewatchClock
    private let logger: Logger

    public init(setup: WatchSetup, clock: any WirewatchClock = SystemClock(), logger: Logger) throws {
        current = Mutex(setup)
        store = try SQLiteStore(path: setup.config.storePath)
        fetcher = Fetcher()
        self.clock = clock
        self.logger = logger
    }

    public var setup: WatchSetup { current.withLock { $0 } }

    /// Runs until SIGTERM or SIGINT, then drains and returns.
    public func run() async throws {
        let setup = self.setup
        let doorbell = Doorbell()
        let sinks = setup.config.sinks.map { $0.makeSink(fetcher: fetcher, clock: clock) }
        for sink in sinks { try await sink.start() }
        let workers = zip(setup.config.sinks, sinks).map {
            $0.makeWorker(sink: $1, store: store, clock: clock, doorbell: doorbell, logger: logger)
        }
        let poller = FeedPoll(fetcher: fetcher, store: store, clock: clock, logger: logger)
        let scheduler = PollScheduler(poller: poller, setup: { [self] in self.setup }, clock: clock,
                                      logger: logger, onAlerts: { await doorbell.ring() })
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: DeliveryService(workers: workers)),
                .init(service: scheduler),
                .init(service: AlertLogReopenService(sinks: sinks, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.info("wirewatch started", metadata: [
            "feeds": "\(setup.config.feeds.count)", "rules": "\(setup.rules.rules.count)", "sinks": "\(setup.config.sinks.count)",
        ])
        try await group.run()
        fetcher.shutdown()
        for sink in sinks { await sink.stop() }
        logger.info("wirewatch stopped")
    }
}
