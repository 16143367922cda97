import Foundation
import Logging
import PostgresStore
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The roll call's heartbeats land while polls hold every thread of the cooperative pool. At the polls'
/// priority a heartbeat waits behind their parsing, analysis and blocking commits at each await; 20–60 s
/// late it passes the live window, and the other daemons drop this one and race it for its feeds.
@Suite struct RollCallUnderPollsTests {
    /// The real store's roll call, its heartbeats counted.
    final class Counted: DaemonPresence, Sendable {
        let store: PostgresStore
        let beats = Atomic<Int>(0)
        init(_ store: PostgresStore) { self.store = store }
        var owner: String { store.owner }
        func heartbeat(now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
            defer { beats.add(1, ordering: .relaxed) }
            return try store.heartbeat(now: now, liveFor: liveFor, process: process)
        }
        func takeOver(from holder: DaemonProcess, now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
            try store.takeOver(from: holder, now: now, liveFor: liveFor, process: process)
        }
        func forget(_ row: DaemonRow) throws { try store.forget(row) }
        func roll() throws -> [DaemonRow] { try store.roll() }
        func leave(_ process: DaemonProcess) throws { try store.leave(process) }
    }

    @Test func heartbeatsLandWhilePollsHoldEveryThread() async throws {
        let url = try PostgresServer.shared().makeDatabase("rollcall_under_polls")
        let presence = Counted(try PostgresStore(url: url, owner: "east", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        let roll = RollCall(presence: presence, heartbeat: 0.2, clock: SystemClock(), feeds: { [] },
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try roll.join()
        // Started at the polls' priority, as the service group starts it: only the heartbeat's own task is above them.
        let running = Task(priority: .medium) { try await roll.run() }
        #expect(await eventually { presence.beats.load(ordering: .relaxed) >= 2 })

        // Stand-ins for a burst of polls at their priority, each holding its thread (as a commit or an analysis
        // does) until three more heartbeats have landed, or until the deadline; twice as many as the pool has
        // threads, so the ones not running yet are queued ahead of the heartbeat's next turn.
        let before = presence.beats.load(ordering: .relaxed)
        let deadline = Date().addingTimeInterval(30)
        let polls = (0..<2 * ProcessInfo.processInfo.activeProcessorCount).map { _ in
            Task(priority: .medium) { () -> Bool in
                while presence.beats.load(ordering: .relaxed) < before + 3 && Date() < deadline { usleep(5_000) }
                return presence.beats.load(ordering: .relaxed) >= before + 3
            }
        }
        var landedWhileHeld: [Bool] = []
        for poll in polls { landedWhileHeld.append(await poll.value) }
        running.cancel()
        _ = try? await running.value
        #expect(landedWhileHeld.allSatisfy { $0 }, "the heartbeats landed only once the polls let go of the pool")
    }
}
