import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
@testable import Daemon

/// A roll call the store cannot answer is said once, not at every heartbeat, and noticed when it is
/// answered again (as feed claims do).
@Suite struct RollCallTests {
    /// The roll call of a store that does not answer while `down` is set.
    final class Outage: DaemonPresence, Sendable {
        struct Unanswered: Error {}
        let owner = "east"
        let down = Atomic<Bool>(false)
        func heartbeat(now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
            if down.load(ordering: .relaxed) { throw Unanswered() }
            return [DaemonRow(owner: owner, process: process, started: now, heard: now, liveUntil: now.addingTimeInterval(liveFor))]
        }
        func takeOver(from holder: DaemonProcess, now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
            try heartbeat(now: now, liveFor: liveFor, process: process)
        }
        func forget(_ row: DaemonRow) throws {}
        func roll() throws -> [DaemonRow] { [] }
        func leave(_ process: DaemonProcess) throws {}
    }

    /// The messages logged, in order.
    final class Said: LogHandler, Sendable {
        let messages = Mutex<[String]>([])
        var metadata: Logger.Metadata { get { [:] } set {} }
        var logLevel: Logger.Level { get { .trace } set {} }
        subscript(metadataKey key: String) -> Logger.Metadata.Value? { get { nil } set {} }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            messages.withLock { $0.append("\(level) \(message)") }
        }
    }

    @Test func anOutageIsSaidOnceAndItsEndNoticed() throws {
        let presence = Outage(), said = Said()
        let roll = RollCall(presence: presence, heartbeat: 10, clock: ManualClock(), feeds: { [] },
                            logger: Logger(label: "test") { _ in said })
        try roll.join()
        presence.down.store(true, ordering: .relaxed)
        for _ in 0..<5 { roll.answer() }
        presence.down.store(false, ordering: .relaxed)
        roll.answer()
        roll.answer()
        #expect(said.messages.withLock { $0 } == [
            "warning cannot answer the roll call of the daemons sharing the store; sharing the feeds as before",
            "notice the roll call of the daemons sharing the store is answered again",
        ])
    }
}
