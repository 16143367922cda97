import Foundation
import PostgresStore
import Store
import Synchronization
import TestSupport
import Testing
import WirewatchCore

/// Two daemons' delivery crews on one database never take the same delivery; a claim whose daemon
/// died expires, and the delivery is due again.
@Suite struct DeliveryClaimTests {
    let t0 = StoreUnderTest.t0

    func twoDaemons() throws -> (PostgresStore, PostgresStore) {
        let url = try PostgresServer.shared().makeDatabase("claims")
        return (try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger),
                try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger))
    }

    func queue(_ count: Int, in store: PostgresStore, sinks: [String] = ["hook"]) throws -> [String] {
        let items = (0..<count).map { n in
            ArticleBatch.Item(article: Article(key: "k\(n)", feed: FeedID("f"), title: "t\(n)"),
                              alerts: [OutboxAlert(record: StoreUnderTest.record(String(format: "alert-%03d", n)), sinks: sinks)])
        }
        return try store.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"), items: items), now: t0)
    }

    @Test func twoDaemonsAskingAtOnceGetDisjointDeliveries() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(60, in: a)
        let now = t0
        // From two threads at once, several rounds each, as two crews polling the outbox.
        let taken = Mutex<[[String]]>([[], []])
        let stores = [a, b]
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            var mine: [String] = []
            for _ in 0..<4 { mine += (try? stores[n].dueDeliveries(sink: "hook", now: now, limit: 10).map(\.record.id)) ?? ["failed"] }
            taken.withLock { $0[n] = mine }
        }
        let (first, second) = taken.withLock { (Set($0[0]), Set($0[1])) }
        #expect(first.isDisjoint(with: second))
        // Each daemon's own claims come back to it (its crew has not marked them): the union is what was claimed.
        #expect(first.union(second).isSubset(of: Set(queued)))
        #expect(!first.isEmpty && !second.isEmpty)
        // Whatever neither took is still there for either.
        let rest = try a.dueDeliveries(sink: "hook", now: t0, limit: 100).map(\.record.id)
        #expect(Set(rest).isDisjoint(with: second))
        #expect(Set(rest).union(second) == Set(queued))
    }

    /// A batch a pause stopped hands back what it did not start: the other daemon may take those at once,
    /// not the one that was started (still claimed), nor another sink's; no attempt is counted.
    @Test func claimsHandedBackAfterAPauseAreTheOthersToTakeAtOnce() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(3, in: a, sinks: ["hook", "chat"])
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == queued)
        #expect(try a.dueDeliveries(sink: "chat", now: t0, limit: 10).count == 3)
        // b cannot hand back a's claims; a hands back the two it did not start, and only those are b's to take.
        try b.releaseClaims(alerts: [queued[1], queued[2]], sink: "hook")
        #expect(try b.dueDeliveries(sink: "hook", now: t0, limit: 10).isEmpty)
        try a.releaseClaims(alerts: [queued[1], queued[2]], sink: "hook")
        let taken = try b.dueDeliveries(sink: "hook", now: t0, limit: 10)
        #expect(taken.map(\.record.id) == [queued[1], queued[2]])
        #expect(taken.allSatisfy { $0.attempts == 0 && $0.firstAttempt == nil })
        #expect(try b.dueDeliveries(sink: "chat", now: t0, limit: 10).isEmpty)
    }

    /// `deliver dead-letter --sink` gives up what no live daemon holds: a claimed delivery is left to its daemon
    /// (which has the sink after all) until the claim runs out.
    @Test func givingUpASinkLeavesTheDeliveriesALiveDaemonClaimed() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(3, in: a)
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 1).map(\.record.id) == [queued[0]])
        #expect(try b.deadLetterPending(sink: "hook", now: t0.addingTimeInterval(1)) == 2)
        #expect(try a.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(2), limit: 10).map(\.record.id) == [queued[0]])
        // a renewed its claim at t0 + 2: it runs out 300 s later.
        #expect(try b.deadLetterPending(sink: "hook", now: t0.addingTimeInterval(302)) == 1)
        #expect(try a.deliveryCounts() == DeliveryCounts(pending: 0, delivered: 0, dead: 3))
    }

    @Test func aClaimExpiresWhenItsDaemonNeverMarksIt() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(3, in: a)
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 2).map(\.record.id) == Array(queued.prefix(2)))
        #expect(try b.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == [queued[2]])
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(299), limit: 10).map(\.record.id) == [queued[2]])
        // a died. Past the claim lease (5 minutes by default) b takes them; b's own claim is renewed as it goes.
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(300), limit: 10).map(\.record.id) == queued)
        #expect(try a.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(301), limit: 10).isEmpty)
        // Marking clears the claim: a failed delivery is due again for anyone at its retry time.
        try b.markFailed(alert: queued[0], sink: "hook", error: "503", retryAt: t0.addingTimeInterval(400), now: t0.addingTimeInterval(301))
        try b.markDelivered(alert: queued[1], sink: "hook", now: t0.addingTimeInterval(301))
        #expect(try a.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(400), limit: 10).map(\.record.id) == [queued[0]])
    }

    /// A daemon whose claim ran out while its batch went on reports late; the delivery's new owner
    /// has delivered it meanwhile. The late failure neither queues it a third time nor dead-letters it.
    @Test func aLateFailureLeavesADeliveredDeliveryDelivered() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(2, in: a)
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == queued)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(300), limit: 10).map(\.record.id) == queued)
        for id in queued { try b.markDelivered(alert: id, sink: "hook", now: t0.addingTimeInterval(301)) }
        try a.markFailed(alert: queued[0], sink: "hook", error: "timed out", retryAt: t0.addingTimeInterval(400), now: t0.addingTimeInterval(302))
        try a.markFailed(alert: queued[1], sink: "hook", error: "gave up", retryAt: nil, now: t0.addingTimeInterval(302))
        let counts = try a.deliveryCounts()
        #expect(counts.delivered == 2 && counts.pending == 0 && counts.dead == 0)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(400), limit: 10).isEmpty)
    }

    /// As above, but the new owner failed the delivery with a retry: the late daemon's giving up
    /// must not dead-letter what the new owner will try again.
    @Test func aLateFailureLeavesAnotherDaemonsRetryPending() throws {
        let (a, b) = try twoDaemons()
        let queued = try queue(1, in: a)
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == queued)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(300), limit: 10).map(\.record.id) == queued)
        try b.markFailed(alert: queued[0], sink: "hook", error: "503", retryAt: t0.addingTimeInterval(400), now: t0.addingTimeInterval(301))
        try a.markFailed(alert: queued[0], sink: "hook", error: "gave up", retryAt: nil, now: t0.addingTimeInterval(302))
        let counts = try a.deliveryCounts()
        #expect(counts.pending == 1 && counts.dead == 0)
        // The retry is due at its time for anyone, the late daemon included.
        #expect(try a.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(400), limit: 10).map(\.record.id) == queued)
        #expect(try a.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(400), limit: 10).first?.attempts == 1)
    }

    @Test func theClaimLeaseIsSettable() throws {
        let url = try PostgresServer.shared().makeDatabase("lease")
        let a = try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger, claimLease: 30)
        let b = try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger)
        let queued = try queue(1, in: a)
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == queued)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(29), limit: 10).isEmpty)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(30), limit: 10).map(\.record.id) == queued)
    }

    /// A sink's own lease holds its claims only: a slow webhook's does not hold back the alert log's.
    @Test func aSinksOwnLeaseHoldsOnlyItsClaims() throws {
        let (a, b) = try twoDaemons()
        a.sinkClaimLeases = ["hook": 1000]
        let queued = try queue(1, in: a, sinks: ["hook", "log"])
        #expect(try a.dueDeliveries(sink: "hook", now: t0, limit: 10).map(\.record.id) == queued)
        #expect(try a.dueDeliveries(sink: "log", now: t0, limit: 10).map(\.record.id) == queued)
        // a died. Its alert-log claim runs out after the store's lease (300 s), its webhook claim after the webhook's.
        #expect(try b.dueDeliveries(sink: "log", now: t0.addingTimeInterval(300), limit: 10).map(\.record.id) == queued)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(999), limit: 10).isEmpty)
        #expect(try b.dueDeliveries(sink: "hook", now: t0.addingTimeInterval(1000), limit: 10).map(\.record.id) == queued)
    }
}
