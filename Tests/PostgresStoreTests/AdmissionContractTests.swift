import Foundation
import Store
import Testing
import WirewatchCore

/// An admission that uses everything the ledger offers: alerts join a story by a fingerprint one
/// band away or by body, and a story alerts once (`per: story`); the rest is counted as suppressed.
struct StoryOnceAdmission: OutboxAdmission {
    func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert? {
        guard let claim = candidate.claim else { return candidate }
        var alert = candidate
        let known = try ledger.fingerprints(sharingABandWith: claim.fingerprint, since: now.addingTimeInterval(-86400))
        let body = try claim.bodyFingerprint.map { try ledger.bodies(sharingABandWith: $0) } ?? []
        let story = claim.joinedStory ?? known.first?.story ?? body.first?.story ?? "story-\(candidate.record.id)"
        try ledger.remember(fingerprint: claim.fingerprint, story: story, now: now)
        if let b = claim.bodyFingerprint { try ledger.remember(body: b, feed: candidate.record.article.feed.rawValue, story: story, title: nil, now: now) }
        alert.record.story = story
        if let memory = try ledger.throttleMemory(rule: alert.record.rule, key: story),
           try ledger.alertRaised(memory.alert) != nil {
            try ledger.countSuppressed(rule: alert.record.rule, key: story)
            return nil
        }
        try ledger.rememberAlert(rule: alert.record.rule, key: story, alert: alert.record.id, now: now)
        return alert
    }
}

@Suite struct AdmissionContractTests {
    let t0 = StoreUnderTest.t0

    func item(_ key: String, fingerprint: UInt64, body: UInt64? = nil) -> ArticleBatch.Item {
        ArticleBatch.Item(article: Article(key: key, feed: FeedID("f"), title: key), alerts: [
            OutboxAlert(record: StoreUnderTest.record("alert-\(key)"), sinks: ["log"],
                        claim: StoryClaim(fingerprint: fingerprint, per: "story", window: 0, bodyFingerprint: body)),
        ])
    }

    @Test(arguments: Backend.allCases) func storyMemoryAndThrottleRunInsideTheCommit(_ backend: Backend) throws {
        let s = try StoreUnderTest(backend)
        let state = FeedState(feed: FeedID("f"), url: "http://f")
        let admission = StoryOnceAdmission()
        // Two near copies in one batch: the second sees the first's story and is throttled.
        let first = try s.store.commit(ArticleBatch(state: state, items: [item("a", fingerprint: 0xFFFF_0000_1111_2222),
                                                                           item("b", fingerprint: 0xFFFF_0000_1111_2223)]),
                                       now: t0, admission: admission)
        #expect(first == ["alert-a"])
        // A fingerprint with its high bit set survives the round trip (stored signed), and finds its story by band.
        let second = try s.store.commit(ArticleBatch(state: state, items: [item("c", fingerprint: 0x1234_0000_0000_2222),
                                                                            item("d", fingerprint: 0x0000_5678_9999_0000, body: 0x8000_0000_0000_0001)]),
                                        now: s.hours(1), admission: admission)
        #expect(second == ["alert-d"])
        // A re-headlined copy joins d's story through its body alone.
        let third = try s.store.commit(ArticleBatch(state: state, items: [item("e", fingerprint: 0x0F0F_0F0F_0F0F_0F0F, body: 0x8000_0000_0000_0001)]),
                                       now: s.hours(2), admission: admission)
        #expect(third.isEmpty)
        #expect(try s.store.dueDeliveries(sink: "log", now: s.hours(3), limit: 10).map(\.record.story) == ["story-alert-a", "story-alert-d"])
        // The alert stays a known id: committed again it is left as it is.
        #expect(try s.store.commit(ArticleBatch(state: state, items: [item("a", fingerprint: 0xFFFF_0000_1111_2222)]), now: s.hours(3)) == [])
    }
}
