import Foundation
import Logging
import ServiceLifecycle
import WirewatchCore

/// The daemon's side of the systemd notify protocol: READY=1 once up,
/// WATCHDOG=1 every half watchdog interval while the pipeline makes progress
/// (and not otherwise, so systemd restarts a stuck daemon), STOPPING=1 when
/// shutdown begins. Listed last in the service group, so it hears the
/// shutdown first and says STOPPING before anything drains.
struct SystemdService: Service {
    let notifier: SystemdNotifier
    let monitor: PipelineMonitor
    let clock: any WirewatchClock
    /// Sends READY=1 with the STATUS= line.
    let ready: @Sendable () -> Void
    let logger: Logger

    func run() async throws {
        ready()
        logger.info("wirewatch ready", metadata: ["systemd_notify": "\(notifier.isActive)", "watchdog": "\(notifier.watchdogInterval.map { "\($0)s" } ?? "off")"])
        if let interval = notifier.watchdogInterval {
            await cancelWhenGracefulShutdown { await watchdog(every: interval / 2) }
        } else {
            try? await gracefulShutdown()
        }
        notifier.stopping()
    }

    private func watchdog(every period: TimeInterval) async {
        var stalled = false
        while !Task.isCancelled {
            if let problem = monitor.problem(now: clock.now()) {
                if !stalled { logger.error("pipeline stalled; withholding watchdog pings", metadata: ["reason": "\(problem)"]) }
                stalled = true
            } else {
                if stalled { logger.notice("pipeline progressing again; watchdog pings resume") }
                stalled = false
                notifier.watchdog()
            }
            do { try await Task.sleep(for: .milliseconds(Int64(period * 1000))) } catch { return }
        }
    }
}
