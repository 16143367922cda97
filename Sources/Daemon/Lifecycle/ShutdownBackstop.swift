import Foundation
import Logging
import ServiceLifecycle
import WirewatchCore

/// Runs the service group: a stop signal (SIGTERM, SIGINT) starts its graceful
/// shutdown, and if that has not ended `daemon.drain_timeout` + 10 s later the
/// group is cancelled. The drain_timeout is the one in force, a reload's included:
/// ServiceGroup's own bound is fixed when the group is made, so a reload that
/// raised drain_timeout would have had its drain cut short. It is read again at
/// each wake, not once at the signal: the scheduler reads it when its drain
/// begins, which may be after a reload in flight at the signal has landed.
/// A backstop only: the scheduler abandons its polls at the drain bound.
///
/// Each bound is announced (`announce`, the seconds from now until it and `slack` more) so that systemd
/// extends its stop timeout to cover it: a drain_timeout raised past the unit's TimeoutStopSec is then
/// honoured instead of the daemon being killed mid-drain (the extension never shortens TimeoutStopSec).
struct ShutdownBackstop<Stops: AsyncSequence & Sendable>: Sendable where Stops.Failure == Never {
    let stops: Stops
    let drainTimeout: @Sendable () -> TimeInterval
    let clock: any WirewatchClock
    let logger: Logger
    /// Beyond the drain bound, for delivery and the other services to stop.
    var margin: TimeInterval = 10
    /// Beyond the bound, for the cancelled group to end and the process to exit.
    var slack: TimeInterval = 5
    var announce: @Sendable (TimeInterval) -> Void = { _ in }

    private enum Ending: Sendable {
        case groupEnded
        /// No stop came (the signals ended, or the group ended first and the watch was cancelled).
        case unsignalled
        case overran
    }

    func run(_ group: ServiceGroup) async throws {
        try await withThrowingTaskGroup(of: Ending.self) { tasks in
            tasks.addTask {
                try await group.run()
                return .groupEnded
            }
            tasks.addTask { await watch(group) }
            while let ending = try await tasks.next() {
                switch ending {
                case .groupEnded: tasks.cancelAll(); return
                case .overran: tasks.cancelAll()  // the group ends cancelled, and says so above
                case .unsignalled: continue
                }
            }
        }
    }

    private func watch(_ group: ServiceGroup) async -> Ending {
        var signalled = false
        for await _ in stops {
            signalled = true
            break
        }
        guard signalled, !Task.isCancelled else { return .unsignalled }
        let signalledAt = clock.now()
        await group.triggerGracefulShutdown()
        var announced: Date?
        while true {
            let bound = drainTimeout() + margin
            let deadline = signalledAt.addingTimeInterval(bound)
            let now = clock.now()
            if now >= deadline {
                logger.warning("shutdown not done within daemon.drain_timeout + \(Int(margin))s; cancelling what is left",
                               metadata: ["seconds": "\(Int(bound))"])
                return .overran
            }
            if announced != deadline {
                announce(deadline.timeIntervalSince(now) + slack)
                announced = deadline
            }
            do { try await clock.sleep(until: deadline) } catch { return .unsignalled }
        }
    }
}
