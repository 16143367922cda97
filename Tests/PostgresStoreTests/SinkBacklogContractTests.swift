import Foundation
@testable import PostgresStore
import Store
import TestSupport
import Testing
import WirewatchCore

/// What `deliver list` reads of each sink, the same on both stores: what waits now (the oldest, the next
/// attempt, the failed attempts and the latest error), the dead letters, the deliveries of a recent window;
/// and what each daemon said of its sinks.
@Suite struct SinkBacklogContractTests {
    let t0 = StoreUnderTest.t0

    /// A dead letter sent again starts afresh: no attempt failed yet, so no last error beside "0 attempts"
    /// (`deliver list` read "0 attempts failed; the last, 2h ago: HTTP 410"; review of deliverlist, medium 1).
    @Test(arguments: Backend.allCases) func aRequeuedDeadLetterCarriesNoOldError(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let alerts = try s.poll("f", fresh: ["a"], alerts: true, sinks: ["hook"], at: s.hours(0))
        try s.store.markFailed(alert: alerts[0], sink: "hook", error: "HTTP 410", retryAt: nil, now: s.hours(1))
        #expect(try s.store.requeueDead(alert: nil, sink: "hook", now: s.hours(2)) == 1)
        let hook = try #require(try s.store.sinkBacklogs(deliveredSince: s.hours(0), now: s.hours(9)).first { $0.sink == "hook" })
        #expect(hook.pending == 1 && hook.failedAttempts == 0 && hook.lastError == nil && hook.lastErrorAt == nil, "\(hook)")
    }

    @Test(arguments: Backend.allCases) func eachSinksBacklogSaysWhatWaitsAndTheLatestError(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let first = try s.poll("f", fresh: ["a", "b", "c"], alerts: true, sinks: ["log", "hook"], at: s.hours(0))
        let later = try s.poll("f", fresh: ["d"], alerts: true, sinks: ["log", "hook"], at: s.hours(1))
        // hook: a fails twice, the second time last of all; b once; c and d never tried.
        try s.store.markFailed(alert: first[0], sink: "hook", error: "HTTP 500", retryAt: s.hours(0.5), now: s.hours(0.1))
        try s.store.markFailed(alert: first[1], sink: "hook", error: "HTTP 503", retryAt: s.hours(9), now: s.hours(0.2))
        try s.store.markFailed(alert: first[0], sink: "hook", error: "connection refused", retryAt: s.hours(3), now: s.hours(1.5))
        // log: a delivered before the window, b in it, c dead, d pending.
        try s.store.markDelivered(alert: first[0], sink: "log", now: s.hours(0.5))
        try s.store.markDelivered(alert: first[1], sink: "log", now: s.hours(2))
        try s.store.markFailed(alert: first[2], sink: "log", error: "gone", retryAt: nil, now: s.hours(2))

        var hook = SinkBacklog(sink: "hook")
        hook.pending = 4
        hook.oldestQueued = s.hours(0)
        hook.nextAttempt = s.hours(0)
        hook.failedAttempts = 3
        hook.tried = 2
        hook.lastError = "connection refused"
        hook.lastErrorAt = s.hours(1.5)
        var log = SinkBacklog(sink: "log")
        log.pending = 1
        log.oldestQueued = s.hours(1)
        log.nextAttempt = s.hours(1)
        log.dead = 1
        log.deliveredRecently = 1
        #expect(try s.store.sinkBacklogs(deliveredSince: s.hours(1), now: s.hours(9)) == [hook, log])
        #expect(later.count == 1)

        // Once only retries wait, the next attempt is the earliest of them; a delivered one leaves its error behind.
        try s.store.markDelivered(alert: first[2], sink: "hook", now: s.hours(2))
        try s.store.markDelivered(alert: later[0], sink: "hook", now: s.hours(2))
        try s.store.markDelivered(alert: first[0], sink: "hook", now: s.hours(3))
        let after = try #require(try s.store.sinkBacklogs(deliveredSince: s.hours(0), now: s.hours(9)).first { $0.sink == "hook" })
        #expect(after.pending == 1 && after.nextAttempt == s.hours(9) && after.failedAttempts == 1, "\(after)")
        #expect(after.lastError == "HTTP 503" && after.lastErrorAt == s.hours(0.2) && after.deliveredRecently == 3, "\(after)")
    }

    /// Deliveries a daemon's crew claimed are told apart: no other daemon sends them until the claim ends, so they
    /// are not "due now" (trial3 finding 11: ten minutes of "due now" after the claiming daemon was killed).
    @Test func claimedDeliveriesAreCountedByDaemonAndNotDue() throws {
        let s = try StoreUnderTest(.postgres)
        let shared = try #require(s.store as? PostgresStore)
        _ = try s.poll("f", fresh: ["a", "b", "c"], alerts: true, sinks: ["hook"], at: s.hours(0))
        let now = s.hours(1)
        #expect(try shared.dueDeliveries(sink: "hook", now: now, limit: 2).count == 2)
        let until = now.addingTimeInterval(shared.claimLease(for: "hook"))
        func hook(at time: Date) throws -> SinkBacklog? { try shared.sinkBacklogs(deliveredSince: s.hours(0), now: time).first { $0.sink == "hook" } }
        let held = try #require(try hook(at: now))
        #expect(held.pending == 3 && held.claims == [SinkClaim(daemon: "daemon-a", count: 2, until: until)] && held.nextAttempt == s.hours(0),
                "\(held)")
        #expect(try shared.dueDeliveries(sink: "hook", now: now, limit: 5).count == 3)
        let all = try #require(try hook(at: now))
        #expect(all.claims.map(\.count) == [3] && all.nextAttempt == nil, "\(all)")
        let ended = try #require(try hook(at: until.addingTimeInterval(1)))
        #expect(ended.claims.isEmpty && ended.nextAttempt == s.hours(0), "\(ended)")
    }

    /// A digest's deliveries stamped begun keep the first stamp (a digest sent again after a stop stays one).
    @Test(arguments: Backend.allCases) func aDigestBegunKeepsItsFirstStamp(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let alerts = try s.poll("f", fresh: ["a", "b"], alerts: true, sinks: ["digest"], at: s.hours(0))
        try s.store.markDigestBegun(alerts: alerts, sink: "digest", now: s.hours(1))
        try s.store.markDigestBegun(alerts: alerts, sink: "digest", now: s.hours(2))
        let due = try s.store.dueDeliveries(sink: "digest", now: s.hours(3), limit: 10)
        #expect(due.count == 2 && due.allSatisfy { $0.firstAttempt == s.hours(1) && $0.attempts == 0 }, "\(due)")
        // Begun and never recorded: not "not tried yet" in deliver list (review of the lead's mends, 8).
        let backlog = try #require(try s.store.sinkBacklogs(deliveredSince: s.hours(0), now: s.hours(3)).first { $0.sink == "digest" })
        #expect(backlog.begunUnrecorded == 2 && backlog.tried == 0, "\(backlog)")
    }

    @Test(arguments: Backend.allCases) func aDaemonsWordOnItsSinksReplacesItsEarlierWord(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let said = [SinkRunState(sink: "hook", daemon: "d1", running: false, reason: "env:HOOK_URL is not set", since: t0),
                    SinkRunState(sink: "log", daemon: "d1", running: true, since: t0)]
        if let shared = s.store as? PostgresStore { _ = try shared.beat(now: t0, liveFor: 30, nonce: "n") }
        try s.store.recordSinkStates(said, daemon: "d1")
        #expect(try s.store.sinkStates() == said)
        try s.store.recordSinkStates([said[1]], daemon: "d1")
        #expect(try s.store.sinkStates() == [said[1]])
    }

    /// On a shared store each daemon's word is its own; the rows of a daemon no longer in the roll call go
    /// when another says its own.
    @Test func onASharedStoreEachDaemonSaysItsOwnAndAGoneOnesWordIsDropped() throws {
        let url = try PostgresServer.shared().makeDatabase("sink_states")
        let (a, b) = (try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger),
                      try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger))
        _ = try a.beat(now: t0, liveFor: 30, nonce: "a")
        _ = try b.beat(now: t0, liveFor: 30, nonce: "b")
        let ofA = SinkRunState(sink: "hook", daemon: "daemon-a", running: true, since: t0)
        let ofB = SinkRunState(sink: "hook", daemon: "daemon-b", running: false, reason: "why", since: t0)
        try a.recordSinkStates([ofA], daemon: "daemon-a")
        try b.recordSinkStates([ofB], daemon: "daemon-b")
        #expect(try a.sinkStates() == [ofA, ofB])
        try a.leave(DaemonProcess(nonce: "a"))
        try b.recordSinkStates([ofB], daemon: "daemon-b")
        #expect(try b.sinkStates() == [ofB])
    }
}
