import Foundation
import PostgresStore
import Store
import Synchronization
import TestSupport
import Testing
import WirewatchCore

/// Two daemons committing near copies of one story at the same moment raise one alert, as two
/// commits on SQLite do: the story registry and the throttle memory are read and written one
/// commit at a time across daemons.
@Suite struct AdmissionAcrossDaemonsTests {
    /// Holds each admission until the other daemon's has also begun, or until a time limit: were
    /// both commits admitted at once, both would read the ledger before either wrote to it.
    final class Meeting: @unchecked Sendable {
        private let condition = NSCondition()
        private var arrived = 0
        func arrive() {
            condition.lock()
            arrived += 1
            condition.broadcast()
            let limit = Date().addingTimeInterval(3)
            while arrived < 2, condition.wait(until: limit) {}
            condition.unlock()
        }
    }

    struct MeetingAdmission: OutboxAdmission {
        let meeting: Meeting
        func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert? {
            meeting.arrive()
            return try StoryOnceAdmission().admit(candidate, ledger: ledger, now: now)
        }
    }

    @Test func nearCopiesCommittedAtOnceByTwoDaemonsRaiseOneAlert() throws {
        let url = try PostgresServer.shared().makeDatabase("admission")
        let stores = [try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger),
                      try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger)]
        let admission = MeetingAdmission(meeting: Meeting())
        let fingerprints: [UInt64] = [0xFFFF_0000_1111_2222, 0xFFFF_0000_1111_2223]
        let created = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            let key = "copy-\(n)"
            let item = ArticleBatch.Item(article: Article(key: key, feed: FeedID("f\(n)"), title: key), alerts: [
                OutboxAlert(record: StoreUnderTest.record("alert-\(key)", feed: "f\(n)"), sinks: ["log"],
                            claim: StoryClaim(fingerprint: fingerprints[n], per: "story", window: 0)),
            ])
            let ids = (try? stores[n].commit(ArticleBatch(state: FeedState(feed: FeedID("f\(n)"), url: "http://f\(n)"), items: [item]),
                                             now: StoreUnderTest.t0, admission: admission)) ?? ["failed"]
            created.withLock { $0 += ids }
        }
        #expect(created.withLock { $0 }.count == 1)
        #expect(try stores[0].pendingDeliveries() == 1)
    }
}
