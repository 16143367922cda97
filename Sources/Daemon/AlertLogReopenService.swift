import Delivery
import Logging
import ServiceLifecycle
import UnixSignals

/// Reopens every alert log on SIGUSR1, so logrotate can move the file away
/// (`postrotate: systemctl kill -s USR1 wirewatch`) without a restart.
/// The logs are those running at the signal, as reloads change the sinks.
struct AlertLogReopenService: Service {
    let crew: DeliveryCrew
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigusr1)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                let logs = await crew.alertLogs
                for log in logs { await log.reopen() }
                logger.notice("alert logs reopened (SIGUSR1)", metadata: ["logs": "\(logs.map(\.path))"])
            }
        }
    }
}
