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
/// (not the one the daemon started with, nor the one of the moment the stop came).
@Suite struct ShutdownBackstopTests {
    /// What these tests wait for is a chain of hops between tasks of this process (the stop, the
    /// group's actor, its services, the backstop's sleep), not a child process: with the whole suite
    /// on two cores, CPU-bound tests can hold both of the pool's threads for tens of seconds, and a
    /// 30 s wait ran out with the chain still queued (seen in about half the full runs, never alone).
    /// A hang still fails, later.
    static let patience: TimeInterval = 180
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
        let announced = Mutex<[TimeInterval]>([])
        let backstop = ShutdownBackstop(stops: stops, drainTimeout: { drainTimeout.current }, clock: clock, logger: logger,
                                        announce: { s in announced.withLock { $0.append(s) } })
        let ended = Flag()
        let run = Task {
            try? await backstop.run(group)
            ended.raise()
        }
        defer { run.cancel() }

        drainTimeout.set(30)  // a reload after the start
        let start = clock.now()
        stop.yield()
        #expect(await eventually(timeout: Self.patience) { clock.nextDeadline == start.addingTimeInterval(40) })
        // systemd is asked to wait for the bound and 5 s more, whatever the unit's TimeoutStopSec.
        #expect(announced.withLock { $0 } == [45])
        clock.advance(to: start.addingTimeInterval(39))
        #expect(clock.sleepers == 1 && !ended.isRaised && !stubborn.cancelled.isRaised)
        // A reload landing during the drain raises drain_timeout again: the bound moves with it, from the stop.
        drainTimeout.set(50)
        clock.advance(to: start.addingTimeInterval(40))
        #expect(await eventually(timeout: Self.patience) { clock.nextDeadline == start.addingTimeInterval(60) })
        #expect(announced.withLock { $0 } == [45, 25])
        #expect(!ended.isRaised && !stubborn.cancelled.isRaised)
        clock.advance(to: start.addingTimeInterval(60))
        #expect(await eventually(timeout: Self.patience) { ended.isRaised })
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
        #expect(await eventually(timeout: Self.patience) { ended.isRaised })
        #expect(clock.sleepers == 0)
    }

    /// systemd kills at TimeoutStopSec: the shipped unit must outlast the daemon's own bound with the default drain_timeout.
    @Test func theShippedUnitOutlastsTheShutdownBoundOfTheDefaultDrainTimeout() throws {
        let unit = try String(contentsOf: repositoryRoot.appendingPathComponent("systemd/wirewatch.service"), encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("TimeoutStopSec=") })
        let value = line.dropFirst("TimeoutStopSec=".count)
        let seconds = try #require(value.hasSuffix("s") ? TimeInterval(value.dropLast()) : nil, "\(line)")
        let margin = ShutdownBackstop(stops: AsyncStream<Void>.makeStream().stream, drainTimeout: { 0 }, clock: ManualClock(),
                                      logger: Logger(label: "test")).margin
        #expect(seconds > DaemonSettings().drainTimeout + margin, "\(line)")
    }
}
