import Delivery
import Foundation
import Rules
import Store
import Testing
import WirewatchCore

/// The throttle is a pure decision with a named reason.
@Suite struct AlertThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theFirstAlertForAKeyIsRaisedWithTheRuleAndStoryID() {
        let verdict = AlertThrottle.decide(rule: "r", key: "story-1", window: 6 * 3600, memory: nil, now: now)
        #expect(verdict == .raise(alertID: AlertRecord.id(rule: "r", story: "story-1")))
    }

    @Test func withoutAWindowAKeyAlertsOnce() {
        let memory = ThrottleMemory(alert: "A1", raised: now.addingTimeInterval(-30 * 86400))
        let verdict = AlertThrottle.decide(rule: "r", key: "story-1", window: 0, memory: memory, now: now)
        #expect(verdict == .suppress(.alreadyAlerted(alert: "A1")))
        guard case .suppress(let reason) = verdict else { return }
        #expect(reason.name == "already-alerted")
    }

    @Test func withinTheWindowIsThrottledAndAfterItANewAlertHasANewID() {
        let memory = ThrottleMemory(alert: "A1", raised: now)
        let inside = AlertThrottle.decide(rule: "r", key: "story-1", window: 3600, memory: memory, now: now.addingTimeInterval(3599))
        #expect(inside == .suppress(.throttled(alert: "A1", until: now.addingTimeInterval(3600))))
        guard case .suppress(let reason) = inside else { return }
        #expect(reason.name == "throttled")
        #expect(reason.description.hasPrefix("throttled: alert A1 covers it until "))

        let after = AlertThrottle.decide(rule: "r", key: "story-1", window: 3600, memory: memory, now: now.addingTimeInterval(3600))
        guard case .raise(let id) = after else { Issue.record("expected a new alert, got \(after)"); return }
        #expect(id != AlertRecord.id(rule: "r", story: "story-1"))
        #expect(id == AlertRecord.id(rule: "r", story: "story-1@\(Int(now.timeIntervalSince1970) + 3600)"))
    }

    @Test func theKeyIsTheStoryTheArticleOrTheRule() {
        #expect(AlertThrottle.key(per: .story, story: "s", article: "a") == "s")
        #expect(AlertThrottle.key(per: .article, story: "s", article: "a") == "article:a")
        #expect(AlertThrottle.key(per: .rule, story: "s", article: "a") == "*")
    }
}

/// One story, one id, across feeds: the registry in a real store, inside the commit.
@Suite struct StoryRegistryTests {
    let now = OutboxFixture.start
    let fingerprint: UInt64 = 0xDEAD_BEEF_1234_5678

    func candidate(_ feed: String, fingerprint: UInt64, per: Throttle.Key = .story, window: TimeInterval = 0,
                   rule: String = "r") -> ArticleBatch {
        var record = OutboxFixture.record("provisional-\(feed)-\(fingerprint)", rule: rule, feed: feed)
        record.story = StableHash.hex64(fingerprint)
        let article = Article(key: "\(feed)-\(fingerprint)-\(UUID())", feed: FeedID(feed), title: record.article.title)
        record.article.id = article.id
        return ArticleBatch(state: FeedState(feed: FeedID(feed), url: "http://\(feed)"), items: [
            .init(article: article, alerts: [OutboxAlert(record: record, sinks: ["log"],
                                                         claim: StoryClaim(fingerprint: fingerprint, per: per.rawValue, window: window))]),
        ])
    }

    @Test func nearDuplicateFingerprintsInTwoFeedsAreOneStoryAndOneAlert() throws {
        let store = try OutboxFixture.store()
        let first = try store.commit(candidate("bbc", fingerprint: fingerprint), now: now, admission: AlertAdmission())
        // The same story re-edited elsewhere: two bits differ, in two different bands.
        let near = fingerprint ^ (1 << 3) ^ (1 << 40)
        let second = try store.commit(candidate("reuters", fingerprint: near), now: now.addingTimeInterval(60), admission: AlertAdmission())
        #expect(first.count == 1)
        #expect(second.isEmpty)
        let due = try store.dueDeliveries(sink: "log", now: now.addingTimeInterval(120), limit: 10)
        #expect(due.map(\.record.id) == [AlertRecord.id(rule: "r", story: StableHash.hex64(fingerprint))])
        #expect(due.first?.record.story == StableHash.hex64(fingerprint))
    }

    @Test func aDifferentStoryIsANewAlert() throws {
        let store = try OutboxFixture.store()
        try store.commit(candidate("bbc", fingerprint: fingerprint), now: now, admission: AlertAdmission())
        let far = fingerprint ^ 0x0F0F_0F0F_0F0F_0F0F
        #expect(try store.commit(candidate("reuters", fingerprint: far), now: now, admission: AlertAdmission()).count == 1)
    }

    @Test func storiesAreForgottenAfterTheRegistryMemory() throws {
        let store = try OutboxFixture.store()
        let admission = AlertAdmission(stories: StoryRegistry(memory: 3600))
        try store.commit(candidate("bbc", fingerprint: fingerprint, window: 60), now: now, admission: admission)
        let later = try store.commit(candidate("reuters", fingerprint: fingerprint ^ 1, window: 60), now: now.addingTimeInterval(7200),
                                     admission: admission)
        let due = try store.dueDeliveries(sink: "log", now: now.addingTimeInterval(7200), limit: 10)
        #expect(later.count == 1)
        #expect(Set(due.map(\.record.story)).count == 2)
    }

    @Test func theWindowThrottlesTheSameStoryThenLetsItAgain() throws {
        let store = try OutboxFixture.store()
        let a = AlertAdmission()
        #expect(try store.commit(candidate("bbc", fingerprint: fingerprint, window: 6 * 3600), now: now, admission: a).count == 1)
        #expect(try store.commit(candidate("ap", fingerprint: fingerprint ^ 2, window: 6 * 3600), now: now.addingTimeInterval(3600), admission: a).isEmpty)
        #expect(try store.commit(candidate("afp", fingerprint: fingerprint ^ 4, window: 6 * 3600), now: now.addingTimeInterval(7 * 3600), admission: a).count == 1)
        // Another rule is throttled on its own.
        #expect(try store.commit(candidate("ap", fingerprint: fingerprint, window: 6 * 3600, rule: "other"), now: now.addingTimeInterval(3600), admission: a).count == 1)
    }

    @Test func perArticleAndPerRuleKeys() throws {
        let store = try OutboxFixture.store()
        let a = AlertAdmission()
        let far = fingerprint ^ 0x0F0F_0F0F_0F0F_0F0F
        try store.commit(candidate("bbc", fingerprint: fingerprint, per: .rule, window: 3600), now: now, admission: a)
        #expect(try store.commit(candidate("bbc", fingerprint: far, per: .rule, window: 3600), now: now.addingTimeInterval(10), admission: a).isEmpty)
        // Per article: the same story in another article (another feed) alerts again.
        try store.commit(candidate("bbc", fingerprint: fingerprint, per: .article, rule: "p"), now: now, admission: a)
        #expect(try store.commit(candidate("ap", fingerprint: fingerprint, per: .article, rule: "p"), now: now, admission: a).count == 1)
    }

    /// Retention lets a throttle memory go; while the key's first alert is still in the outbox
    /// it stands in, so the rule is throttled as before and no second alert takes its id.
    @Test func aForgottenThrottleMemoryFallsBackToTheFirstAlert() throws {
        let store = try OutboxFixture.store()
        let a = AlertAdmission()
        let first = try store.commit(candidate("bbc", fingerprint: fingerprint, per: .rule, window: 3600), now: now, admission: a)
        var sweep = RetentionSweep(store: store, cutoffs: PruneCutoffs(throttles: now.addingTimeInterval(1)))
        while try sweep.next() != nil {}
        let far = fingerprint ^ 0x0F0F_0F0F_0F0F_0F0F
        #expect(try store.commit(candidate("ap", fingerprint: far, per: .rule, window: 3600), now: now.addingTimeInterval(60), admission: a).isEmpty)
        let later = try store.commit(candidate("ap", fingerprint: far ^ 1, per: .rule, window: 3600), now: now.addingTimeInterval(4000), admission: a)
        #expect(later.count == 1 && later != first)
    }

    /// Retention forgot both the throttle memory and the original's alert (delivered, pruned): an
    /// edit's alert must still not take the original's id, which the alert log and webhook receivers
    /// hold and would drop it as a duplicate of. Its id is the key's and the edit's, the same on a replay.
    @Test func anEditAfterRetentionForgotTheOriginalGetsItsOwnID() throws {
        let store = try OutboxFixture.store()
        let a = AlertAdmission()
        let original = candidate("bbc", fingerprint: fingerprint, per: .article)
        let first = try store.commit(original, now: now, admission: a)
        let key = "article:" + original.items[0].article.id
        #expect(first == [AlertRecord.id(rule: "r", story: key)])
        try store.markDelivered(alert: first[0], sink: "log", now: now)
        var sweep = RetentionSweep(store: store, cutoffs: PruneCutoffs(alerts: now.addingTimeInterval(1),
                                                                      throttles: now.addingTimeInterval(1)))
        while try sweep.next() != nil {}

        var edit = original
        edit.items[0].alerts[0].record.revision = 2
        let edited = try store.commit(edit, now: now.addingTimeInterval(60), admission: a)
        #expect(edited == [AlertRecord.id(rule: "r", story: key + "#edit2")])
        #expect(edited != first)
    }

    @Test func theRegistryPicksTheNearestStory() {
        let known = [KnownFingerprint(fingerprint: fingerprint ^ 0b111, story: "far", lastSeen: now),
                     KnownFingerprint(fingerprint: fingerprint ^ 0b1, story: "near", lastSeen: now),
                     KnownFingerprint(fingerprint: fingerprint ^ 0xFF, story: "other", lastSeen: now)]
        #expect(StoryRegistry.story(of: fingerprint, among: known, maxDistance: 3) == "near")
        #expect(StoryRegistry.story(of: fingerprint ^ 0xFFFF, among: known, maxDistance: 3) == nil)
    }
}
