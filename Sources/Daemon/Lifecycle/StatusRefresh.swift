import Foundation
import ServiceLifecycle
import WirewatchCore

/// Sends systemd's STATUS= line again once deliveries have moved. The line was sent only after polls,
/// so "3 deliveries pending" stayed in `systemctl status` after the three went out, until some later
/// poll changed something: hours, on quiet feeds (trial2 finding 28). Rung by every recorded delivery
/// attempt; each ring waits `quiet` first, and the rings meanwhile are one, so a burst of a thousand
/// deliveries sends a line a second at most, and the last one after the burst.
struct StatusRefresh: Service {
    static let quiet: TimeInterval = 1

    let rings: AsyncStream<Void>
    let clock: any WirewatchClock
    /// Sends the line if it changed.
    let send: @Sendable () -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in rings {
                do { try await clock.sleep(until: clock.now().addingTimeInterval(Self.quiet)) } catch { return }
                send()
            }
        }
    }
}
