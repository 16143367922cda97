import Delivery
import Logging
import ServiceLifecycle
import UnixSignals

/// Reopens every alert log on SIGUSR1, so logrotate can move the file away
/// (`postrotate: systemctl kill -s USR1 wirewatch`) without a restart.
struct AlertLogReopenService: Service {
    let logs: [AlertLogSink]
    let logger: Logger

    init(sinks: [any AlertSink], logger: Logger) {
        logs = sinks.compactMap { $0 as? AlertLogSink }
        self.logger = logger
    }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigusr1)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                for log in logs { await log.reopen() }
                logger.notice("alert logs reopened (SIGUSR1)", metadata: ["logs": "\(logs.map(\.path))"])
            }
        }
    }
}
