import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The host holds other daemons saved, read from a real SQLite store: cheaply (at most once per 5 s, one read
/// at a time), and kept when a read fails.
@Suite struct SharedHostHoldsTests {
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store, the reads made of it, and whether the next read fails.
    final class Reads: Sendable {
        let store: SQLiteStore
        private let state = Mutex((count: 0, failing: false))
        init() throws { store = try SQLiteStore(path: try makeTemporaryDirectory("holds").appendingPathComponent("s.sqlite").path) }
        var count: Int { state.withLock { $0.count } }
        func fail(_ on: Bool) { state.withLock { $0.failing = on } }
        func read(_ now: Date) throws -> [HostHold] {
            let failing = state.withLock { s -> Bool in s.count += 1; return s.failing }
            if failing { throw CocoaError(.fileReadUnknown) }
            return try store.hostHolds(now: now)
        }
    }

    @Test func theStoreIsReadAtMostEveryFiveSeconds() throws {
        let reads = try Reads()
        let holds = SharedHostHolds(read: { try reads.read($0) }, logger: quiet)
        // With 20,000 feeds a poll starts nearly every moment: each asks, few read.
        for second in stride(from: 0.0, to: 4.9, by: 0.1) { holds.refresh(now: start.addingTimeInterval(second)) }
        #expect(reads.count == 1)
        holds.refresh(now: start.addingTimeInterval(5))
        #expect(reads.count == 2)
        holds.refresh(now: start.addingTimeInterval(9.9))
        #expect(reads.count == 2)
        // A clock set back reads again rather than waiting for the old time to come round.
        holds.refresh(now: start.addingTimeInterval(1))
        #expect(reads.count == 3)
    }

    @Test func aHoldSavedIsKnownAfterTheNextReadAndKeptWhenAReadFails() throws {
        let reads = try Reads()
        let holds = SharedHostHolds(read: { try reads.read($0) }, logger: quiet)
        holds.refresh(now: start)
        #expect(holds.held("news.test", now: start) == nil)
        try reads.store.save(HostHold(host: "news.test", until: start.addingTimeInterval(600)))
        holds.refresh(now: start.addingTimeInterval(5))
        #expect(holds.held("news.test", now: start.addingTimeInterval(5)) == start.addingTimeInterval(600))
        // The store stops answering: the hold known stays, until it ends.
        reads.fail(true)
        holds.refresh(now: start.addingTimeInterval(10))
        #expect(reads.count == 3)
        #expect(holds.held("news.test", now: start.addingTimeInterval(10)) == start.addingTimeInterval(600))
        #expect(holds.known(now: start.addingTimeInterval(10)) == ["news.test": start.addingTimeInterval(600)])
        #expect(holds.held("news.test", now: start.addingTimeInterval(600)) == nil)
        #expect(holds.held(nil, now: start) == nil)
    }

    /// A read the store is slow to answer is the only one: the polls starting meanwhile go by the holds known.
    @Test func oneReadAtATime() async throws {
        let reads = try Reads()
        let open = Mutex(false)
        let holds = SharedHostHolds(read: { now in
            while !open.withLock({ $0 }) { usleep(5_000) }
            return try reads.read(now)
        }, logger: quiet)
        let first = Task.detached { holds.refresh(now: self.start) }
        #expect(await eventually(timeout: 30) { holds.isReading })
        let second = Task.detached { holds.refresh(now: self.start.addingTimeInterval(60)) }
        await second.value  // at once: the first read is under way
        open.withLock { $0 = true }
        await first.value
        #expect(reads.count == 1)
    }
}
