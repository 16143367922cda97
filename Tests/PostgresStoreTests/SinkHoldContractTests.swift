import Foundation
import Store
import Testing

/// Sink holds, the same on both stores: read while they last, and never cut short by a shorter one.
@Suite struct SinkHoldContractTests {
    let t0 = StoreUnderTest.t0

    @Test(arguments: Backend.allCases) func aHoldLastsUntilItsTimeAndALongerOneWins(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == nil)
        let hold = SinkHold(sink: "hook", until: s.hours(1), reason: "HTTP 429")
        try s.store.save(hold)
        try s.store.save(SinkHold(sink: "chat", until: s.hours(0.5), reason: "HTTP 503"))
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == hold)
        #expect(try s.store.sinkHolds(now: t0).map(\.sink) == ["chat", "hook"])
        // An attempt that was in flight answers later with a shorter wait: the longer stands.
        try s.store.save(SinkHold(sink: "hook", until: s.hours(0.25), reason: "HTTP 408"))
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == hold)
        try s.store.save(SinkHold(sink: "hook", until: s.hours(2), reason: "HTTP 429"))
        #expect(try s.store.sinkHold(sink: "hook", now: s.hours(1.5))?.until == s.hours(2))
        // Over: read as none.
        #expect(try s.store.sinkHold(sink: "hook", now: s.hours(2)) == nil)
        #expect(try s.store.sinkHolds(now: s.hours(2)).isEmpty)
    }
}
