import Foundation
import ServiceLifecycle
import WirewatchCore

/// Sends systemd's STATUS= line again once deliveries have moved. The line was sent only after polls,
/// so "3 deliveries pending" stayed in `systemctl status` after the three went out, until some later
/// poll changed something: hours, on quiet feeds (trial2 finding 28). Rung by every recorded delivery
/// attempt and every change of sinks; each ring waits `quiet` first, and the rings meanwhile are one, so
/// a burst of a thousand deliveries sends a line a second at most, and the last one after the burst. What
/// no ring tells (`deliver retry` or `deliver dead-letter` from the command line, another daemon on a
/// shared store delivering, retention's pruning) is caught by a look every `every`: a line is sent only
/// when it changed, so a look costs the count's query.
struct StatusRefresh: Service {
    static let quiet: TimeInterval = 1
    static let every: TimeInterval = 30

    let rings: AsyncStream<Void>
    let clock: any WirewatchClock
    /// Sends the line if it changed.
    let send: @Sendable () -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in rings {
                        do { try await clock.sleep(until: clock.now().addingTimeInterval(Self.quiet)) } catch { return }
                        send()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await clock.sleep(until: clock.now().addingTimeInterval(Self.every)) } catch { return }
                        send()
                    }
                }
                await group.waitForAll()
            }
        }
    }
}
