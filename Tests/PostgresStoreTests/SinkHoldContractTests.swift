import Foundation
import Store
import Testing

/// Sink holds, the same on both stores: read while they last, and never cut short by a shorter one.
@Suite struct SinkHoldContractTests {
    let t0 = StoreUnderTest.t0

    @Test(arguments: Backend.allCases) func aHoldLastsUntilItsTimeAndALongerOneWins(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == nil)
        let hold = SinkHold(sink: "hook", until: s.hours(1), reason: "HTTP 429", receiver: "sha256:aa")
        try s.store.save(hold)
        try s.store.save(SinkHold(sink: "chat", until: s.hours(0.5), reason: "HTTP 503"))
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == hold)
        #expect(try s.store.sinkHolds(now: t0).map(\.sink) == ["chat", "hook"])
        // An attempt that was in flight answers later with a shorter wait: the longer stands.
        try s.store.save(SinkHold(sink: "hook", until: s.hours(0.25), reason: "HTTP 408", receiver: "sha256:bb"))
        #expect(try s.store.sinkHold(sink: "hook", now: t0) == hold)
        // The longer hold names the receiver that asked for it; a hold saved before holds named one names none.
        try s.store.save(SinkHold(sink: "hook", until: s.hours(2), reason: "HTTP 429", receiver: "sha256:bb"))
        #expect(try s.store.sinkHold(sink: "hook", now: s.hours(1.5)) == SinkHold(sink: "hook", until: s.hours(2), reason: "HTTP 429", receiver: "sha256:bb"))
        #expect(try s.store.sinkHolds(now: t0).first { $0.sink == "chat" }?.receiver == nil)
        // Over: read as none.
        #expect(try s.store.sinkHold(sink: "hook", now: s.hours(2)) == nil)
        #expect(try s.store.sinkHolds(now: s.hours(2)).isEmpty)
    }

    /// `deliver resume`: the hold goes for everyone, and the sink's deliveries waiting for a retry are due at
    /// once (the one answered 429 waits for the pause's end otherwise); another sink's are left as they are.
    @Test(arguments: Backend.allCases) func liftingAHoldMakesTheSinksWaitingDeliveriesDueAtOnce(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let alerts = try s.poll("f", fresh: ["a", "b", "c"], alerts: true, sinks: ["hook", "log"], at: t0)
        try s.store.markFailed(alert: alerts[0], sink: "hook", error: "HTTP 429", retryAt: s.hours(1), now: t0)
        try s.store.markFailed(alert: alerts[1], sink: "log", error: "disk full", retryAt: s.hours(1), now: t0)
        let now = t0.addingTimeInterval(60)
        // Nothing to lift: nothing changes.
        #expect(try s.store.liftHold(sink: "hook", now: now) == nil)
        #expect(try s.store.dueDeliveries(sink: "hook", now: now, limit: 10).count == 2)

        let hold = SinkHold(sink: "hook", until: s.hours(1), reason: "HTTP 429", receiver: "sha256:aa")
        try s.store.save(hold)
        #expect(try s.store.liftHold(sink: "hook", now: now) == LiftedSinkHold(hold: hold, due: 1))
        #expect(try s.store.sinkHold(sink: "hook", now: now) == nil)
        #expect(try s.store.sinkHolds(now: now).isEmpty)
        let due = try s.store.dueDeliveries(sink: "hook", now: now, limit: 10)
        #expect(Set(due.map(\.record.id)) == Set(alerts))
        #expect(due.first { $0.record.id == alerts[0] }?.attempts == 1)
        #expect(try s.store.dueDeliveries(sink: "log", now: now, limit: 10).map(\.record.id).sorted() == [alerts[0], alerts[2]].sorted())
        #expect(try s.store.liftHold(sink: "hook", now: now) == nil)

        // A hold already over is not lifted (the pause ended by itself): said as none.
        try s.store.save(SinkHold(sink: "hook", until: now, reason: "HTTP 429"))
        #expect(try s.store.liftHold(sink: "hook", now: now) == nil)
    }

    /// A daemon decides to lift the hold it read (it names another receiver than its sink posts to); meanwhile
    /// another daemon was answered 429 by the receiver it posts to and saved a longer hold: that hold stays.
    @Test(arguments: Backend.allCases) func aHoldLiftedAsReadSparesOneSavedSince(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let alerts = try s.poll("f", fresh: ["a"], alerts: true, sinks: ["hook"], at: t0)
        try s.store.markFailed(alert: alerts[0], sink: "hook", error: "HTTP 429", retryAt: s.hours(2), now: t0)
        let now = t0.addingTimeInterval(60)
        try s.store.save(SinkHold(sink: "hook", until: s.hours(1), reason: "HTTP 429", receiver: "sha256:aa"))
        let read = try #require(try s.store.sinkHold(sink: "hook", now: now))
        let saved = SinkHold(sink: "hook", until: s.hours(2), reason: "HTTP 429", receiver: "sha256:bb")
        try s.store.save(saved)
        #expect(try s.store.liftHold(read, now: now) == nil)
        #expect(try s.store.sinkHold(sink: "hook", now: now) == saved)
        #expect(try s.store.dueDeliveries(sink: "hook", now: now, limit: 10).isEmpty)

        // The hold as read still the sink's: lifted, as `liftHold(sink:)` lifts it.
        let again = try #require(try s.store.sinkHold(sink: "hook", now: now))
        #expect(try s.store.liftHold(again, now: now) == LiftedSinkHold(hold: saved, due: 1))
        #expect(try s.store.sinkHold(sink: "hook", now: now) == nil)
        // Lifted meanwhile (`deliver resume`): nothing left to lift.
        #expect(try s.store.liftHold(again, now: now) == nil)
    }
}
