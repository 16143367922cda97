import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The shutdown's backstop on a manual clock: it cancels a group whose graceful shutdown
/// overruns, `daemon.drain_timeout` + 10 s after the stop, with the drain_timeout in force
/// when the stop came (not the one the daemon started with).
@Suite struct ShutdownBackstopTests {
    /// A service that ignores the graceful shutdown and ends only when cancelled.
    struct Stubborn: Service {
        let cancelled = Flag()
        func run() async throws {
            try? await Task.sleep(for: .seconds(3600))
            cancelled.raise()
        }
    }

    final class Flag: Sendable {
        private let raised = Atomic(false)
        func raise() { raised.store(true, ordering: .releasing) }
        var isRaised: Bool { raised.load(ordering: .acquiring) }
    }

    final class Setting: Sendable {
        private let value: Mutex<TimeInterval>
        init(_ v: TimeInterval) { value = Mutex(v) }
        var current: TimeInterval { value.withLock { $0 } }
        func set(_ v: TimeInterval) { value.withLock { $0 = v } }
    }

    @Test func anOverrunningShutdownIsCancelledTheCurrentDrainTimeoutAfterTheStop() async throws {
        let clock = ManualClock()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let drainTimeout = Setting(5)
        let (stops, stop) = AsyncStream<Void>.makeStream()
        let stubborn = Stubborn()
        let group = ServiceGroup(configuration: .init(services: [.init(service: stubborn)], gracefulShutdownSignals: [], logger: logger))
        let backstop = ShutdownBackstop(stops: stops, drainTimeout: { drainTimeout.current }, clock: clock, logger: logger)
        let ended = Flag()
        let run = Task {
            try? await backstop.run(group)
            ended.raise()
        }
        defer { run.cancel() }

        drainTimeout.set(30)  // a reload after the start
        let start = clock.now()
        stop.yield()
        #expect(await eventually { clock.nextDeadline == start.addingTimeInterval(40) })
        clock.advance(to: start.addingTimeInterval(39))
        #expect(clock.sleepers == 1 && !ended.isRaised && !stubborn.cancelled.isRaised)
        clock.advance(to: start.addingTimeInterval(40))
        #expect(await eventually { ended.isRaised })
        #expect(stubborn.cancelled.isRaised)
    }

    /// A service that ends at the graceful shutdown.
    struct Polite: Service {
        func run() async throws { try? await gracefulShutdown() }
    }

    @Test func aShutdownThatEndsInTimeEndsTheRunAndItsBackstop() async throws {
        let clock = ManualClock()
        let logger = Logger(label: "test")
        let (stops, stop) = AsyncStream<Void>.makeStream()
        let group = ServiceGroup(configuration: .init(services: [.init(service: Polite())], gracefulShutdownSignals: [], logger: logger))
        let backstop = ShutdownBackstop(stops: stops, drainTimeout: { 5 }, clock: clock, logger: logger)
        let ended = Flag()
        let run = Task {
            try? await backstop.run(group)
            ended.raise()
        }
        defer { run.cancel() }
        stop.yield()
        #expect(await eventually { ended.isRaised })
        #expect(clock.sleepers == 0)
    }
}
