import Delivery
import Foundation
import Logging
import ServiceLifecycle

/// Runs the delivery crew until shutdown, changing it after each reload that
/// was taken (`changes` yields once per swap; the crew reads the sinks then).
struct DeliveryService: Service {
    let crew: DeliveryCrew
    let changes: AsyncStream<Void>
    let sinks: @Sendable () -> [SinkConfig]
    /// Told after the crew has followed a change.
    var followed: @Sendable () -> Void = {}

    func run() async throws {
        await crew.launchStarted()
        await cancelWhenGracefulShutdown {
            for await _ in changes {
                await crew.follow(sinks)
                followed()
            }
        }
        await crew.stopAll(grace: Self.stopGrace)
    }

    /// How long the attempts in flight at a stop may take to finish: the polls have drained by then (within
    /// `daemon.drain_timeout`), and the shutdown's backstop leaves 10 s after that for the rest.
    static let stopGrace = Duration.seconds(5)
}
